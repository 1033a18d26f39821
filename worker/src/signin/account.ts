import type { Env } from "../env";
import { keyedHash } from "../otp/code";

/**
 * The edge's side of smart lockout. Accounts are keyed by user id, or for a user name that names
 * nobody by a keyed hash of it (`unknown:<hex>`), so an unknown name locks like a known one.
 */
export const lockoutOf = (env: Env, tenantId: string, accountKey: string) =>
  env.LOCKOUT.get(env.LOCKOUT.idFromName(`${tenantId}/${accountKey}`));

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * A wrong password as the lockout remembers it: HMAC-SHA-256 under the server secret, bound to
 * tenant and account, so it is useless without the secret and cannot be matched across accounts.
 */
export async function badPasswordHash(env: Env, tenantId: string, accountKey: string, password: string): Promise<string> {
  return hex(await keyedHash(env.OTP_HMAC_SECRET, JSON.stringify(["bad-password", tenantId, accountKey, password])));
}

/** The account key of a user name that names nobody: stable, and unguessable without the secret. */
export async function unknownAccountKey(env: Env, tenantId: string, identifier: string): Promise<string> {
  return `unknown:${hex(await keyedHash(env.OTP_HMAC_SECRET, JSON.stringify(["unknown-user", tenantId, identifier.trim().toLowerCase()]))).slice(0, 32)}`;
}

/** Ends a smart lockout: what SSPR unlock, a password reset and an admin's unlock do. */
export async function clearLockout(env: Env, tenantId: string, userId: string): Promise<void> {
  await lockoutOf(env, tenantId, userId).clear();
}
