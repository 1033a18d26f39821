import { ProviderError } from "../types";

/**
 * A provider credential or setting from the Worker's env. Its absence is a configuration
 * error of this provider only: delivery logs the name (never a value) and tries the next one.
 */
export function required(value: string | undefined, name: string): string {
  if (!value) throw new ProviderError(`not configured: ${name} is not set`);
  return value;
}

/**
 * Refuses a provider's non-2xx answer. The error names the HTTP status and, when the provider
 * sends one, its short error code; the body itself is never kept, since some echo the message.
 */
export async function acceptedOrThrow(response: Response, codeField?: string): Promise<Response> {
  if (response.ok) return response;
  let code = "";
  if (codeField) {
    try {
      const body = (await response.json()) as Record<string, unknown>;
      const value = body[codeField];
      if (typeof value === "number" || (typeof value === "string" && /^[\w.-]{1,40}$/.test(value))) code = ` (${codeField} ${value})`;
    } catch {
      // No JSON: the status alone says enough.
    }
  } else {
    await response.body?.cancel();
  }
  throw new ProviderError(`HTTP ${response.status}${code}`);
}

/** Joins a base URL var (which may end in "/") and a path. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, "")}${path}`;
