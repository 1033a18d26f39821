import { exports } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { errorRegistry } from "#contract/errors";
import { app } from "../../src/app";
import { BOOTSTRAP, call, createTenant, createUser } from "../api";

/**
 * Property-based fuzzing of every route the app registers: random and malformed paths, queries,
 * headers and bodies, with credentials of every kind. Whatever arrives, the worker never answers
 * 5xx, every refusal carries a registered error code with its registered status, and a refused
 * request changes nothing (the tenant's whole admin-visible state is compared before and after).
 */

const RUNS = 10;
const T = "fuzz";
let key = "";
let otherKey = "";
let userId = "";
let groupId = "";
let phoneId = "";
let emailId = "";
let spareKeyId = "";
const flowIds: Record<string, string> = {};

beforeAll(async () => {
  ({ key } = await createTenant(T, { allowedOrigins: ["https://fuzz.partner.example"] }));
  ({ key: otherKey } = await createTenant("fuzz-other"));
  ({ id: userId } = await createUser(T, key, { userName: "target@fz.example", displayName: "Target", emails: ["target@fz.example"] }));
  groupId = (await call("POST", `/v1/tenants/${T}/groups`, { token: key, body: { displayName: "Fuzzers" } })).json.id;
  const base = `/v1/tenants/${T}/users/${userId}/authentication`;
  phoneId = (await call("POST", `${base}/phoneMethods`, { token: key, body: { phoneNumber: "+12015550150", phoneType: "mobile" } })).json.id;
  emailId = (await call("POST", `${base}/emailMethods`, { token: key, body: { emailAddress: "alt@fz.example" } })).json.id;
  spareKeyId = (await call("POST", `/v1/tenants/${T}/apiKeys`, { token: key, body: { name: "spare" } })).json.id;
  for (const type of ["reset", "unlock", "sms_signin", "signin", "security_info"]) {
    const created = await call("POST", `/v1/flows/${type}?tenant=${T}`);
    if (created.json?.id) flowIds[type] = created.json.id;
  }
});

/** Everything an admin of the tenant (and the operator) can see; volatile timestamps left out. */
async function digest(): Promise<string> {
  const reads = [
    `/v1/tenants/${T}`,
    `/v1/tenants/${T}/users?$top=100`,
    `/v1/tenants/${T}/groups`,
    `/v1/tenants/${T}/groups/${groupId}/members`,
    `/v1/tenants/${T}/users/${userId}/authentication/methods`,
    `/v1/tenants/${T}/users/${userId}/authentication/requirements`,
    `/v1/tenants/${T}/policies/passwordReset`,
    `/v1/tenants/${T}/policies/password`,
    `/v1/tenants/${T}/policies/smsSignIn`,
    `/v1/tenants/${T}/policies/signIn`,
    `/v1/tenants/${T}/policies/securityQuestions`,
    `/v1/tenants/${T}/providers`,
    `/v1/tenants/${T}/apiKeys`,
    `/v1/tenants/${T}/siteKey`,
    `/v1/tenants/${T}/writeback`,
    "/v1/tenants?$top=100",
  ];
  const answers = await Promise.all(reads.map((path) => call("GET", path, { token: path === "/v1/tenants?$top=100" ? BOOTSTRAP : key })));
  return JSON.stringify(answers.map((a) => [a.status, a.json]), (k, v) => (/^(lastUsed|lastSeen|updated)/i.test(k) ? undefined : v));
}

const garbageId = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("", "..", "%00", "usr_missingmissing00", "grp_nope", "phm_nope", "eml_nope", "key_nope", "a".repeat(300), "fuzz-other", "%2e%2e%2f"),
);
const idFor = (param: string, method: string): fc.Arbitrary<string> => {
  if (param === "tenant") return fc.oneof({ weight: 6, arbitrary: fc.constant(T) }, fc.constant("fuzz-other"), garbageId);
  // Deleting the fixtures would leave later properties nothing to aim at; DELETE gets ids that do not exist.
  if (method === "DELETE") return fc.oneof(garbageId, fc.constant(spareKeyId));
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(userId, groupId, phoneId, emailId, ...Object.values(flowIds)) }, garbageId);
};

