import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { errorRegistry, type ErrorBody, type ErrorCode } from "#contract/errors";
import type { AppEnv } from "../env";
import { ApiError } from "./api-error";
import { log } from "./log";

export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      requestId: c.get("requestId") ?? "",
      ...(error.details ? { details: error.details } : {}),
      ...(error.violations ? { violations: error.violations } : {}),
    },
  };
  return c.json(body, error.status as 400, error.headers);
}

/** The app's one error handler: expected errors answer with their code, anything else is a 500. */
export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof HTTPException) {
    const code: ErrorCode = err.status === 413 ? "BODY_TOO_LARGE" : err.status === 404 ? "NOT_FOUND" : "VALIDATION_FAILED";
    return errorResponse(c, new ApiError(code));
  }
  // Only the error's name and stack: messages of foreign errors may quote input.
  log("error", "unhandled error", { requestId: c.get("requestId"), name: err.name, stack: err.stack });
  return errorResponse(c, new ApiError("INTERNAL"));
}

export function notFound(c: Context<AppEnv>): Response {
  return errorResponse(c, new ApiError("NOT_FOUND"));
}

export const statusOf = (code: ErrorCode): number => errorRegistry[code].status;
