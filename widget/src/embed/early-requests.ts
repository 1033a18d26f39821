import { TENANT_ID_PATTERN, embedFlowType } from "#contract/embed/flows";

/**
 * The first step needs the new flow and the tenant's branding; both requests start as soon as a
 * widget is rendered, while the app module is still downloading, instead of after it. The app
 * takes them over by URL (`takeEarly`). Options are not validated yet (zod arrives with the
 * app), so only plausible ones start requests; the app still refuses invalid options.
 * Both are simple CORS requests (a POST without a body, a GET), so no preflight comes first.
 */
export type EarlyRequests = Map<string, Promise<Response>>;

/** One config request per tenant and page, however many widgets it has; each gets a copy. */
const configs = new Map<string, Promise<Response>>();

export function startEarlyRequests(apiOrigin: string, options: Record<string, unknown>): EarlyRequests {
  const early: EarlyRequests = new Map();
  const { tenant, flow = "reset" } = options;
  if (typeof tenant !== "string" || !TENANT_ID_PATTERN.test(tenant) || typeof flow !== "string" || !Object.hasOwn(embedFlowType, flow)) return early;
  const type = embedFlowType[flow as keyof typeof embedFlowType];
  const create = `${apiOrigin}/v1/flows/${type}?tenant=${tenant}`;
  const config = `${apiOrigin}/v1/config?tenant=${tenant}`;
  const settle = (response: Promise<Response>) => {
    // A failed early request is retried by the app as a normal one; never an unhandled rejection.
    response.catch(() => {});
    return response;
  };
  const token = typeof options.token === "string" ? { headers: { authorization: `Bearer ${options.token}` } } : {};
  early.set(create, settle(fetch(create, { method: "POST", credentials: "omit", mode: "cors", ...token })));
  if (!configs.has(config)) configs.set(config, settle(fetch(config, { credentials: "omit", mode: "cors" })));
  early.set(config, settle(configs.get(config)!.then((response) => response.clone())));
  return early;
}

/** A fetch that first hands out the matching early request, once. */
export function takeEarly(early: EarlyRequests | undefined, fetcher: typeof fetch = (input, init) => fetch(input, init)) {
  return (url: string, init?: RequestInit): Promise<Response> => {
    const started = early?.get(url);
    if (!started) return fetcher(url, init);
    early!.delete(url);
    return started.catch(() => fetcher(url, init));
  };
}