const token = fc.oneof(
  { weight: 6, arbitrary: fc.constant(() => key) },
  fc.constant(() => BOOTSTRAP),
  fc.constant(() => otherKey),
  fc.constant(() => `sk_${T}_${"A".repeat(43)}`),
  fc.constant(() => undefined),
  fc.string({ maxLength: 60 }).map((s) => () => s),
);

const fields = ["userName", "displayName", "emails", "roles", "groups", "locked", "accountEnabled", "passwordProfile", "phoneNumber", "phoneType",
  "emailAddress", "name", "id", "allowedOrigins", "homeCountries", "helpdesk", "branding", "enabled", "scope", "groupId", "authenticationMethods",
  "minLength", "sms", "email", "voice", "identifier", "method", "confirm", "action", "code", "password", "answers", "choice", "secret", "response",
  "token", "metrics", "description", "$filter"];
const body = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }).map((o) => JSON.stringify(o)) },
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom("", "{", "null", "[]", '{"__proto__":{"admin":true}}', `${"[".repeat(5000)}${"]".repeat(5000)}`, `{"a":"${"x".repeat(70_000)}"}`, "\u0000\uffff"),
);
const contentType = fc.constantFrom("application/json", "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", undefined);
const queryKeys = ["$top", "$skiptoken", "$search", "$filter", "tenant", "format", "activity", "limit", "hasMethods", "from", "to", "userId", "result"];
const queryString = fc.dictionary(fc.constantFrom(...queryKeys), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("-1", "0", "1000000", "fz", "csv", "NaN")), { maxKeys: 3 });
const origin = fc.constantFrom(undefined, "https://fuzz.partner.example", "https://evil.example", "null");

/**
 * The routes as the app registered them: the middlewares' "ALL" entries are not routes, and a
 * route with its own middleware (requireOperator) is listed once per handler.
 */
const routes = [...new Map(app.routes.filter((r) => r.method !== "ALL").map((r) => [`${r.method} ${r.path}`, { method: r.method, path: r.path }])).values()];

function fill(path: string, method: string): fc.Arbitrary<string> {
  const params = [...path.matchAll(/:(\w+)(\{[^}]*\}+)?/g)];
  if (params.length === 0) return fc.constant(path);
  return fc.tuple(...params.map((p) => idFor(p[1]!, method))).map((values) => {
    let i = 0;
    return path.replace(/:(\w+)(\{[^}]*\}+)?/g, () => encodeURIComponent(values[i++]!));
  });
}

describe("fuzzing every route", () => {
  it("covers every route the app registers", () => {
    // A route added without being reachable here would show up as missing from this list.
    expect(routes.length).toBeGreaterThan(50);
    for (const type of ["reset", "unlock", "sms_signin", "signin", "security_info"]) expect(routes).toContainEqual({ method: "POST", path: `/v1/flows/${type}` });
  });

  it.each(routes)("$method $path: never 5xx, always a registered code, nothing changed by a refusal", async ({ method, path }) => {
    const mutating = method !== "GET";
    await fc.assert(
      fc.asyncProperty(fill(path, method), queryString, token, body, contentType, origin, async (url, query, credential, raw, type, from) => {
        const before = mutating ? await digest() : "";
        const headers: Record<string, string> = { "cf-connecting-ip": "203.0.113.99" };
        const bearer = credential();
        if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
        if (type) headers["content-type"] = type;
        if (from) headers.origin = from;
        const search = new URLSearchParams(query).toString();
        const response = await exports.default.fetch(
          new Request(`http://sesame.test${url}${search ? `?${search}` : ""}`, { method, headers, body: method === "GET" ? undefined : raw }),
        );
        const text = await response.text();
        expect(response.status, `${method} ${url} → ${text.slice(0, 300)}`).toBeLessThan(500);
        if (response.status >= 400) {
          const code = (JSON.parse(text) as { error: { code: keyof typeof errorRegistry } }).error.code;
          expect(Object.keys(errorRegistry)).toContain(code);
          expect(errorRegistry[code].status).toBe(response.status);
          if (mutating) expect(await digest(), `${method} ${url} refused with ${code} but changed state`).toBe(before);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
