import { canonicalPassword } from "#contract/password/normalise";
import { timingSafeEqualText } from "../lib/crypto";
import { argon2idEncoded, argon2idVerify, type Argon2Params } from "./argon2";
import { parsePhc } from "./phc";

export { parsePhc } from "./phc";

/**
 * OWASP's first Argon2id recommendation: 19 MiB, 2 passes, 1 lane. One hash takes about 40–60 ms
 * of CPU in workerd, which a Worker on the Standard plan (30 s of CPU per request by default)
 * affords twice per password change; the Free plan's 10 ms would not, see docs/passwords-and-audit.md.
 * Raising these later is safe: stored hashes keep their own parameters and `needsRehash` tells
 * when to upgrade one at the next successful sign-in.
 */
export const PASSWORD_HASH_PARAMS: Readonly<Argon2Params> = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  hashLength: 32,
};
export const SALT_BYTES = 16;

const utf8 = (password: string) => new TextEncoder().encode(canonicalPassword(password));

/**
 * Hashes a password with Argon2id and a fresh random salt, as a PHC string that records the
 * parameters. The password is NFKC-normalised first, so it verifies however it is typed.
 *
 * @example
 * const stored = hashPassword("correct horse battery staple");
 * verifyPasswordHash(stored, "correct horse battery staple"); // true
 */
export function hashPassword(password: string, params: Argon2Params = PASSWORD_HASH_PARAMS): string {
  return argon2idEncoded(utf8(password), crypto.getRandomValues(new Uint8Array(SALT_BYTES)), params);
}

/**
 * Hashes `password` with the salt and parameters of `encoded`: equal output means the same
 * password. This is how one computation checks a password against every history entry that
 * shares a salt.
 *
 * @example
 * hashLike(history[0], candidate) === history[0] // candidate was that old password
 */
export function hashLike(encoded: string, password: string): string {
  const phc = parsePhc(encoded);
  if (!phc) throw new Error("not a PHC Argon2id hash");
  return argon2idEncoded(utf8(password), phc.salt, phc.params);
}

/**
 * Whether `password` matches a stored PHC hash (constant-time comparison inside Argon2).
 *
 * @example
 * verifyPasswordHash(stored, typed) // true or false
 */
export function verifyPasswordHash(encoded: string, password: string): boolean {
  if (!parsePhc(encoded)) return false;
  return argon2idVerify(encoded, utf8(password));
}

/**
 * Whether a stored hash was made with weaker parameters than today's, and so should be replaced
 * after the next successful verification.
 *
 * @example
 * needsRehash("$argon2id$v=19$m=4096,t=3,p=1$…") // true: below 19 MiB
 */
export function needsRehash(encoded: string, params: Argon2Params = PASSWORD_HASH_PARAMS): boolean {
  const phc = parsePhc(encoded);
  if (!phc) return true;
  return (
    phc.params.memoryCost < params.memoryCost ||
    phc.params.timeCost < params.timeCost ||
    phc.params.hashLength < params.hashLength ||
    phc.salt.length < SALT_BYTES
  );
}

/** The algorithm, parameters and salt of a PHC string: hashes with equal keys are comparable. */
export const saltKey = (encoded: string): string => encoded.slice(0, encoded.lastIndexOf("$"));

/**
 * Whether `password` is any of the hashes in `history`. Entries made with the same salt and
 * parameters cost one Argon2 computation between them, which is why the directory hashes every
 * history entry of a user with that user's one history salt. Pass `computed` to keep the hashes
 * made, keyed by `saltKey`, for reuse (the new history entry shares the salt).
 *
 * @example
 * matchesAny(["$argon2id$…", "$argon2id$…"], "Summer-Sun-17") // false
 */
export function matchesAny(history: readonly string[], password: string, computed = new Map<string, string>()): boolean {
  let found = false;
  for (const entry of history) {
    const key = saltKey(entry);
    if (!parsePhc(entry)) continue;
    let candidate = computed.get(key);
    if (candidate === undefined) {
      candidate = hashLike(entry, password);
      computed.set(key, candidate);
    }
    // No early exit: the time taken should not tell which entry matched.
    if (timingSafeEqualText(candidate, entry)) found = true;
  }
  return found;
}
