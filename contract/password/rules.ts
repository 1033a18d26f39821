import type { PasswordPolicy } from "../admin/policies";
import { BANNED_MIN_SCORE, prepareBannedTerms, scoreAgainstBanned, tenantNameTerms } from "./banned";
import { GLOBAL_BANNED_TERMS } from "./global-banned-terms";
import { canonicalPassword, codePointLength, normaliseForBanned } from "./normalise";

/**
 * One broken rule of the password policy, with a stable code from contract/errors.ts and the
 * numbers the widget needs to explain it. Never carries the password or any part of it.
 */
export type PasswordViolation =
  | { code: "PASSWORD_TOO_SHORT"; minLength: number }
  | { code: "PASSWORD_TOO_LONG"; maxLength: number }
  | { code: "PASSWORD_COMPLEXITY"; requiredClasses: number; classes: number }
  | { code: "PASSWORD_CONTAINS_NAME" }
  | { code: "PASSWORD_BANNED"; score: number; requiredScore: number }
  | { code: "PASSWORD_WEAK"; score: number; requiredScore: number; warning: string | null; suggestions: string[] }
  | { code: "PASSWORD_REUSED"; historyCount: number };

export type PasswordViolationCode = PasswordViolation["code"];

/** Name fragments shorter than this are not checked: "Al" would forbid half the alphabet. */
export const MIN_NAME_FRAGMENT = 3;

export interface PasswordRuleContext {
  policy: Pick<PasswordPolicy, "minLength" | "maxLength" | "requiredCharacterClasses" | "bannedPasswords">;
  /** The tenant's display name and/or id: they count as banned terms, as in Entra. */
  tenantName?: string | readonly string[];
  userName?: string;
  displayName?: string;
  /**
   * Banned terms already prepared with `prepareBannedTerms`; defaults to the global list plus
   * the policy's custom list (when enforced). Pass it to avoid re-normalising on every keystroke.
   */
  bannedTerms?: readonly string[];
}

/**
 * The four classes Windows and Entra count: lower case, upper case, digits, and everything else.
 * Letters without case (CJK, Arabic…) count as lower case, so users of those scripts can comply.
 *
 * @example
 * characterClasses("Passw0rd") // 3
 */
export function characterClasses(password: string): number {
  let lower = false, upper = false, digit = false, other = false;
  for (const char of password) {
    if (/\p{Lu}|\p{Lt}/u.test(char)) upper = true;
    else if (/\p{L}/u.test(char)) lower = true;
    else if (/\p{Nd}/u.test(char)) digit = true;
    else other = true;
  }
  return Number(lower) + Number(upper) + Number(digit) + Number(other);
}

/**
 * The fragments of the user's identity a password must not contain: the user name (and its part
 * before `@`) and each word of the display name, normalised like passwords.
 *
 * @example
 * nameFragments("alice.smith@contoso.com", "Alice Smith") // ["alice.smith", "alice", "smith", …]
 */
export function nameFragments(userName = "", displayName = ""): string[] {
  const local = userName.split("@")[0] ?? "";
  const parts = [local, ...local.split(/[^\p{L}\p{N}]+/u), ...displayName.split(/[^\p{L}\p{N}]+/u)];
  const fragments = parts.map(normaliseForBanned).filter((part) => codePointLength(part) >= MIN_NAME_FRAGMENT);
  return [...new Set(fragments)];
}

/** The global list plus the policy's custom list, prepared for `scoreAgainstBanned`. */
export function policyBannedTerms(policy: PasswordRuleContext["policy"]): string[] {
  const custom = policy.bannedPasswords.enforceCustomList ? policy.bannedPasswords.customList : [];
  return prepareBannedTerms([...GLOBAL_BANNED_TERMS, ...custom]);
}

/**
 * Every rule of the policy that can be checked without the server: length, character classes,
 * the user's name, and the banned list with Entra's normalisation, fuzzy match and 5-point score
 * (the tenant name counting as banned). The worker adds strength and history on top.
 *
 * @example
 * checkPasswordRules("Contoso1!", { policy, tenantName: "Contoso" })
 * // [{ code: "PASSWORD_BANNED", score: 3, requiredScore: 5 }]
 */
export function checkPasswordRules(password: string, context: PasswordRuleContext): PasswordViolation[] {
  const { policy } = context;
  const canonical = canonicalPassword(password);
  const violations: PasswordViolation[] = [];
  const length = codePointLength(canonical);
  if (length < policy.minLength) violations.push({ code: "PASSWORD_TOO_SHORT", minLength: policy.minLength });
  if (length > policy.maxLength) violations.push({ code: "PASSWORD_TOO_LONG", maxLength: policy.maxLength });

  const classes = characterClasses(canonical);
  if (classes < policy.requiredCharacterClasses) {
    violations.push({ code: "PASSWORD_COMPLEXITY", requiredClasses: policy.requiredCharacterClasses, classes });
  }

  const normal = normaliseForBanned(canonical);
  if (nameFragments(context.userName, context.displayName).some((fragment) => normal.includes(fragment))) {
    violations.push({ code: "PASSWORD_CONTAINS_NAME" });
  }

  const terms = [...(context.bannedTerms ?? policyBannedTerms(policy)), ...tenantNameTerms(context.tenantName ?? [])];
  const { score, accepted } = scoreAgainstBanned(canonical, terms);
  if (!accepted) violations.push({ code: "PASSWORD_BANNED", score, requiredScore: BANNED_MIN_SCORE });
  return violations;
}
