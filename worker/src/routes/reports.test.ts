import { beforeEach, describe, expect, it } from "vitest";
import type { AuditEventInput } from "#contract/audit";
import type { RegistrationDetails, RegistrationReport } from "#contract/admin/reports";
import { call, createTenant, createUser, errorCode } from "../../test/api";
import { minutesAgo, writeEvents } from "../../test/audit";

let tenant = "";
let key = "";

beforeEach(async () => {
  tenant = `reports-${crypto.randomUUID().slice(0, 8)}`;
  key = (await createTenant(tenant)).key;
});

describe("GET /reports/registration", () => {
  const ids: Record<string, string> = {};

  async function seed() {
    const add = async (name: string, extra: Record<string, unknown>, phones: string[], email: boolean) => {
      const user = await createUser(tenant, key, { userName: `${name}@contoso.example`, displayName: name, ...extra });
      ids[name] = user.id;
      for (const phoneType of phones) {
        const phone = await call("POST", `/v1/tenants/${tenant}/users/${user.id}/authentication/phoneMethods`, {
          token: key,
          body: { phoneNumber: "+14255550123", phoneType },
        });
        expect(phone.status).toBe(201);
      }
      if (email) {
        await call("POST", `/v1/tenants/${tenant}/users/${user.id}/authentication/emailMethods`, {
          token: key,
          body: { emailAddress: `${name}.home@example.com` },
        });
      }
    };
    await add("alice", {}, ["mobile"], true);
    await add("bob", {}, ["mobile"], false);
    await add("carol", { roles: ["user", "admin"] }, ["mobile"], true);
    await add("dave", {}, [], false);
    await add("erin", { roles: ["admin"] }, ["mobile"], false);
    await add("frank", { accountEnabled: false }, [], true);
    await add("grace", {}, ["alternateMobile", "office"], false);
  }

  const report = (query = "") => call<RegistrationReport>("GET", `/v1/tenants/${tenant}/reports/registration${query}`, { token: key });
  const byName = (rows: RegistrationDetails[]) => Object.fromEntries(rows.map((row) => [row.displayName, row]));

  it("shows who registered what, who can reset, and who has nothing", async () => {
    await seed();
    const answer = await report();
    expect(answer.status).toBe(200);
    const rows = byName(answer.json.value);
    expect(rows.alice).toMatchObject({ methodsRegistered: ["email", "mobilePhone"], isSsprRegistered: true, isSsprCapable: true });
    expect(rows.bob).toMatchObject({ methodsRegistered: ["mobilePhone"], isSsprRegistered: true });
    // Admins need two methods.
    expect(rows.carol).toMatchObject({ isAdmin: true, isSsprRegistered: true });
    expect(rows.erin).toMatchObject({ isAdmin: true, methodsRegistered: ["mobilePhone"], isSsprRegistered: false, isSsprCapable: false });
    expect(rows.dave).toMatchObject({ methodsRegistered: [], isSsprRegistered: false });
    // Registered but disabled: not capable.
    expect(rows.frank).toMatchObject({ isSsprRegistered: true, accountEnabled: false, isSsprCapable: false });
    // The office phone is not allowed by the default policy; the alternate mobile never resets.
    expect(rows.grace).toMatchObject({ methodsRegistered: ["alternateMobilePhone", "officePhone"], isSsprRegistered: false });
    expect(answer.json.summary).toEqual({
      totalUsers: 7,
      ssprEnabled: 7,
      ssprRegistered: 4,
      ssprCapable: 3,
      withoutMethods: 1,
      byMethod: {
        mobilePhone: 4,
        alternateMobilePhone: 1,
        officePhone: 1,
        email: 3,
        authenticatorApp: 0,
        securityQuestions: 0,
        extension: 0,
      },
    });
  });

  it("follows the reset policy: scope, allowed methods and number required", async () => {
    await seed();
    const group = await call("POST", `/v1/tenants/${tenant}/groups`, { token: key, body: { displayName: "Pilot" } });
    await call("PATCH", `/v1/tenants/${tenant}/users/${ids.grace}`, { token: key, body: { groups: [group.json.id] } });
    const patch = await call("PATCH", `/v1/tenants/${tenant}/policies/passwordReset`, {
      token: key,
      body: {
        properties: { scope: "selected", groupId: group.json.id },
        authenticationMethods: { allowed: ["mobilePhone", "officePhone", "email"], numberRequired: 1 },
      },
    });
    expect(patch.status).toBe(200);
    const rows = byName((await report()).json.value);
    expect(rows.grace).toMatchObject({ isSsprEnabled: true, isSsprRegistered: true, isSsprCapable: true });
    expect(rows.alice).toMatchObject({ isSsprEnabled: false, isSsprRegistered: true, isSsprCapable: false });
  });

  it("filters on who has nothing or who is not registered, and pages", async () => {
    await seed();
    expect((await report("?hasMethods=false")).json.value.map((row) => row.displayName)).toEqual(["dave"]);
    expect((await report("?isSsprRegistered=false")).json.value.map((row) => row.displayName)).toEqual(["dave", "erin", "grace"]);
    const first = await report("?$top=4");
    expect(first.json.value).toHaveLength(4);
    const second = await report(`?$top=4&$skiptoken=${first.json.skipToken}`);
    expect([...first.json.value, ...second.json.value].map((row) => row.displayName)).toEqual([
      "alice", "bob", "carol", "dave", "erin", "frank", "grace",
    ]);
    expect(second.json.skipToken).toBeUndefined();
    expect(errorCode(await report("?hasMethods=maybe"))).toBe("VALIDATION_FAILED");
  });
});

