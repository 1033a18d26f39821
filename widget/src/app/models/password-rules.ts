import type { ErrorDetail } from "#contract/errors";
import type { FlowUi } from "#contract/flows/envelope";

/**
 * The password rules the widget can show live, and the server's verdict on the others. Length
 * and character classes are checked here as the user types (the four classes Windows and
 * Entra count); the banned list, strength, history and name rules are the server's, shown when
 * it refuses a password with their codes.
 */
export type RuleId = "length" | "maxLength" | "classes" | "match" | ServerRuleCode;
export const SERVER_RULES = ["PASSWORD_BANNED", "PASSWORD_WEAK", "PASSWORD_REUSED", "PASSWORD_CONTAINS_NAME"] as const;
export type ServerRuleCode = (typeof SERVER_RULES)[number];

/** met / unmet, or unknown for a server rule not yet checked against what is typed now. */
export type Verdict = "met" | "unmet" | "unknown";
export interface Rule {
  id: RuleId;
  verdict: Verdict;
  vars?: Record<string, number>;
}

/** The server's per-rule codes for rules the widget checks itself. */
const CLIENT_RULE_OF: Record<string, RuleId> = {
  PASSWORD_TOO_SHORT: "length",
  PASSWORD_TOO_LONG: "maxLength",
  PASSWORD_COMPLEXITY: "classes",
};

/**
 * @example
 * characterClasses("Passw0rd") // 3
 */
export function characterClasses(password: string): number {
  let lower = 0, upper = 0, digit = 0, other = 0;
  for (const char of password) {
    if (/\p{Lu}|\p{Lt}/u.test(char)) upper = 1;
    else if (/\p{L}/u.test(char)) lower = 1;
    else if (/\p{Nd}/u.test(char)) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/** The PASSWORD_* codes of a refusal: its own code and those its details name. */
export function passwordCodes(code: string | undefined, details: readonly ErrorDetail[] = []): string[] {
  const named = details.map((detail) => detail.issue ?? (detail as { code?: string }).code);
  return [code, ...named].filter((value): value is string => !!value && /^PASSWORD_[A-Z_]+$/.test(value));
}

export function evaluateRules(
  password: string,
  confirmation: string,
  policy: NonNullable<FlowUi["password"]>,
  /** Codes the server refused `rejected` with; they apply while the user has not changed it. */
  refused: { password: string; codes: readonly string[] } | null,
): Rule[] {
  const length = [...password].length;
  const stillRefused = refused !== null && refused.password === password ? refused.codes : [];
  const serverSays = (id: RuleId) => stillRefused.some((code) => CLIENT_RULE_OF[code] === id || code === id);

  const rules: Rule[] = [{ id: "length", verdict: length >= policy.minLength && !serverSays("length") ? "met" : "unmet", vars: { min: policy.minLength } }];
  if (length > policy.maxLength || serverSays("maxLength")) rules.push({ id: "maxLength", verdict: "unmet", vars: { max: policy.maxLength } });
  if (policy.requiredCharacterClasses > 0) {
    const enough = characterClasses(password) >= policy.requiredCharacterClasses && !serverSays("classes");
    rules.push({ id: "classes", verdict: enough ? "met" : "unmet", vars: { count: policy.requiredCharacterClasses } });
  }
  for (const code of SERVER_RULES) if (refused?.codes.includes(code)) rules.push({ id: code, verdict: serverSays(code) ? "unmet" : "unknown" });
  rules.push({ id: "match", verdict: password !== "" && password === confirmation ? "met" : "unmet" });
  return rules;
}
