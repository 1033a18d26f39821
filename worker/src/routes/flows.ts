import { Hono, type Context } from "hono";
import { errorRegistry, type ErrorBody } from "#contract/errors";
import { FlowIdSchema, FlowTypes, tenantOfFlowId } from "#contract/flows/envelope";
import type { AppEnv } from "../env";
import type { FlowAnswer } from "../flows/flow-object";
import type { RequestMeta } from "../flows/shared/request-meta";
import { ApiError } from "../http/api-error";
import { issuerOf } from "../http/issuer";
import { tenantCors } from "../http/tenant-cors";
import { readJson } from "../http/validate";
import { randomToken } from "../lib/crypto";
import { deviceOf } from "../audit/device";

// Hono's patterns cannot nest braces: the exact shape is FlowIdSchema's, checked in flowId().
const idPath = "/v1/flows/:id{[a-z0-9-]+\\.[A-Za-z0-9_-]+}";

function flowId(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!FlowIdSchema.safeParse(id).success) throw new ApiError("FLOW_NOT_FOUND");
  return id;
}

const ipv4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const ipv6 = /^[0-9a-f:.]{2,45}$/i;

/** Where the request came from, as far as Cloudflare tells us; anything malformed is unknown. */
export function meta(c: Context<AppEnv>): RequestMeta {
  const cf = (c.req.raw as Request & { cf?: { country?: string } }).cf;
  const ip = c.req.header("cf-connecting-ip") ?? "";
  const country = cf?.country ?? "";
  const requestId = c.var.requestId;
  return {
    ip: ipv4.test(ip) || (ip.includes(":") && ipv6.test(ip)) ? ip : null,
    country: /^[A-Z]{2}$/.test(country) && country !== "XX" && country !== "T1" ? country : null,
    device: deviceOf(c.req.header("user-agent")),
    requestId: /^[A-Za-z0-9_.:-]{1,64}$/.test(requestId) ? requestId : null,
    origin: c.req.header("origin") ?? new URL(c.req.url).origin,
    locale: c.req.header("accept-language") ?? "en",
    issuer: issuerOf(c),
  };
}

/** A Bearer token, for flows that act for a signed-in user; never logged, never stored whole. */
function bearer(c: Context<AppEnv>): string | undefined {
  return /^Bearer\s+([A-Za-z0-9_.-]{1,4096})$/i.exec(c.req.header("authorization") ?? "")?.[1];
}

const flowStub = (c: Context<AppEnv>, id: string) => c.env.FLOWS.get(c.env.FLOWS.idFromName(id));

/** Answers with the whole flow, or the refusal with the flow beside it. */
function answer(c: Context<AppEnv>, result: FlowAnswer): Response {
  if (result.ok) return c.json(result.flow);
  const body: ErrorBody & { flow?: unknown } = {
    error: {
      code: result.code,
      message: errorRegistry[result.code].message,
      requestId: c.var.requestId,
      ...(result.details ? { details: result.details } : {}),
      ...(result.violations ? { violations: result.violations } : {}),
    },
    ...(result.flow ? { flow: result.flow } : {}),
  };
  if (result.retryAfter) c.header("Retry-After", String(result.retryAfter));
  return c.json(body, errorRegistry[result.code].status as 400);
}

/**
 * The self-service flows, as resources: create with the tenant in the query, then fetch and
 * submit by id. Flow ids carry the tenant, so CORS is decided before anything runs.
 */
export const flows = new Hono<AppEnv>().use(idPath, tenantCors((c) => tenantOfFlowId(flowId(c))));

// One literal route per type: a pattern such as `:type{reset|unlock}` would also match the
// start of a flow id like `reset-co.…`.
for (const type of FlowTypes) {
  flows.use(`/v1/flows/${type}`, tenantCors((c) => c.req.query("tenant"))).post(`/v1/flows/${type}`, async (c) => {
    const id = `${c.var.tenantId}.${randomToken(18)}`;
    const token = bearer(c);
    // Only the sign-in flows can be for the console; elsewhere the parameter means nothing.
    const console = (type === "signin" || type === "sms_signin") && c.req.query("client") === "console";
    const init = { id, tenantId: c.var.tenantId, type, meta: meta(c), ...(token ? { bearer: token } : {}), ...(console ? { client: "console" as const } : {}) };
    return answer(c, await flowStub(c, id).create(init));
  });
}

flows
  .get(idPath, async (c) => answer(c, await flowStub(c, flowId(c)).get(meta(c))))
  .post(idPath, async (c) => {
    const body = await readJson(c);
    return answer(c, await flowStub(c, flowId(c)).submit(body, meta(c)));
  });
