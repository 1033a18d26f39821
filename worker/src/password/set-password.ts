import type { ErrorCode } from "#contract/errors";
import type { PasswordViolation } from "#contract/password/rules";
import type { PasswordChange, PasswordWrite } from "../directory/passwords";
import { directoryOf } from "../directory/stub";
import type { Env } from "../env";
import { ApiError, fail, ok, type Result } from "../http/api-error";
import { evaluatePassword } from "./evaluate";
import { hashLike, hashPassword, needsRehash, PASSWORD_HASH_PARAMS, saltKey, verifyPasswordHash } from "./hash";

/** A refused password comes back with every rule it broke; `code` is the first of them. */
export type PasswordResult<T> = Result<T> | { ok: false; code: ErrorCode; violations: PasswordViolation[] };

export interface SetPasswordOptions {
  /** Judge the password against the tenant's policy (default). Off only for trusted imports. */
  enforcePolicy?: boolean;
  forceChangePasswordNextSignIn?: boolean;
  /**
   * Runs after the password is judged and hashed, before it is stored: password writeback for
   * hybrid tenants. A refusal stores nothing, so neither side keeps a half-made change.
   */
  beforeCommit?: () => Promise<{ ok: true } | { ok: false; code: ErrorCode; violations?: PasswordViolation[] }>;
}

/** How often a change computed against a stale state is judged again before giving up. */
const MAX_ATTEMPTS = 3;

const refused = (violations: PasswordViolation[]) => ({ ok: false as const, code: violations[0]!.code, violations });

/** The hashes to store for `password`: a fresh-salted credential, and a history entry. */
function hashesFor(
  password: string,
  history: readonly string[],
  keepHistory: boolean,
  forceChange: boolean,
  computed = new Map<string, string>(),
): PasswordWrite {
  const newest = history[0];
  // Every history entry of a user shares one salt, so checking a password against all of them
  // costs one Argon2 computation, and the new entry reuses it; a new salt is drawn only when
  // the parameters were upgraded.
  let historyEntry: string | null = null;
  if (keepHistory) {
    historyEntry = newest && !needsRehash(newest) ? (computed.get(saltKey(newest)) ?? hashLike(newest, password)) : hashPassword(password);
  }
  return { hash: hashPassword(password), historyEntry, forceChange };
}

/**
 * Sets a user's password: judges it against the policy (length, classes, name, banned list with
 * the tenant name, strength, history), hashes it with Argon2id here at the edge, and stores hash,
 * history and a new session epoch (which ends every session) in one directory transaction. A
 * refused password changes nothing.
 *
 * @example
 * const result = await setPassword(env, "contoso", userId, typed);
 * if (!result.ok && "violations" in result) showEach(result.violations);
 */
export async function setPassword(
  env: Env,
  tenantId: string,
  userId: string,
  password: string,
  options: SetPasswordOptions = {},
): Promise<PasswordResult<PasswordChange>> {
  const directory = directoryOf(env, tenantId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const context = await directory.passwordContext(userId);
    if (!context.ok) return context;
    const { policy, tenantName, userName, displayName, history, version } = context.value;
    const historyHashes = new Map<string, string>();
    if (options.enforcePolicy !== false) {
      const violations = evaluatePassword(password, {
        policy,
        tenantName,
        userName: userName ?? undefined,
        displayName: displayName ?? undefined,
        history,
        historyHashes,
      });
      if (violations.length > 0) return refused(violations);
    }
    const forceChange = options.forceChangePasswordNextSignIn ?? false;
    const write = hashesFor(password, history, policy.historyCount > 0, forceChange, historyHashes);
    if (options.beforeCommit && attempt === 0) {
      const allowed = await options.beforeCommit();
      if (!allowed.ok) return allowed.violations?.length ? refused(allowed.violations) : fail(allowed.code);
    }
    const committed = await directory.commitPassword(userId, { ...write, expectedVersion: version });
    if (committed.ok || committed.code !== "CONFLICT") return committed;
  }
  return fail("CONFLICT");
}

/**
 * Judges and hashes the initial password of a user not created yet (Graph's `passwordProfile`),
 * for `TenantDirectory.createUser(input, write)`.
 *
 * @example
 * const write = await initialPassword(env, tenant, { userName, displayName }, profile);
 * if (write.ok) await directory.createUser(rest, write.value);
 */
export async function initialPassword(
  env: Env,
  tenantId: string,
  user: { userName: string; displayName: string },
  profile: { password: string; forceChangePasswordNextSignIn: boolean },
): Promise<PasswordResult<PasswordWrite>> {
  const context = await directoryOf(env, tenantId).passwordContext(null);
  if (!context.ok) return context;
  const { policy, tenantName } = context.value;
  const violations = evaluatePassword(profile.password, { policy, tenantName, ...user });
  if (violations.length > 0) return refused(violations);
  return ok(hashesFor(profile.password, [], policy.historyCount > 0, profile.forceChangePasswordNextSignIn));
}

// Verifying for a user without a password costs the same as for one with: answers must not
// tell which users exist or have a password. Made once per isolate, of a random password.
let decoy: string | undefined;

/**
 * Checks a password for sign-in at the edge, and quietly upgrades a hash made with weaker
 * parameters than today's. Unknown users and users without a password cost one Argon2
 * computation too, and answer `match: false` like a wrong password.
 *
 * @example
 * const { match, forceChangePasswordNextSignIn } = unwrap(await verifyPassword(env, tenant, userId, typed));
 */
export async function verifyPassword(
  env: Env,
  tenantId: string,
  userId: string,
  password: string,
): Promise<Result<{ match: boolean; forceChangePasswordNextSignIn: boolean }>> {
  const directory = directoryOf(env, tenantId);
  const credential = await directory.passwordCredential(userId);
  const stored = credential.ok ? credential.value.hash : null;
  if (stored === null) {
    decoy ??= hashPassword(crypto.randomUUID());
    verifyPasswordHash(decoy, password);
    if (!credential.ok && credential.code === "TENANT_NOT_FOUND") return credential;
    return ok({ match: false, forceChangePasswordNextSignIn: false });
  }
  const match = verifyPasswordHash(stored, password);
  if (match && needsRehash(stored, PASSWORD_HASH_PARAMS)) {
    await directory.upgradePasswordHash(userId, stored, hashPassword(password));
  }
  return ok({ match, forceChangePasswordNextSignIn: match && credential.ok && credential.value.forceChangePasswordNextSignIn });
}

/**
 * Turns a refused password into the API error: the first broken rule's code, and every rule in
 * `violations`, so a client can show them all.
 *
 * @example
 * const write = unwrapPassword(await initialPassword(env, tenant, user, profile));
 */
export function unwrapPassword<T>(result: PasswordResult<T>): T {
  if (result.ok) return result.value;
  throw new ApiError(result.code, undefined, undefined, "violations" in result ? result.violations : undefined);
}
