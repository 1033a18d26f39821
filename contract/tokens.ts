import { z } from "zod";

/**
 * Sesame's signed ID tokens and the siteverify API. A token is an ES256 JWT; partners verify it
 * with the keys at `/.well-known/jwks.json`, or send it to `POST /v1/siteverify` with their site
 * secret, as with Cloudflare Turnstile.
 */

/** RFC 8176 authentication method references, plus `email` (RFC 8176 has none for email codes). */
// "swk": proof of a software-secured key (RFC 8176), the browser extension's signed approval.
export const AmrValues = ["pwd", "mfa", "sms", "tel", "otp", "email", "swk"] as const;
export type Amr = (typeof AmrValues)[number];

/**
 * Audience of console tokens, after the issuer: a sign-in flow started for the admin console
 * (`?client=console`) signs its token for `<issuer>/admin`, so no partner's siteverify accepts
 * it and no partner's token opens the console.
 */
export const CONSOLE_AUDIENCE_PATH = "/admin";

/** Audience of the tokens that open "My security info" from an interrupted sign-in, after the issuer. */
export const SECURITY_INFO_AUDIENCE_PATH = "/security-info";

export const IdTokenClaimsSchema = z.object({
  iss: z.string(),
  /** The user's id in the tenant's directory. */
  sub: z.string(),
  /** The tenant's site key (or Sesame's own security-info audience). */
  aud: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
  auth_time: z.number().int(),
  jti: z.string(),
  /** The sign-in flow that issued it. */
  sid: z.string(),
  /** The tenant id. */
  tid: z.string(),
  amr: z.array(z.enum(AmrValues)).min(1),
  /** The user's session epoch when signed: a password reset ends the session, and siteverify says so. */
  session_epoch: z.number().int().nonnegative(),
});
export type IdTokenClaims = z.infer<typeof IdTokenClaimsSchema>;

/** Turnstile's field names (`response`), or the plainer `token`; form-encoded or JSON. */
export const SiteverifyRequestSchema = z.object({
  secret: z.string().max(200).optional(),
  token: z.string().max(4096).optional(),
  response: z.string().max(4096).optional(),
});

/** Turnstile's error codes where they fit, and three of ours. */
export const SiteverifyErrorCodes = [
  "missing-input-secret",
  "invalid-input-secret",
  "missing-input-response",
  "invalid-input-response",
  "token-expired",
  "audience-mismatch",
  "token-revoked",
  "bad-request",
  "internal-error",
] as const;
export type SiteverifyErrorCode = (typeof SiteverifyErrorCodes)[number];

export type SiteverifyResponse =
  | { success: true; "error-codes": []; claims: IdTokenClaims }
  | { success: false; "error-codes": SiteverifyErrorCode[] };

/** The tenant's site key (public, the tokens' `aud`) and, when just made, its secret (shown once). */
export interface SiteKeyInfo {
  siteKey: string;
  /** The secret's last four characters, to tell secrets apart. */
  secretHint: string;
  createdAt: string;
  secretRotatedAt: string;
}
export interface SiteKeyCreated extends SiteKeyInfo {
  secret: string;
}
