import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { BOOTSTRAP, call, createUser, errorCode } from "../api";
import { codeSentTo, startFlow, submit } from "../flows";
import { signInTenant, smsUser } from "../signin";

/**
 * Cross-tenant access with every kind of credential Sesame hands out (admin API key, site secret,
 * ID token, writeback agent key, flow id), and requests from origins a tenant did not allow.
 * Tenant B is the victim: nothing of A's opens any of it, and B is unchanged afterwards.
 */

interface Tenant {
  id: string;
  key: string;
  site: { siteKey: string; secret: string };
  origin: string;
  userId: string;
  token: string;
  agentKey: string;
}

async function tenantWithEverything(id: string, phone: string): Promise<Tenant> {
  const made = await signInTenant(id);
  const user = await smsUser(id, made.key, `owner@${id}.example`, phone);
  const flow = (await startFlow(id, made.origin, "sms_signin")).json.id;
  await submit(flow, made.origin, { phoneNumber: phone });
  const done = await submit(flow, made.origin, { action: "verify", code: await codeSentTo(phone.replace(/[^\d+]/g, "")) });
  expect(done.json.state).toBe("done");
  await call("PATCH", `/v1/tenants/${id}/policies/passwordReset`, { token: made.key, body: { onPremises: { writebackEnabled: true } } });
  const agent = await call("POST", `/v1/tenants/${id}/writeback/agents`, { token: made.key, body: { name: "dc01" } });
  expect(agent.status).toBe(201);
  return { id, key: made.key, site: made.site, origin: made.origin, userId: user.id, token: done.json.ui.token, agentKey: agent.json.key };
}

let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  a = await tenantWithEverything("iso-a", "+12015550181");
  b = await tenantWithEverything("iso-b", "+12015550182");
});

/** B as its operator sees it, for "unchanged" checks. */
async function snapshotB() {
  const paths = ["", "/apiKeys", "/users?$top=100", "/groups", `/users/${b.userId}/authentication/methods`, "/policies/passwordReset", "/policies/smsSignIn", "/policies/signIn", "/providers", "/siteKey", "/writeback"];
  const answers = await Promise.all(paths.map((p) => call("GET", `/v1/tenants/${b.id}${p}`, { token: BOOTSTRAP })));
  return JSON.stringify(answers.map((x) => x.json), (k, v) => (/^(lastUsed|lastSeen)/.test(k) ? undefined : v));
}

