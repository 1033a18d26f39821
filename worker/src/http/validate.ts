import type { Context } from "hono";
import type { z } from "zod";
import type { ErrorDetail } from "#contract/errors";
import { ApiError } from "./api-error";

/** zod issues as API details: where and what, never the offending value itself. */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    issue: issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
  }));
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ApiError("VALIDATION_FAILED", zodDetails(result.error));
  return result.data;
}

/** Reads a JSON body of any shape; the body-limit middleware has already capped its size. */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw new ApiError("UNSUPPORTED_MEDIA_TYPE");
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("BAD_JSON");
  }
}

/**
 * Reads and validates a JSON body.
 *
 * @example
 * const input = await jsonBody(c, CreateUserSchema);
 */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseWith(schema, await readJson(c));
}

/** Validates the query string; a repeated parameter keeps its last value. */
export function query<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, Object.fromEntries(new URL(c.req.url).searchParams));
}
