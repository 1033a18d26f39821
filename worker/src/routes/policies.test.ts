import { beforeAll, describe, expect, it } from "vitest";
import { defaultPasswordPolicy, defaultPasswordResetPolicy } from "#contract/admin/policies";
import { call, createTenant, errorCode } from "../../test/api";

let key = "";
const reset = "/v1/tenants/policy-t/policies/passwordReset";
const password = "/v1/tenants/policy-t/policies/password";

beforeAll(async () => {
  ({ key } = await createTenant("policy-t"));
});

describe("password reset policy", () => {
  it("starts from Entra-like defaults", async () => {
    expect((await call("GET", reset, { token: key })).json).toEqual(defaultPasswordResetPolicy);
    expect((await call("GET", password, { token: key })).json).toEqual(defaultPasswordPolicy);
  });

  it("merges a patch over the stored policy", async () => {
    const answer = await call("PATCH", reset, { token: key, body: { registration: { reconfirmDays: 90 } } });
    expect(answer.status).toBe(200);
    expect(answer.json.registration).toEqual({ requireOnSignIn: true, graceDays: 14, reconfirmDays: 90 });
    expect(answer.json.authenticationMethods).toEqual(defaultPasswordResetPolicy.authenticationMethods);
  });

  const refusals: [string, unknown, string][] = [
    ["2 required, 1 allowed", { authenticationMethods: { allowed: ["email"], numberRequired: 2 } }, "POLICY_REQUIRED_EXCEEDS_ALLOWED"],
    ["duplicates do not count twice", { authenticationMethods: { allowed: ["email", "email"], numberRequired: 2 } }, "POLICY_REQUIRED_EXCEEDS_ALLOWED"],
    ["questions alone", { authenticationMethods: { allowed: ["securityQuestions"] } }, "POLICY_QUESTIONS_ALONE"],
    ["answer more than registered", { authenticationMethods: { securityQuestions: { numberToRegister: 3, numberToReset: 5 } } }, "POLICY_QUESTIONS_INCONSISTENT"],
    ["selected scope without group", { properties: { scope: "selected" } }, "POLICY_SCOPE_GROUP_REQUIRED"],
    ["selected scope, unknown group", { properties: { scope: "selected", groupId: "grp_nosuchgroup000" } }, "GROUP_NOT_FOUND"],
    ["3 methods required", { authenticationMethods: { numberRequired: 3 } }, "VALIDATION_FAILED"],
    ["reconfirm over 730 days", { registration: { reconfirmDays: 731 } }, "VALIDATION_FAILED"],
    ["questions to register out of 3-5", { authenticationMethods: { securityQuestions: { numberToRegister: 6 } } }, "VALIDATION_FAILED"],
    ["unknown method", { authenticationMethods: { allowed: ["carrierPigeon"] } }, "VALIDATION_FAILED"],
    ["unknown tab", { branding: {} }, "VALIDATION_FAILED"],
  ];

  it.each(refusals)("refuses %s and keeps the stored policy", async (_name, body, code) => {
    const before = (await call("GET", reset, { token: key })).json;
    const answer = await call("PATCH", reset, { token: key, body });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(errorCode(answer)).toBe(code);
    expect((await call("GET", reset, { token: key })).json).toEqual(before);
  });

  it("scopes to a group that exists, and that group cannot then be deleted", async () => {
    const group = await call("POST", "/v1/tenants/policy-t/groups", { token: key, body: { displayName: "SSPR pilot" } });
    const answer = await call("PATCH", reset, { token: key, body: { properties: { scope: "selected", groupId: group.json.id } } });
    expect(answer.json.properties).toEqual({ scope: "selected", groupId: group.json.id });
    expect(errorCode(await call("DELETE", `/v1/tenants/policy-t/groups/${group.json.id}`, { token: key }))).toBe("GROUP_IN_USE");
  });

  it("accepts two required methods when two are allowed", async () => {
    const answer = await call("PATCH", reset, {
      token: key,
      body: { authenticationMethods: { allowed: ["mobilePhone", "securityQuestions"], numberRequired: 2 } },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.authenticationMethods.numberRequired).toBe(2);
  });
});

describe("password policy", () => {
  it("takes a custom banned list and bounds its length and terms", async () => {
    const ok = await call("PATCH", password, { token: key, body: { minLength: 12, bannedPasswords: { customList: ["contoso", "seattle"] } } });
    expect(ok.json).toMatchObject({ minLength: 12, bannedPasswords: { enforceCustomList: true, customList: ["contoso", "seattle"] } });
    const tooMany = Array.from({ length: 1001 }, (_, i) => `term${i}`);
    expect(errorCode(await call("PATCH", password, { token: key, body: { bannedPasswords: { customList: tooMany } } }))).toBe("VALIDATION_FAILED");
    expect(errorCode(await call("PATCH", password, { token: key, body: { bannedPasswords: { customList: ["abc"] } } }))).toBe("VALIDATION_FAILED");
    expect(errorCode(await call("PATCH", password, { token: key, body: { minLength: 7 } }))).toBe("VALIDATION_FAILED");
    expect(errorCode(await call("PATCH", password, { token: key, body: { minLength: 257 } }))).toBe("VALIDATION_FAILED");
    expect(errorCode(await call("PATCH", password, { token: key, body: { minLength: 64, maxLength: 32 } }))).toBe("POLICY_PASSWORD_LENGTH_INVALID");
    expect((await call("GET", password, { token: key })).json.minLength).toBe(12);
  });

  it("accepts a full 1000-term list", async () => {
    const terms = Array.from({ length: 1000 }, (_, i) => `banned${i}`);
    const answer = await call("PATCH", password, { token: key, body: { bannedPasswords: { customList: terms } } });
    expect(answer.status).toBe(200);
    expect(answer.json.bannedPasswords.customList).toHaveLength(1000);
  });
});
