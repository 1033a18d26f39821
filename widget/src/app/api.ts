import type { PublicTenantConfig } from "#contract/admin/tenant";
import type { ErrorDetail } from "#contract/errors";
import type { FlowEnvelope, FlowType } from "#contract/flows/envelope";

/**
 * The widget's client of the public API: tenant config and the flow resource. Every answer is
 * folded into a result, so models never handle exceptions: refusals keep the registry code (and
 * the flow, when the server sends it back), failures to reach the server become NETWORK_ERROR.
 * Requests carry no cookies and nothing but what the step asked the user for.
 */
export interface ApiFailure {
  /** A registry code (contract/errors.ts), or NETWORK_ERROR when the server could not be reached. */
  code: string;
  status: number;
  /** Seconds until a throttled request may be tried again (Retry-After). */
  retryAfter?: number;
  details?: ErrorDetail[];
  /** A refused password: every rule it broke, by code (contract/password/rules.ts). */
  violations?: { code: string }[];
  /** Refusals of a step carry the flow as it now is (e.g. fewer attempts left). */
  flow?: FlowEnvelope;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };

export interface FlowApi {
  config(tenant: string): Promise<ApiResult<PublicTenantConfig>>;
  create(type: FlowType, tenant: string): Promise<ApiResult<FlowEnvelope>>;
  get(id: string): Promise<ApiResult<FlowEnvelope>>;
  submit(id: string, payload: unknown): Promise<ApiResult<FlowEnvelope>>;
  /** The same API with a Bearer token on `create`: a sign-in gate's hand-over to security info. */
  withToken(token: string): FlowApi;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const isEnvelope = (value: unknown): value is FlowEnvelope => {
  const flow = value as Partial<FlowEnvelope> | null;
  return typeof flow?.id === "string" && typeof flow.state === "string" && Array.isArray(flow.messages) && typeof flow.ui === "object";
};

/** Retry-After is seconds or an HTTP date (RFC 9110); anything else is ignored. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

async function call<T>(fetcher: Fetch, url: string, init: RequestInit, accept: (body: unknown) => body is T): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetcher(url, { credentials: "omit", mode: "cors", ...init });
  } catch {
    return { ok: false, error: { code: "NETWORK_ERROR", status: 0 } };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return accept(body) ? { ok: true, value: body } : { ok: false, error: { code: "INTERNAL", status: response.status } };

  const refusal = body as { error?: { code?: unknown; details?: ErrorDetail[]; violations?: { code: string }[] }; flow?: unknown } | undefined;
  const code = typeof refusal?.error?.code === "string" ? refusal.error.code : "INTERNAL";
  const error: ApiFailure = { code, status: response.status };
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  if (retryAfter !== undefined) error.retryAfter = retryAfter;
  if (Array.isArray(refusal?.error?.details)) error.details = refusal.error.details;
  if (Array.isArray(refusal?.error?.violations)) error.violations = refusal.error.violations.filter((v) => typeof v?.code === "string");
  if (isEnvelope(refusal?.flow)) error.flow = refusal.flow;
  return { ok: false, error };
}

/**
 * @example
 * const api = createFlowApi("https://sesame.example.com");
 * const created = await api.create("reset", "contoso");
 */
const browserFetch: Fetch = (input, init) => fetch(input, init);

/** A page with several widgets of one tenant asks for its config once (a failure is asked again). */
const configsByFetcher = new WeakMap<Fetch, Map<string, Promise<ApiResult<PublicTenantConfig>>>>();

function once(fetcher: Fetch, url: string, ask: () => Promise<ApiResult<PublicTenantConfig>>) {
  let configs = configsByFetcher.get(fetcher);
  if (!configs) configsByFetcher.set(fetcher, (configs = new Map()));
  let answer = configs.get(url);
  if (!answer) {
    configs.set(url, (answer = ask()));
    void answer.then((result) => result.ok || configs.delete(url));
  }
  return answer;
}

export function createFlowApi(origin: string, fetcher: Fetch = browserFetch, token?: string): FlowApi {
  const json = (payload: unknown): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
  const isConfig = (body: unknown): body is PublicTenantConfig => typeof (body as PublicTenantConfig | null)?.id === "string";
  const q = encodeURIComponent;
  return {
    config: (tenant) => {
      const url = `${origin}/v1/config?tenant=${q(tenant)}`;
      return once(fetcher, url, () => call(fetcher, url, {}, isConfig));
    },
    // No body and no content-type: a simple CORS request, so no preflight round trip first
    // (but for "My security info", whose token must travel in the Authorization header).
    create: (type, tenant) =>
      call(fetcher, `${origin}/v1/flows/${type}?tenant=${q(tenant)}`, { method: "POST", ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) }, isEnvelope),
    get: (id) => call(fetcher, `${origin}/v1/flows/${q(id)}`, {}, isEnvelope),
    submit: (id, payload) => call(fetcher, `${origin}/v1/flows/${q(id)}`, json(payload), isEnvelope),
    withToken: (bearer) => createFlowApi(origin, fetcher, bearer),
  };
}
