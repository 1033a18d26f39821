import type { ErrorCode, ErrorDetail } from "#contract/errors";
import type { PasswordViolation } from "#contract/password/rules";

/** What a refused step tells beside its code. */
export interface Refusal {
  details?: ErrorDetail[];
  violations?: PasswordViolation[];
  retryAfter?: number;
}

/** The outcome of one submit: the record to store, and whether the step was accepted. */
export type StepResult<R> = { ok: true; record: R } | ({ ok: false; code: ErrorCode; record: R } & Refusal);

export const accept = <R>(record: R): StepResult<R> => ({ ok: true, record });

export const refuse = <R>(record: R, code: ErrorCode, extra: Refusal = {}): StepResult<R> => ({ ok: false, code, record, ...extra });

interface SafeParser {
  safeParse(body: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * Parses a submit with the current state's schema. A body that fits another state's schema is a
 * replay or a second tab behind this one: FLOW_STATE_INVALID, not a validation error.
 */
export function parseSubmit<T>(
  schemas: Record<string, SafeParser>,
  state: string,
  body: unknown,
): { ok: true; input: T } | { ok: false; code: "FLOW_STATE_INVALID" | "VALIDATION_FAILED"; details?: ErrorDetail[] } {
  const schema = schemas[state];
  if (!schema) return { ok: false, code: "FLOW_STATE_INVALID" };
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, input: result.data as T };
  if (Object.values(schemas).some((other) => other.safeParse(body).success)) return { ok: false, code: "FLOW_STATE_INVALID" };
  const details = result.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String).join(".") || "(root)", issue: issue.message }));
  return { ok: false, code: "VALIDATION_FAILED", details };
}
