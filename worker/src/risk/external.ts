import { Webhook } from "standardwebhooks";
import { z } from "zod";
import type { PhoneProtectionPolicy } from "#contract/admin/phone-protection";
import type { Env } from "../env";
import { log } from "../http/log";

/** What Sesame tells an external fraud provider about one send. */
export interface ExternalQuery {
  tenantId: string;
  flowId: string | null;
  channel: "sms" | "voice";
  phoneNumber: string;
  numberCountry: string | null;
  ip: string | null;
  requestCountry: string | null;
}

const AnswerSchema = z.looseObject({ score: z.number().min(0).max(100) });

/**
 * Asks the tenant's external fraud provider for its score, the pattern Microsoft recommends in
 * front of External ID. The provider gets `timeoutMs`; a late, failed or malformed answer is
 * "unavailable", which the tenant's `failMode` turns into no points (open) or a block (closed).
 * Plain http is refused in production, where the provider must be reached over https. Requests
 * are signed as Standard Webhooks with WEBHOOK_SECRET when the deployment has one.
 *
 * @example
 * const answer = await askExternal(env, policy.external, query); // { score: 12 } | "unavailable"
 */
export async function askExternal(
  env: Env,
  external: NonNullable<PhoneProtectionPolicy["external"]>,
  query: ExternalQuery,
): Promise<{ score: number } | "unavailable"> {
  if (env.SESAME_ENV === "production" && !external.url.startsWith("https:")) return "unavailable";
  try {
    const body = JSON.stringify({ type: "sms.send.assess", data: query });
    const response = await fetch(external.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...signature(env, body) },
      body,
      signal: AbortSignal.timeout(external.timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return "unavailable";
    }
    const parsed = AnswerSchema.safeParse(await response.json());
    return parsed.success ? { score: Math.round(parsed.data.score) } : "unavailable";
  } catch (error) {
    log("warn", "risk.external.unavailable", { name: (error as Error)?.name });
    return "unavailable";
  }
}

/** Standard Webhooks headers over the body, or none when the deployment has no usable secret. */
function signature(env: Env, body: string): Record<string, string> {
  if (!env.WEBHOOK_SECRET) return {};
  try {
    const id = `rsk_${crypto.randomUUID()}`;
    const at = new Date();
    const signed = new Webhook(env.WEBHOOK_SECRET).sign(id, at, body);
    return { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signed };
  } catch {
    return {};
  }
}
