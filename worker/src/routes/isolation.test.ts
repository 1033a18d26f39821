import { describe, expect, it } from "vitest";
import { BOOTSTRAP, call, createTenant, createUser, errorCode } from "../../test/api";

/** Every admin route, with a body where it takes one. `:user`, `:group`, `:method` are tenant B's. */
const routes: [method: string, path: string, body?: unknown][] = [
  ["GET", "/v1/tenants/:t"],
  ["PATCH", "/v1/tenants/:t", { displayName: "Owned" }],
  ["GET", "/v1/tenants/:t/apiKeys"],
  ["POST", "/v1/tenants/:t/apiKeys", { name: "stolen" }],
  ["DELETE", "/v1/tenants/:t/apiKeys/:key"],
  ["GET", "/v1/tenants/:t/users"],
  ["POST", "/v1/tenants/:t/users", { userName: "mallory", displayName: "Mallory" }],
  ["GET", "/v1/tenants/:t/users/:user"],
  ["PATCH", "/v1/tenants/:t/users/:user", { displayName: "Owned" }],
  ["DELETE", "/v1/tenants/:t/users/:user"],
  ["GET", "/v1/tenants/:t/groups"],
  ["POST", "/v1/tenants/:t/groups", { displayName: "Owned" }],
  ["GET", "/v1/tenants/:t/groups/:group"],
  ["PATCH", "/v1/tenants/:t/groups/:group", { displayName: "Owned" }],
  ["DELETE", "/v1/tenants/:t/groups/:group"],
  ["GET", "/v1/tenants/:t/groups/:group/members"],
  ["GET", "/v1/tenants/:t/users/:user/authentication/methods"],
  ["POST", "/v1/tenants/:t/users/:user/authentication/phoneMethods", { phoneNumber: "+14255550100", phoneType: "office" }],
  ["DELETE", "/v1/tenants/:t/users/:user/authentication/phoneMethods/:method"],
  ["POST", "/v1/tenants/:t/users/:user/authentication/emailMethods", { emailAddress: "m@evil.example" }],
  ["DELETE", "/v1/tenants/:t/users/:user/authentication/emailMethods/:method"],
  ["GET", "/v1/tenants/:t/policies/passwordReset"],
  ["PATCH", "/v1/tenants/:t/policies/passwordReset", { properties: { scope: "none" } }],
  ["GET", "/v1/tenants/:t/policies/password"],
  ["PATCH", "/v1/tenants/:t/policies/password", { minLength: 20 }],
];

describe("tenant isolation", () => {
  it("answers tenant A's key with 404 on every route of tenant B, and B is unchanged", async () => {
    const a = await createTenant("tenant-a");
    const b = await createTenant("tenant-b");
    const user = await createUser("tenant-b", b.key, { userName: "bob@b.example", displayName: "Bob" });
    const group = await call("POST", "/v1/tenants/tenant-b/groups", { token: b.key, body: { displayName: "Staff" } });
    const method = await call("POST", `/v1/tenants/tenant-b/users/${user.id}/authentication/phoneMethods`, {
      token: b.key,
      body: { phoneNumber: "+14255550123", phoneType: "mobile" },
    });
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(
          ["", "/apiKeys", "/users", "/groups", `/users/${user.id}/authentication/methods`, "/policies/passwordReset", "/policies/password"].map(
            async (suffix) => (await call("GET", `/v1/tenants/tenant-b${suffix}`, { token: BOOTSTRAP })).json,
          ),
        ),
      );
    const before = await snapshot();

    for (const [verb, template, body] of routes) {
      const path = template
        .replace(":t", "tenant-b")
        .replace(":user", user.id)
        .replace(":group", group.json.id)
        .replace(":method", method.json.id)
        .replace(":key", b.keyId);
      const answer = await call(verb, path, { token: a.key, body });
      expect([403, 404], `${verb} ${template}`).toContain(answer.status);
      expect(errorCode(answer), `${verb} ${template}`).toBe("TENANT_NOT_FOUND");
    }
    expect(await snapshot()).toBe(before);
    // A's key still works on A, and B's own key on B.
    expect((await call("GET", "/v1/tenants/tenant-a", { token: a.key })).status).toBe(200);
    expect((await call("GET", "/v1/tenants/tenant-b", { token: b.key })).status).toBe(200);
  });

  it("gives a key for a tenant that does not exist the same answer", async () => {
    const a = await createTenant("tenant-c");
    const answer = await call("GET", "/v1/tenants/no-such-tenant/users", { token: a.key });
    expect(answer.status).toBe(404);
    expect(errorCode(answer)).toBe("TENANT_NOT_FOUND");
  });
});
