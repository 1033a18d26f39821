import type { ErrorDetail } from "#contract/errors";
import type { FlowUi } from "#contract/flows/envelope";
import { checkPasswordRules } from "#contract/password/rules";

/**
 * The password rules the widget shows live, and the server's verdict on the rest. Length,
 * character classes and the banned list (the global list and the tenant's name, with Entra's
 * normalisation, fuzzy match and 5-point score) are checked here with the same code the worker
 * runs (contract/password); the tenant's custom list, strength, history and the user's name
 * are the server's, shown when it refuses a password with their codes.
 */
export type RuleId = "length" | "maxLength" | "classes" | "match" | "PASSWORD_BANNED" | ServerRuleCode;
export const SERVER_RULES = ["PASSWORD_WEAK", "PASSWORD_REUSED", "PASSWORD_CONTAINS_NAME"] as const;
export type ServerRuleCode = (typeof SERVER_RULES)[number];

/** met / unmet, or unknown for a rule that cannot be judged yet (the server's, or too short to tell). */
export type Verdict = "met" | "unmet" | "unknown";
export interface Rule {
  id: RuleId;
  verdict: Verdict;
  vars?: Record<string, number>;
}

export type PasswordPolicyUi = NonNullable<FlowUi["password"]>;

/** Each rule the widget shows, keyed by the server's per-rule code for it. */
const RULE_OF: Record<string, RuleId> = {
  PASSWORD_TOO_SHORT: "length",
  PASSWORD_TOO_LONG: "maxLength",
  PASSWORD_COMPLEXITY: "classes",
  PASSWORD_BANNED: "PASSWORD_BANNED",
};

/** The PASSWORD_* codes of a refusal: its own code, its violations and those its details name. */
export function passwordCodes(code: string | undefined, details: readonly ErrorDetail[] = [], violations: readonly { code: string }[] = []): string[] {
  const named = [...violations.map((violation) => violation.code), ...details.map((detail) => detail.issue ?? (detail as { code?: string }).code)];
  return [...new Set([code, ...named])].filter((value): value is string => !!value && /^PASSWORD_[A-Z_]+$/.test(value));
}

/** The rules broken as far as the browser can tell, as the server's codes. */
export function clientViolations(password: string, policy: PasswordPolicyUi, tenantName: string | undefined, bannedTerms: readonly string[]): Set<string> {
  const violations = checkPasswordRules(password, {
    // The tenant's custom banned list is not public; the server checks it.
    policy: { ...policy, bannedPasswords: { enforceCustomList: false, customList: [] } },
    bannedTerms,
    ...(tenantName ? { tenantName } : {}),
  });
  return new Set(violations.map((violation) => violation.code));
}

export function evaluateRules(
  password: string,
  confirmation: string,
  policy: PasswordPolicyUi,
  broken: Set<string>,
  /** Codes the server refused `password` with; they apply while the user has not changed it. */
  refused: { password: string; codes: readonly string[] } | null,
): Rule[] {
  const serverSaid = new Set(refused !== null && refused.password === password ? refused.codes.map((code) => RULE_OF[code] ?? code) : []);
  const verdict = (id: RuleId, code: string) => (broken.has(code) || serverSaid.has(id) ? "unmet" : "met");

  const rules: Rule[] = [{ id: "length", verdict: verdict("length", "PASSWORD_TOO_SHORT"), vars: { min: policy.minLength } }];
  if (broken.has("PASSWORD_TOO_LONG") || serverSaid.has("maxLength")) rules.push({ id: "maxLength", verdict: "unmet", vars: { max: policy.maxLength } });
  if (policy.requiredCharacterClasses > 0) {
    rules.push({ id: "classes", verdict: verdict("classes", "PASSWORD_COMPLEXITY"), vars: { count: policy.requiredCharacterClasses } });
  }
  // Too short to judge: every short password scores under 5 points, which says nothing useful.
  rules.push({ id: "PASSWORD_BANNED", verdict: rules[0]!.verdict === "met" ? verdict("PASSWORD_BANNED", "PASSWORD_BANNED") : "unknown" });
  for (const code of SERVER_RULES) if (refused?.codes.includes(code)) rules.push({ id: code, verdict: serverSaid.has(code) ? "unmet" : "unknown" });
  rules.push({ id: "match", verdict: password !== "" && password === confirmation ? "met" : "unmet" });
  return rules;
}