describe("GET /reports/usage", () => {
  const reset = "Reset password (self-service)";
  const event = (extra: Partial<AuditEventInput>): AuditEventInput => ({ activity: reset, result: "success", time: minutesAgo(30), ...extra });

  it("counts resets and unlocks by methods and result, blocks, registrations and failure reasons", async () => {
    await writeEvents(tenant, [
      event({ methods: ["mobilePhone"], userId: "usr_aaaaaaaaaaaa" }),
      event({ methods: ["mobilePhone"], userId: "usr_bbbbbbbbbbbb" }),
      event({ methods: ["mobilePhone"], flowId: "contoso.cccccccccccccccccccccccc" }),
      event({ methods: ["email", "mobilePhone"] }),
      event({ methods: ["mobilePhone", "email"] }),
      event({ methods: ["mobilePhone"], result: "failure", reason: "PASSWORD_BANNED" }),
      event({ methods: ["email"], result: "failure", reason: "FLOW_EXPIRED" }),
      event({ methods: ["email"], result: "failure", reason: "PASSWORD_BANNED" }),
      event({ activity: "Unlock user account (self-service)", methods: ["authenticatorApp"] }),
      event({ activity: "Blocked from self-service password reset", result: "failure", reason: "USER_NOT_IN_SCOPE" }),
      event({ activity: "Blocked from self-service password reset", result: "failure", reason: "NOT_ENOUGH_METHODS" }),
      event({ activity: "User registered for self-service password reset", methods: ["email"] }),
      event({ activity: "Self-service password reset flow activity progress", step: "code_sent", methods: ["mobilePhone"] }),
      // Outside the window asked for below.
      event({ methods: ["mobilePhone"], time: minutesAgo(200) }),
    ]);
    const from = encodeURIComponent(minutesAgo(120));
    const answer = await call("GET", `/v1/tenants/${tenant}/reports/usage?from=${from}`, { token: key });
    expect(answer.status).toBe(200);
    expect(answer.json.resets).toEqual({
      success: 5,
      failure: 3,
      byMethods: [
        { methods: ["mobilePhone"], success: 3, failure: 1 },
        { methods: ["email"], success: 0, failure: 2 },
        { methods: ["email", "mobilePhone"], success: 2, failure: 0 },
      ],
    });
    expect(answer.json.unlocks).toEqual({ success: 1, failure: 0, byMethods: [{ methods: ["authenticatorApp"], success: 1, failure: 0 }] });
    expect(answer.json.blocked).toBe(2);
    expect(answer.json.registrations).toBe(1);
    expect(answer.json.failureReasons).toEqual([
      { reason: "PASSWORD_BANNED", count: 2 },
      { reason: "FLOW_EXPIRED", count: 1 },
      { reason: "NOT_ENOUGH_METHODS", count: 1 },
      { reason: "USER_NOT_IN_SCOPE", count: 1 },
    ]);

    const everything = await call("GET", `/v1/tenants/${tenant}/reports/usage`, { token: key });
    expect(everything.json.resets.success).toBe(6);
  });

  it("refuses a window that ends before it starts", async () => {
    const answer = await call("GET", `/v1/tenants/${tenant}/reports/usage?from=${encodeURIComponent(minutesAgo(1))}&to=${encodeURIComponent(minutesAgo(10))}`, {
      token: key,
    });
    expect(errorCode(answer)).toBe("VALIDATION_FAILED");
  });
});
