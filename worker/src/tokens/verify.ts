import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify } from "jose";
import { IdTokenClaimsSchema, type IdTokenClaims, type SiteverifyErrorCode } from "#contract/tokens";
import { directoryOf } from "../directory/stub";
import type { Env } from "../env";
import { publishedKeys } from "./keys";

export interface VerifyOptions {
  issuer: string;
  /** Accepted audiences: the tenant's site key, and for security info Sesame's own. */
  audiences: string[];
  /** The tenant the token must belong to, when the caller knows it. */
  tenantId?: string;
  /** Also refuse a token whose session has ended (a password reset since). */
  checkSession?: boolean;
  /** ms; the real clock unless a test passed a fake one through a flow. */
  now?: number;
}

export type TokenCheck = { ok: true; claims: IdTokenClaims } | { ok: false; code: Exclude<SiteverifyErrorCode, "missing-input-secret" | "invalid-input-secret" | "missing-input-response" | "bad-request" | "internal-error"> | "invalid-input-response" };

/**
 * Verifies one of our ID tokens the way a partner would with the JWKS: ES256 only (so `alg: none`
 * and HMAC tricks fail), a published `kid`, our issuer, not expired; then the claims' shape,
 * tenant and audience, and optionally that the session was not ended since.
 *
 * @example
 * const check = await verifyIdToken(env, token, { issuer, audiences: [siteKey], tenantId, checkSession: true });
 */
export async function verifyIdToken(env: Env, token: string, options: VerifyOptions): Promise<TokenCheck> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== "ES256" || typeof header.kid !== "string") return { ok: false, code: "invalid-input-response" };
    kid = header.kid;
  } catch {
    return { ok: false, code: "invalid-input-response" };
  }
  let keys = await publishedKeys(env);
  if (!keys.some((k) => k.kid === kid)) keys = await publishedKeys(env, { fresh: true });
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet({ keys }), {
      issuer: options.issuer,
      algorithms: ["ES256"],
      typ: "JWT",
      ...(options.now !== undefined ? { currentDate: new Date(options.now) } : {}),
    }));
  } catch (error) {
    return { ok: false, code: error instanceof errors.JWTExpired ? "token-expired" : "invalid-input-response" };
  }
  const parsed = IdTokenClaimsSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, code: "invalid-input-response" };
  const claims = parsed.data;
  if (options.tenantId !== undefined && claims.tid !== options.tenantId) return { ok: false, code: "audience-mismatch" };
  if (!options.audiences.includes(claims.aud)) return { ok: false, code: "audience-mismatch" };
  if (options.checkSession) {
    const epoch = await directoryOf(env, claims.tid).sessionEpoch(claims.sub);
    if (!epoch.ok || epoch.value.sessionEpoch !== claims.session_epoch) return { ok: false, code: "token-revoked" };
  }
  return { ok: true, claims };
}
