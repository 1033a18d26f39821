import { z } from "zod";
import type { Env } from "../../env";
import { log } from "../../http/log";
import { TURNSTILE_TIMEOUT_MS } from "../../limits";

/** Cloudflare's endpoint; tests and local runs point TURNSTILE_SITEVERIFY_URL at a fake. */
export const TURNSTILE_SITEVERIFY_DEFAULT = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

const SiteverifySchema = z.looseObject({
  success: z.boolean(),
  "error-codes": z.array(z.string()).default([]),
  action: z.string().optional(),
  cdata: z.string().optional(),
});

/** The action the widget renders Turnstile with; siteverify echoes it back. */
export const TURNSTILE_ACTION = "sesame-flow";

/**
 * Checks a Turnstile token server-side (siteverify). The widget renders Turnstile with the flow
 * id as `cData`, so a token earned on one flow does not pass another; siteverify itself refuses
 * a token it has seen before. Anything but a clear success (an error, a timeout, a malformed
 * answer) fails the CAPTCHA: a bot check that fails open checks nothing.
 *
 * @example
 * const passed = await verifyTurnstile(env, { secretKey, token, flowId, ip });
 */
export async function verifyTurnstile(
  env: Env,
  input: { secretKey: string; token: string; flowId: string; ip: string | null },
): Promise<boolean> {
  const form = new URLSearchParams({ secret: input.secretKey, response: input.token, idempotency_key: crypto.randomUUID() });
  if (input.ip) form.set("remoteip", input.ip);
  try {
    const response = await fetch(env.TURNSTILE_SITEVERIFY_URL ?? TURNSTILE_SITEVERIFY_DEFAULT, {
      method: "POST",
      body: form,
      signal: AbortSignal.timeout(TURNSTILE_TIMEOUT_MS),
    });
    const parsed = SiteverifySchema.safeParse(await response.json());
    if (!parsed.success) return false;
    const answer = parsed.data;
    if (!answer.success) log("info", "captcha.turnstile.refused", { errors: answer["error-codes"].slice(0, 5) });
    return answer.success && answer.action === TURNSTILE_ACTION && answer.cdata === input.flowId;
  } catch (error) {
    log("warn", "captcha.turnstile.unavailable", { name: (error as Error)?.name });
    return false;
  }
}
