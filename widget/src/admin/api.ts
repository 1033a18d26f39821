import { session, signOut } from "./session";

/** A refusal as the admin API gives it (contract/errors.ts), or NETWORK_ERROR. */
export interface ApiProblem {
  code: string;
  message: string;
  status: number;
  details?: { path: string; issue: string }[];
  /** A refused flow step carries the flow as it now is. */
  flow?: unknown;
}

export type Answer<T> = { ok: true; value: T; status: number } | { ok: false; problem: ApiProblem };

/**
 * One call to Sesame's own API (same origin: no CORS, no cookies). Admin routes get the
 * session's Bearer credential; a 401 means the console token expired or was revoked, and the
 * console goes back to its sign-in.
 *
 * @example
 * const policy = await api<PasswordResetPolicy>("GET", tenantPath("/policies/passwordReset"));
 */
export async function api<T>(method: string, path: string, body?: unknown, options: { auth?: boolean } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  const current = session.value;
  if (options.auth !== false && current) headers.authorization = `Bearer ${current.credential}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: "omit", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    return { ok: false, problem: { code: "NETWORK_ERROR", message: "Sesame could not be reached. Check the connection and try again.", status: 0 } };
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.ok) return { ok: true, value: parsed as T, status: response.status };
  const error = (parsed as { error?: ApiProblem } | null)?.error;
  const flow = (parsed as { flow?: unknown } | null)?.flow;
  if (response.status === 401 && options.auth !== false && current) signOut();
  return { ok: false, problem: { code: error?.code ?? "INTERNAL", message: error?.message ?? `HTTP ${response.status}`, status: response.status, ...(error?.details ? { details: error.details } : {}), ...(flow ? { flow } : {}) } };
}

/** A path under the signed-in tenant: `/v1/tenants/<tenant><rest>`. */
export const tenantPath = (rest: string) => `/v1/tenants/${encodeURIComponent(session.value?.tenant ?? "")}${rest}`;

/** A problem as one sentence, with the fields it names. */
export const problemText = (problem: ApiProblem) =>
  problem.details?.length ? `${problem.message} (${problem.details.map((d) => `${d.path}: ${d.issue}`).join("; ")})` : problem.message;
