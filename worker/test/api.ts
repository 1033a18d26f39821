import { exports } from "cloudflare:workers";
import type { ErrorBody } from "#contract/errors";

/** The operator secret the test config binds (vitest.config.ts). */
export const BOOTSTRAP = "test-bootstrap-secret-0123456789";

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, instead of `body` as JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  json: T;
}

/** One request to the real worker, through its default export, as a client would make it. */
export async function call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await exports.default.fetch(new Request(`http://sesame.test${path}`, { method, headers, body }));
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

export function errorCode(answer: Answer): string | undefined {
  return (answer.json as ErrorBody | null)?.error?.code;
}

/** Creates a tenant through the operator API and returns it with its first admin key. */
export async function createTenant(id: string, extra: Record<string, unknown> = {}) {
  const answer = await call("POST", "/v1/tenants", {
    token: BOOTSTRAP,
    body: { id, displayName: `Tenant ${id}`, ...extra },
  });
  if (answer.status !== 201) throw new Error(`tenant ${id} not created: ${JSON.stringify(answer.json)}`);
  return {
    tenant: answer.json.tenant,
    key: answer.json.apiKey.key as string,
    keyId: answer.json.apiKey.id as string,
    site: answer.json.siteKey as { siteKey: string; secret: string },
  };
}

export async function createUser(tenant: string, key: string, body: Record<string, unknown>) {
  const answer = await call("POST", `/v1/tenants/${tenant}/users`, { token: key, body });
  if (answer.status !== 201) throw new Error(`user not created: ${JSON.stringify(answer.json)}`);
  return answer.json as { id: string; userName: string };
}
