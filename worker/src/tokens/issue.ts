import { SignJWT } from "jose";
import type { Amr } from "#contract/tokens";
import type { Env } from "../env";
import { randomToken } from "../lib/crypto";
import { currentSigningKey } from "./keys";

export interface IdTokenInput {
  issuer: string;
  /** The tenant's site key, or Sesame's security-info audience. */
  audience: string;
  tenantId: string;
  userId: string;
  amr: Amr[];
  /** When the user authenticated, in ms. */
  authTime: number;
  /** The sign-in flow's id. */
  sid: string;
  sessionEpoch: number;
  ttlSeconds: number;
  /** When the token is issued, in ms; the flow's time (a fake one only in tests). */
  now: number;
}

/**
 * Signs an ID token (ES256, `typ: JWT`, the current key's `kid`).
 *
 * @example
 * const token = await issueIdToken(env, { issuer, audience: siteKey, tenantId, userId, amr: ["sms"],
 *   authTime: now, sid: flowId, sessionEpoch, ttlSeconds: 300, now });
 */
export async function issueIdToken(env: Env, input: IdTokenInput): Promise<string> {
  const { kid, key } = await currentSigningKey(env);
  const iat = Math.floor(input.now / 1000);
  return new SignJWT({
    amr: input.amr,
    auth_time: Math.floor(input.authTime / 1000),
    sid: input.sid,
    tid: input.tenantId,
    session_epoch: input.sessionEpoch,
  })
    .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
    .setIssuer(input.issuer)
    .setSubject(input.userId)
    .setAudience(input.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + input.ttlSeconds)
    .setJti(randomToken(16))
    .sign(key);
}
