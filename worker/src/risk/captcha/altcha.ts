import { createChallenge, verifySolution, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/web/sha";
import { z } from "zod";
import type { Env } from "../../env";
import { CAPTCHA_TTL_SECONDS } from "../../limits";
import { keyedHash } from "../../otp/code";

/**
 * ALTCHA proof of work (protocol v2, altcha-lib): the server picks a random counter below the
 * difficulty, signs the challenge, and the browser finds the counter by hashing, about
 * difficulty ÷ 2 SHA-256 rounds. No third party, nothing to click, nothing a screen reader
 * stumbles on. Challenges are bound to one flow and expire; the flow's CaptchaClaim makes each
 * solution count once.
 */

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
const secrets = new Map<string, Promise<{ challenge: string; key: string }>>();

/** Signing keys derived from OTP_HMAC_SECRET, so a deployment needs no extra secret. */
function signingKeys(env: Env): Promise<{ challenge: string; key: string }> {
  const secret = env.OTP_HMAC_SECRET ?? "";
  let keys = secrets.get(secret);
  if (!keys) {
    keys = Promise.all([keyedHash(secret, "captcha:altcha:challenge"), keyedHash(secret, "captcha:altcha:key")]).then(([c, k]) => ({ challenge: hex(c), key: hex(k) }));
    secrets.set(secret, keys);
  }
  return keys;
}

function randomBelow(max: number): number {
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return value! % max;
}

/**
 * A challenge for one flow at a difficulty (the largest counter a solver may have to try).
 *
 * @example
 * ui.captcha = { provider: "altcha", challenge: await altchaChallenge(env, flowId, 50_000) };
 */
export async function altchaChallenge(env: Env, flowId: string, difficulty: number): Promise<Challenge> {
  const keys = await signingKeys(env);
  return createChallenge({
    algorithm: "SHA-256",
    cost: 1,
    counter: randomBelow(difficulty),
    deriveKey,
    expiresAt: Math.floor(Date.now() / 1000) + CAPTCHA_TTL_SECONDS,
    data: { flow: flowId, difficulty },
    hmacSignatureSecret: keys.challenge,
    hmacKeySignatureSecret: keys.key,
  });
}

const Hex = z.string().regex(/^[0-9a-f]{2,256}$/);
/** What the widget sends: base64 of `{ challenge, solution }`, as ALTCHA's widget submits it. */
const PayloadSchema = z.strictObject({
  challenge: z.strictObject({
    parameters: z.strictObject({
      algorithm: z.literal("SHA-256"),
      nonce: Hex,
      salt: Hex,
      cost: z.number().int().min(1).max(10),
      keyLength: z.number().int().min(16).max(64),
      keyPrefix: Hex,
      keySignature: Hex.optional(),
      expiresAt: z.number().int().positive(),
      data: z.strictObject({ flow: z.string().max(80), difficulty: z.number().int().positive() }),
    }),
    signature: Hex,
  }),
  solution: z.looseObject({ counter: z.number().int().nonnegative(), derivedKey: Hex }),
});

/** Decodes and checks a solution for this flow; the difficulty it was issued at, or null. */
export async function verifyAltcha(env: Env, flowId: string, token: string): Promise<{ difficulty: number } | null> {
  let payload: z.infer<typeof PayloadSchema>;
  try {
    const parsed = PayloadSchema.safeParse(JSON.parse(atob(token)));
    if (!parsed.success) return null;
    payload = parsed.data;
  } catch {
    return null;
  }
  if (payload.challenge.parameters.data.flow !== flowId) return null;
  const keys = await signingKeys(env);
  const result = await verifySolution({
    challenge: payload.challenge,
    solution: { counter: payload.solution.counter, derivedKey: payload.solution.derivedKey, time: 0 },
    deriveKey,
    hmacSignatureSecret: keys.challenge,
    hmacKeySignatureSecret: keys.key,
  });
  return result.verified ? { difficulty: payload.challenge.parameters.data.difficulty } : null;
}
