import type { PasswordPolicy } from "#contract/admin/policies";
import { checkPasswordRules, type PasswordViolation } from "#contract/password/rules";
import { matchesAny } from "./hash";
import { estimateStrength } from "./strength";

export interface PasswordEvaluationContext {
  policy: PasswordPolicy;
  /** The tenant's display name and id: both count as banned terms. */
  tenantName: string | readonly string[];
  userName?: string;
  displayName?: string;
  /** The user's latest password hashes (PHC), newest first; only `policy.historyCount` are read. */
  history?: readonly string[];
  /** Receives the Argon2 hashes the history check made, by `saltKey`, for the caller to reuse. */
  historyHashes?: Map<string, string>;
}

/**
 * Every rule a new password must pass, each broken one reported with its code: the pure rules
 * shared with the widget (length, classes, name, banned list with the tenant name), the zxcvbn
 * strength estimate, and history. History costs an Argon2 computation per distinct salt, so it
 * is checked only when the cheaper rules pass: a reused password that also breaks another rule
 * is refused either way.
 *
 * @example
 * const violations = evaluatePassword(typed, { policy, tenantName: ["Contoso", "contoso"], userName, history });
 * if (violations.length) return { ok: false, code: violations[0].code, violations };
 */
export function evaluatePassword(password: string, context: PasswordEvaluationContext): PasswordViolation[] {
  const { policy } = context;
  const violations = checkPasswordRules(password, context);
  if (violations.some((violation) => violation.code === "PASSWORD_TOO_LONG")) return violations;

  const names = typeof context.tenantName === "string" ? [context.tenantName] : [...context.tenantName];
  const inputs = [...names, context.userName ?? "", context.displayName ?? ""].filter(Boolean);
  const strength = estimateStrength(password, inputs);
  if (strength.score < policy.minStrengthScore) {
    const { score, warning, suggestions } = strength;
    violations.push({ code: "PASSWORD_WEAK", score, requiredScore: policy.minStrengthScore, warning, suggestions });
  }

  const history = (context.history ?? []).slice(0, policy.historyCount);
  if (violations.length === 0 && history.length > 0 && matchesAny(history, password, context.historyHashes)) {
    violations.push({ code: "PASSWORD_REUSED", historyCount: policy.historyCount });
  }
  return violations;
}
