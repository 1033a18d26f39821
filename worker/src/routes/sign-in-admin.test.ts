import { beforeAll, describe, expect, it } from "vitest";
import { call, createTenant, createUser, errorCode } from "../../test/api";

let key = "";
const T = "si-admin";
const base = `/v1/tenants/${T}`;

beforeAll(async () => {
  ({ key } = await createTenant(T, { allowedOrigins: ["https://si-admin.partner.example"] }));
});

describe("sign-in admin API", () => {
  it("creates a site key with the tenant, showing its secret once", async () => {
    const created = await call("POST", "/v1/tenants", { token: "test-bootstrap-secret-0123456789", body: { id: "si-new", displayName: "New" } });
    expect(created.json.siteKey).toMatchObject({ siteKey: expect.stringMatching(/^site_si-new_/), secret: expect.stringMatching(/^sec_si-new_/) });
    const shown = await call("GET", "/v1/tenants/si-new/siteKey", { token: created.json.apiKey.key });
    expect(shown.json.secret).toBeUndefined();
    expect(shown.json.secretHint).toBe(created.json.siteKey.secret.slice(-4));
  });

  it("reads and patches the SMS sign-in policy, scoped to a group that exists", async () => {
    expect((await call("GET", `${base}/policies/smsSignIn`, { token: key })).json).toEqual({ enabled: false, scope: "all", groupId: null });
    expect(errorCode(await call("PATCH", `${base}/policies/smsSignIn`, { token: key, body: { scope: "selected" } }))).toBe("POLICY_SCOPE_GROUP_REQUIRED");
    expect(errorCode(await call("PATCH", `${base}/policies/smsSignIn`, { token: key, body: { scope: "selected", groupId: "grp_doesnotexist00000" } }))).toBe("GROUP_NOT_FOUND");
    expect(errorCode(await call("PATCH", `${base}/policies/smsSignIn`, { token: key, body: { enabled: "yes" } }))).toBe("VALIDATION_FAILED");
    const group = (await call("POST", `${base}/groups`, { token: key, body: { displayName: "Frontline" } })).json;
    const patched = await call("PATCH", `${base}/policies/smsSignIn`, { token: key, body: { enabled: true, scope: "selected", groupId: group.id } });
    expect(patched.json).toEqual({ enabled: true, scope: "selected", groupId: group.id });
    expect(errorCode(await call("DELETE", `${base}/groups/${group.id}`, { token: key }))).toBe("GROUP_IN_USE");
  });

  it("keeps up to 20 tenant security questions with well-formed ids", async () => {
    const custom = Array.from({ length: 20 }, (_, i) => ({ id: `c-q${i}`, text: `Question number ${i}?` }));
    expect((await call("PATCH", `${base}/policies/securityQuestions`, { token: key, body: { custom } })).status).toBe(200);
    expect(errorCode(await call("PATCH", `${base}/policies/securityQuestions`, { token: key, body: { custom: [...custom, { id: "c-q20", text: "One too many?" }] } }))).toBe("VALIDATION_FAILED");
    expect(errorCode(await call("PATCH", `${base}/policies/securityQuestions`, { token: key, body: { custom: [{ id: "q-first-pet", text: "Shadowing a predefined one?" }] } }))).toBe("VALIDATION_FAILED");
    expect(errorCode(await call("PATCH", `${base}/policies/securityQuestions`, { token: key, body: { custom: [custom[0], custom[0]] } }))).toBe("VALIDATION_FAILED");
  });

  it("sets a user's per-user MFA state, Graph-style", async () => {
    const user = await createUser(T, key, { userName: "mfa@si.example", displayName: "Mfa" });
    const path = `${base}/users/${user.id}/authentication/requirements`;
    expect((await call("GET", path, { token: key })).json).toEqual({ perUserMfaState: "disabled" });
    expect((await call("PATCH", path, { token: key, body: { perUserMfaState: "enforced" } })).json).toEqual({ perUserMfaState: "enforced" });
    expect((await call("GET", path, { token: key })).json).toEqual({ perUserMfaState: "enforced" });
    expect(errorCode(await call("PATCH", path, { token: key, body: { perUserMfaState: "sometimes" } }))).toBe("VALIDATION_FAILED");
    expect(errorCode(await call("GET", `${base}/users/usr_nobody000000000000/authentication/requirements`, { token: key }))).toBe("USER_NOT_FOUND");
  });

  it("enables SMS sign-in only on a mobile number", async () => {
    const user = await createUser(T, key, { userName: "desk@si.example", displayName: "Desk" });
    const office = await call("POST", `${base}/users/${user.id}/authentication/phoneMethods`, { token: key, body: { phoneNumber: "+12015550231", phoneType: "office" } });
    const enable = (id: string) => call("POST", `${base}/users/${user.id}/authentication/phoneMethods/${id}/enableSmsSignIn`, { token: key });
    expect(errorCode(await enable(office.json.id))).toBe("METHOD_NOT_AVAILABLE");
    expect(errorCode(await enable("phm_nothing00000000000"))).toBe("METHOD_NOT_FOUND");
    const mobile = await call("POST", `${base}/users/${user.id}/authentication/phoneMethods`, { token: key, body: { phoneNumber: "+12015550232", phoneType: "mobile" } });
    expect((await enable(mobile.json.id)).status).toBe(204);
    expect((await call("POST", `${base}/users/${user.id}/authentication/phoneMethods/${mobile.json.id}/disableSmsSignIn`, { token: key })).status).toBe(204);
  });

  it("lets the widget send a Bearer token to open security info (CORS preflight)", async () => {
    const preflight = await call("OPTIONS", `/v1/flows/security_info?tenant=${T}`, {
      headers: { origin: "https://si-admin.partner.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
  });
});
