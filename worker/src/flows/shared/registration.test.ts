import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../../../test/api";
import { codeSentTo, userWithMethods } from "../../../test/flows";
import { auditOf, DAY, signInTenant, smsUser, startAt, submitAt, verifyAsPartner } from "../../../test/signin";

let key = "";
let siteKey = "";
const T = "reg-gate";
const PASSWORD = "Original-Passw0rd-Kestrel";

beforeAll(async () => {
  let site: { siteKey: string };
  ({ key, site } = await signInTenant(T));
  siteKey = site.siteKey;
});

/** A password sign-in started and submitted at a fake time. */
async function signInAt(userName: string, now: number) {
  const id = (await startAt(T, "signin", now)).json.id as string;
  return { id, answer: await submitAt(id, { userName, password: PASSWORD }, now) };
}

const keys = (answer: { json: { messages?: { key: string }[]; flow?: { messages: { key: string }[] } } }) =>
  (answer.json.flow ?? answer.json).messages!.map((m) => m.key);

describe("registration enforcement at sign-in (fake clock)", () => {
  it("reminds a user who has not registered during the grace period, and lets them skip", async () => {
    await userWithMethods(T, key, { userName: "new@reg.example" });
    const now = Date.now() + 3 * DAY;
    const { id, answer } = await signInAt("new@reg.example", now);
    expect(answer.json.state).toBe("registration_reminder");
    expect(keys(answer)).toEqual(["REGISTRATION_REMINDER"]);
    const registration = answer.json.ui.registration;
    expect(registration).toMatchObject({ reason: "register", required: 1, registered: 0, securityInfoToken: expect.any(String) });
    expect(Date.parse(registration.dueAt) - Date.now()).toBeGreaterThan(13.9 * DAY);
    expect(Date.parse(registration.dueAt) - Date.now()).toBeLessThanOrEqual(14 * DAY);
    const done = await submitAt(id, { action: "skip" }, now);
    expect(done.json.state).toBe("done");
    expect(done.json.ui.token).toEqual(expect.any(String));
  });

  it("requires registration after the grace period, until a method is registered through security info", async () => {
    const user = await userWithMethods(T, key, { userName: "late@reg.example" });
    const now = Date.now() + 15 * DAY;
    const { id, answer } = await signInAt("late@reg.example", now);
    expect(answer.json).toMatchObject({ state: "registration_required", ui: { registration: { reason: "register", dueAt: null } } });
    // "Skip" is the reminder's answer: once registration is required it is a step of another state.
    expect((await submitAt(id, { action: "skip" }, now)).json.error.code).toBe("FLOW_STATE_INVALID");
    const stuck = await submitAt(id, { action: "continue" }, now);
    expect(stuck.json.error.code).toBe("REGISTRATION_INCOMPLETE");
    expect(stuck.json.flow.state).toBe("registration_required");

    // The token in the gate opens My security info, and nothing else: a partner's siteverify refuses it.
    const bearer = answer.json.ui.registration.securityInfoToken as string;
    await expect(verifyAsPartner(bearer, siteKey)).rejects.toThrow();
    const info = (await startAt(T, "security_info", now, bearer)).json;
    expect(info.state).toBe("overview");
    await submitAt(info.id, { action: "add_phone", phoneNumber: "+12015550221", phoneType: "mobile" }, now);
    expect((await submitAt(info.id, { action: "verify", code: await codeSentTo("+12015550221") }, now)).json.state).toBe("overview");

    const done = await submitAt(id, { action: "continue" }, now);
    expect(done.json.state).toBe("done");
    expect((await verifyAsPartner(done.json.ui.token, siteKey)).sub).toBe(user.id);
  });

  it("asks registered users to reconfirm every 180 days, and not again once they have", async () => {
    await userWithMethods(T, key, { userName: "old@reg.example", phone: "+1 201 555 0222" });
    expect((await signInAt("old@reg.example", Date.now() + 179 * DAY)).answer.json.state).toBe("done");
    const now = Date.now() + 181 * DAY;
    const { id, answer } = await signInAt("old@reg.example", now);
    expect(answer.json.state).toBe("reconfirm");
    expect(keys(answer)).toEqual(["RECONFIRM_SECURITY_INFO"]);
    expect(answer.json.ui.registration.reason).toBe("reconfirm");
    expect(answer.json.ui.securityInfo.methods).toEqual([expect.objectContaining({ type: "phone", hint: "+1 ••• ••• ••22" })]);
    const done = await submitAt(id, { action: "confirm" }, now);
    expect(done.json.state).toBe("done");
    expect((await signInAt("old@reg.example", now + DAY)).answer.json.state).toBe("done");
  });

  it("stops SMS sign-in at the same gates", async () => {
    await smsUser(T, key, "sms@reg.example", "+1 201 555 0223");
    const now = Date.now() + 200 * DAY;
    const id = (await startAt(T, "sms_signin", now)).json.id as string;
    await submitAt(id, { phoneNumber: "+12015550223" }, now);
    const verified = await submitAt(id, { action: "verify", code: await codeSentTo("+12015550223") }, now);
    expect(verified.json.state).toBe("reconfirm");
    expect((await submitAt(id, { action: "confirm" }, now)).json.state).toBe("done");
  });

  it("asks nothing when the policy does not require registration, or the user is out of its scope", async () => {
    await userWithMethods(T, key, { userName: "free@reg.example" });
    await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token: key, body: { registration: { requireOnSignIn: false } } });
    expect((await signInAt("free@reg.example", Date.now() + 30 * DAY)).answer.json.state).toBe("done");
    await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token: key, body: { registration: { requireOnSignIn: true }, properties: { scope: "none" } } });
    expect((await signInAt("free@reg.example", Date.now() + 30 * DAY)).answer.json.state).toBe("done");
    await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token: key, body: { properties: { scope: "all" }, registration: { graceDays: 0 } } });
    expect((await signInAt("free@reg.example", Date.now())).answer.json.state).toBe("registration_required");
  });

  it("audits the interruptions and the review", async () => {
    await expect.poll(async () => (await auditOf(T, key, "Sign-in flow activity progress")).filter((e) => e.step === "registration_required").length).toBeGreaterThanOrEqual(2);
    const log = await auditOf(T, key);
    expect(log.some((e) => e.step === "reconfirmation_required")).toBe(true);
    expect(log.some((e) => e.activity === "User reviewed security info" && e.userName === "old@reg.example")).toBe(true);
    expect(log.some((e) => e.activity === "User registered for self-service password reset" && e.userName === "late@reg.example")).toBe(true);
  });
});
