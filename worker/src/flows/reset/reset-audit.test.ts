import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../../../test/api";
import { codeSentTo, flowTenant, startFlow, submit, userWithMethods, verifyBySms } from "../../../test/flows";

let origin = "";
let key = "";
const T = "audit-flow";
const secrets = ["Tidal-Orchid-Granite-19", "Original-Passw0rd-Kestrel"];
const codes: string[] = [];

beforeAll(async () => {
  ({ origin, key } = await flowTenant(T));
  await userWithMethods(T, key, { userName: "one@a.example", phone: "+1 201 555 0161" });
  await userWithMethods(T, key, { userName: "two@a.example", phone: "+1 201 555 0162", email: "two.home@example.org", locked: true });
  await userWithMethods(T, key, { userName: "none@a.example" });

  const reset = (await startFlow(T, origin)).json.id;
  await verifyBySms(reset, origin, "one@a.example", "+12015550161", "+12015550161");
  codes.push(await codeSentTo("+12015550161"));
  await submit(reset, origin, { password: secrets[0] });

  const unlock = (await startFlow(T, origin, "unlock")).json.id;
  await submit(unlock, origin, { identifier: "two@a.example" });
  await submit(unlock, origin, { method: "email-1", confirm: "two.home@example.org" });
  const code = await codeSentTo("two.home@example.org");
  codes.push(code);
  await submit(unlock, origin, { action: "verify", code: code === "000000" ? "111111" : "000000" });
  await submit(unlock, origin, { action: "verify", code });
  await submit(unlock, origin, { choice: "unlock" });

  const helpdesk = (await startFlow(T, origin)).json.id;
  await submit(helpdesk, origin, { identifier: "none@a.example" });
});

async function entries(): Promise<Record<string, unknown>[]> {
  let found: Record<string, unknown>[] = [];
  await expect
    .poll(async () => {
      found = (await call("GET", `/v1/tenants/${T}/auditLogs?$top=100`, { token: key })).json.value;
      // The flows' own events: not the admin's setup (users, their methods, the CAPTCHA policy).
      return found.filter((e) => e.actor !== "admin").length;
    })
    .toBeGreaterThanOrEqual(8);
  return found;
}

describe("audit of self-service flows", () => {
  it("records every step with Entra's activity names, complete and without secrets", async () => {
    const log = await entries();
    const activities = log.map((e) => e.activity);
    expect(activities).toEqual(
      expect.arrayContaining([
        "Self-service password reset flow activity progress",
        "Reset password (self-service)",
        "Unlock user account (self-service)",
        "Blocked from self-service password reset",
      ]),
    );
    const resetDone = log.find((e) => e.activity === "Reset password (self-service)")!;
    expect(resetDone).toMatchObject({ result: "success", userName: "one@a.example", methods: ["mobilePhone"], ip: "203.0.113.7", step: "completed" });
    expect(resetDone.flowId).toMatch(new RegExp(`^${T}\\.`));
    expect(resetDone.requestId).toBeTruthy();
    const blocked = log.find((e) => e.activity === "Blocked from self-service password reset")!;
    expect(blocked).toMatchObject({ result: "failure", reason: "NOT_ENOUGH_METHODS", userName: "none@a.example" });
    const text = JSON.stringify(log);
    for (const secret of [...secrets, ...codes]) expect(text).not.toContain(secret);
  });

  it("reports usage that matches the flows that ran", async () => {
    await entries();
    const usage = (await call("GET", `/v1/tenants/${T}/reports/usage`, { token: key })).json;
    expect(usage.resets).toMatchObject({ success: 1, failure: 0 });
    expect(usage.resets.byMethods).toEqual([{ methods: ["mobilePhone"], success: 1, failure: 0 }]);
    expect(usage.unlocks).toMatchObject({ success: 1, failure: 0 });
    expect(usage.unlocks.byMethods).toEqual([{ methods: ["email"], success: 1, failure: 0 }]);
    expect(usage.blocked).toBe(1);
    expect(usage.failureReasons).toEqual(expect.arrayContaining([expect.objectContaining({ reason: "NOT_ENOUGH_METHODS" })]));
  });
});
