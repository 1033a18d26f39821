import { errorRegistry, type ErrorCode, type ErrorDetail } from "#contract/errors";
import type { PasswordViolation } from "#contract/password/rules";

/**
 * The one exception of the worker. Throw it from a route or middleware and `onError` answers
 * `{ error: { code, message, requestId } }` with the registry's status.
 *
 * @example
 * throw new ApiError("USER_NOT_FOUND");
 */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
    readonly violations?: PasswordViolation[],
  ) {
    super(errorRegistry[code].message);
    this.name = "ApiError";
    this.status = errorRegistry[code].status;
  }
}

/** What a Durable Object returns for an expected outcome; it throws only for bugs. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: ErrorCode };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode): { ok: false; code: ErrorCode } => ({ ok: false, code });

/** Turns a refused outcome into the matching API error. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new ApiError(result.code);
  return result.value;
}
