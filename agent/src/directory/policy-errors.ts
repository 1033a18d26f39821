import type { CommandOutcome, DirectoryViolation } from "#contract/writeback";

/**
 * Directory password-policy refusals, turned into Sesame's password rules (contract/errors.ts's
 * PASSWORD_* codes) with the directory's own numbers, so the user learns what to change. When a
 * directory does not say which rule, the rule is inferred from its policy; when that cannot be
 * told either, the outcome is PASSWORD_POLICY without violations (PASSWORD_DIRECTORY_POLICY).
 */
type Refused = Extract<CommandOutcome, { ok: false }>;

const policyRefusal = (violations: DirectoryViolation[]): Refused =>
  violations.length > 0 ? { ok: false, code: "PASSWORD_POLICY", violations } : { ok: false, code: "PASSWORD_POLICY" };

/** ppolicy's PasswordPolicyResponse error values (draft-behera-ldap-password-policy). */
const PPOLICY = { insufficientQuality: 5, tooShort: 6, tooYoung: 7, inHistory: 8 } as const;

/**
 * OpenLDAP ppolicy: the response control's error when the server sent one, else the diagnostic
 * text slapd uses for the same errors.
 *
 * @example
 * ppolicyRefusal(6, "Password fails quality checking policy", { minLength: 12, history: 3 })
 * // { ok: false, code: "PASSWORD_POLICY", violations: [{ code: "PASSWORD_TOO_SHORT", minLength: 12 }] }
 */
export function ppolicyRefusal(controlError: number | undefined, message: string, policy: { minLength: number | null; history: number | null }): Refused {
  const text = message.toLowerCase();
  const error =
    controlError ??
    (text.includes("too short") ? PPOLICY.tooShort
      : text.includes("too young") ? PPOLICY.tooYoung
        : text.includes("history") || text.includes("not being changed") ? PPOLICY.inHistory
          : text.includes("quality") ? PPOLICY.insufficientQuality
            : undefined);
  if (error === PPOLICY.tooYoung) return { ok: false, code: "PASSWORD_TOO_YOUNG" };
  if (error === PPOLICY.tooShort && policy.minLength !== null) return policyRefusal([{ code: "PASSWORD_TOO_SHORT", minLength: policy.minLength }]);
  if (error === PPOLICY.inHistory && policy.history !== null) return policyRefusal([{ code: "PASSWORD_REUSED", historyCount: policy.history }]);
  return policyRefusal([]);
}

/**
 * Windows' five character categories, three of which a complex password mixes: upper case,
 * lower case, digits, symbols, and letters without case.
 */
export function adCategories(password: string): number {
  const seen = new Set<string>();
  for (const char of password) {
    if (/\p{Lu}/u.test(char)) seen.add("upper");
    else if (/\p{Ll}/u.test(char)) seen.add("lower");
    else if (/\p{Nd}/u.test(char)) seen.add("digit");
    else if (/\p{L}/u.test(char)) seen.add("caseless");
    else seen.add("symbol");
  }
  return seen.size;
}

/** Windows' name rule: no sAMAccountName, no display-name token of 3+ characters, in any case. */
export function containsAdName(password: string, samAccountName: string | null, displayName: string | null): boolean {
  const lower = password.toLowerCase();
  if (samAccountName && samAccountName.length >= 3 && lower.includes(samAccountName.toLowerCase())) return true;
  const tokens = (displayName ?? "").split(/[,.\-_#\s]+/).filter((t) => t.length >= 3);
  return tokens.some((token) => lower.includes(token.toLowerCase()));
}

export interface AdPolicy {
  minLength: number | null;
  history: number | null;
  complexity: boolean | null;
}

/**
 * Active Directory answers every policy refusal of a password with one extended error, 0x52D
 * (ERROR_PASSWORD_RESTRICTION), on a constraint violation or "unwilling to perform". Samba says
 * which rule in its text; Windows does not, so the rule is inferred from the effective policy.
 * Length and complexity can be checked here; what remains is history (or minimum age, which AD
 * applies to resets only through the policy-hints control, and reports the same way).
 */
export function activeDirectoryRefusal(
  message: string,
  context: { password: string; samAccountName: string | null; displayName: string | null; policy: AdPolicy },
): Refused | null {
  if (!/\b0000052D\b/i.test(message)) return null;
  const text = message.toLowerCase();
  const { password, policy } = context;
  const length = [...password].length;
  const shortBy = /longer than (\d+) characters/.exec(text);
  if (text.includes("too short")) return policyRefusal([{ code: "PASSWORD_TOO_SHORT", minLength: Number(shortBy?.[1] ?? policy.minLength ?? length + 1) }]);
  if (text.includes("too young")) return { ok: false, code: "PASSWORD_TOO_YOUNG" };
  if (text.includes("complexity")) return policyRefusal([{ code: "PASSWORD_COMPLEXITY", requiredClasses: 3, classes: Math.min(4, adCategories(password)) }]);
  if (text.includes("already used")) return policyRefusal(policy.history !== null ? [{ code: "PASSWORD_REUSED", historyCount: policy.history }] : []);
  // Windows: no detail. Check what can be checked, in the order AD does.
  const violations: DirectoryViolation[] = [];
  if (policy.minLength !== null && length < policy.minLength) violations.push({ code: "PASSWORD_TOO_SHORT", minLength: policy.minLength });
  if (policy.complexity) {
    if (adCategories(password) < 3) violations.push({ code: "PASSWORD_COMPLEXITY", requiredClasses: 3, classes: Math.min(4, adCategories(password)) });
    if (containsAdName(password, context.samAccountName, context.displayName)) violations.push({ code: "PASSWORD_CONTAINS_NAME" });
  }
  if (violations.length === 0 && policy.history !== null && policy.history > 0) violations.push({ code: "PASSWORD_REUSED", historyCount: policy.history });
  return policyRefusal(violations);
}