describe("cross-tenant access", () => {
  it("A's admin key opens no route of B (every route under /v1/tenants/:tenant), and B is unchanged", async () => {
    const before = await snapshotB();
    const routes = [...new Set(app.routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/v1/tenants/:tenant")).map((r) => `${r.method} ${r.path}`))];
    expect(routes.length).toBeGreaterThan(35);
    for (const route of routes) {
      const [method, template] = route.split(" ") as [string, string];
      const path = template.replace(":tenant", b.id).replace(/:id\b/, b.userId).replace(/:methodId\b/, "phm_x");
      const answer = await call(method, path, { token: a.key, body: method === "GET" || method === "DELETE" ? undefined : {} });
      expect(answer.status, route).toBe(404);
      expect(errorCode(answer), route).toBe("TENANT_NOT_FOUND");
    }
    expect(await snapshotB()).toBe(before);
  });

  it("A's site secret does not verify B's token, nor B's secret A's", async () => {
    expect((await call("POST", "/v1/siteverify", { body: { secret: a.site.secret, response: b.token } })).json).toMatchObject({ success: false, "error-codes": ["audience-mismatch"] });
    expect((await call("POST", "/v1/siteverify", { body: { secret: b.site.secret, response: a.token } })).json).toMatchObject({ success: false });
    // Each verifies its own.
    expect((await call("POST", "/v1/siteverify", { body: { secret: b.site.secret, response: b.token } })).json).toMatchObject({ success: true });
  });

  it("A's ID token opens no security-info flow of B", async () => {
    const answer = await call("POST", `/v1/flows/security_info?tenant=${b.id}`, { headers: { origin: b.origin, authorization: `Bearer ${a.token}` } });
    expect(errorCode(answer)).toBe("UNAUTHENTICATED");
    const own = await call("POST", `/v1/flows/security_info?tenant=${b.id}`, { headers: { origin: b.origin, authorization: `Bearer ${b.token}` } });
    expect(own.status).toBe(200);
  });

  it("A's agent key, renamed for B, does not connect B's writeback", async () => {
    const secretPart = a.agentKey.split("_").slice(2).join("_");
    for (const key of [`ak_${b.id}_${secretPart}`, a.agentKey.replace(a.id, b.id)]) {
      const answer = await call("GET", "/v1/writeback/connect", { headers: { authorization: `Bearer ${key}`, upgrade: "websocket" } });
      expect(answer.status).toBe(401);
    }
    // A's agent key is not an admin key either, for any tenant.
    expect((await call("GET", `/v1/tenants/${a.id}/users`, { token: a.agentKey })).status).toBe(401);
  });

  it("A's flow cannot be read or driven from B's origin, nor by swapping the tenant in its id", async () => {
    const flow = (await startFlow(a.id, a.origin)).json.id as string;
    expect(errorCode(await call("GET", `/v1/flows/${flow}`, { headers: { origin: b.origin } }))).toBe("ORIGIN_NOT_ALLOWED");
    expect(errorCode(await submit(flow, b.origin, { identifier: `owner@${a.id}.example` }))).toBe("ORIGIN_NOT_ALLOWED");
    const swapped = flow.replace(`${a.id}.`, `${b.id}.`);
    expect(errorCode(await call("GET", `/v1/flows/${swapped}`, { headers: { origin: b.origin } }))).toBe("FLOW_NOT_FOUND");
  });

  it("a tenant's key is refused by the operator's routes", async () => {
    expect(errorCode(await call("GET", "/v1/tenants", { token: a.key }))).toBe("FORBIDDEN");
    expect(errorCode(await call("POST", "/v1/tenants", { token: a.key, body: { id: "iso-c", displayName: "C" } }))).toBe("FORBIDDEN");
    expect(errorCode(await call("POST", "/v1/signingKeys/rotate", { token: a.key }))).toBe("FORBIDDEN");
  });

  it("a user created in B is invisible to A's key even by id", async () => {
    const user = await createUser(b.id, b.key, { userName: "hidden@iso-b.example", displayName: "Hidden" });
    expect(errorCode(await call("GET", `/v1/tenants/${a.id}/users/${user.id}`, { token: a.key }))).toBe("USER_NOT_FOUND");
  });
});

describe("foreign origins", () => {
  const evil = "https://evil.example";

  it("refuses every public route from an origin the tenant did not allow, with no CORS grant", async () => {
    const flow = (await startFlow(a.id, a.origin)).json.id as string;
    for (const [method, path] of [
      ["GET", `/v1/config?tenant=${a.id}`],
      ["POST", `/v1/flows/reset?tenant=${a.id}`],
      ["POST", `/v1/flows/sms_signin?tenant=${a.id}`],
      ["GET", `/v1/flows/${flow}`],
      ["POST", `/v1/flows/${flow}`],
    ] as const) {
      for (const origin of [evil, "null", a.origin.replace("https:", "http:"), `${a.origin}:8443`, `https://sub.${new URL(a.origin).host}`]) {
        const answer = await call(method, path, { headers: { origin }, ...(method === "POST" ? { body: {} } : {}) });
        expect(errorCode(answer), `${method} ${path} from ${origin}`).toBe("ORIGIN_NOT_ALLOWED");
        expect(answer.headers.get("access-control-allow-origin")).toBeNull();
      }
    }
  });

  it("grants a preflight only to the tenant's exact origin", async () => {
    const preflight = (origin: string) =>
      call("OPTIONS", `/v1/flows/reset?tenant=${a.id}`, { headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    expect((await preflight(evil)).headers.get("access-control-allow-origin")).toBeNull();
    expect((await preflight(a.origin)).headers.get("access-control-allow-origin")).toBe(a.origin);
  });

  it("sends no CORS headers on the admin API, even to an allowed origin", async () => {
    for (const origin of [a.origin, evil]) {
      const answer = await call("GET", `/v1/tenants/${a.id}/users`, { token: a.key, headers: { origin } });
      expect(answer.headers.get("access-control-allow-origin")).toBeNull();
      expect(answer.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });
});
