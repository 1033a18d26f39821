import { TOTP, Secret } from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import { call, errorCode } from "../../../test/api";
import { addSecretMethod, codeSentTo, flowTenant, keysOf, messagesTo, startFlow, submit, userWithMethods } from "../../../test/flows";
import { hashAnswers } from "./questions";

let origin = "";
let key = "";
const T = "methods-flow";

beforeAll(async () => {
  ({ origin, key } = await flowTenant(T, { helpdesk: { text: "Call IT on 555-0100", link: "https://it.example/help" } }));
});

const setPolicy = (body: unknown) => call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token: key, body });

describe("methods and policy in the reset flow", () => {
  it("asks a second, different method when the policy requires two, then resets", async () => {
    await setPolicy({ authenticationMethods: { allowed: ["mobilePhone", "email", "authenticatorApp", "securityQuestions"], numberRequired: 2 } });
    await userWithMethods(T, key, { userName: "two@m.example", phone: "+1 201 555 0121", email: "two.home@example.org" });
    const id = (await startFlow(T, origin)).json.id;
    await submit(id, origin, { identifier: "two@m.example" });
    await submit(id, origin, { method: "sms-1", confirm: "+12015550121" });
    const first = await submit(id, origin, { action: "verify", code: await codeSentTo("+12015550121") });
    expect(first.json.state).toBe("choose_method");
    expect(keysOf(first)).toEqual(["SECOND_METHOD_REQUIRED"]);
    expect(first.json.ui.progress).toEqual({ verified: 1, required: 2 });
    // The phone is verified: neither its SMS nor its call is offered again.
    expect(first.json.methods.map((m: { kind: string }) => m.kind)).toEqual(["email"]);
    expect(errorCode(await submit(id, origin, { method: "voice-1", confirm: "+12015550121" }))).toBe("METHOD_ALREADY_USED");
    await submit(id, origin, { method: "email-1", confirm: "two.home@example.org" });
    const second = await submit(id, origin, { action: "verify", code: await codeSentTo("two.home@example.org") });
    expect(second.json.state).toBe("new_password");
    expect((await submit(id, origin, { password: "Sapphire-Meadow-Tundra-31" })).json.state).toBe("done");
    await setPolicy({ authenticationMethods: { allowed: ["mobilePhone", "email", "authenticatorApp"], numberRequired: 1 } });
  });

  it("makes admins use two methods and never security questions", async () => {
    const admin = await userWithMethods(T, key, { userName: "boss@m.example", phone: "+1 201 555 0122", roles: ["user", "admin"] });
    await setPolicy({ authenticationMethods: { allowed: ["mobilePhone", "email", "securityQuestions"], numberRequired: 1 } });
    await addSecretMethod(T, admin.id, "securityQuestions", hashAnswers({ "q-first-pet": "Rex", "q-city-born": "Lyon", "q-first-car": "Mini" }));
    const id = (await startFlow(T, origin)).json.id;
    const identified = await submit(id, origin, { identifier: "boss@m.example" });
    // One phone and questions an admin may not use: fewer than two methods, so the helpdesk.
    expect(identified.json.state).toBe("helpdesk");
    expect(identified.json.ui.helpdesk).toEqual({ text: "Call IT on 555-0100", link: "https://it.example/help" });
    expect(identified.json.methods).toBeUndefined();

    await call("POST", `/v1/tenants/${T}/users/${admin.id}/authentication/emailMethods`, { token: key, body: { emailAddress: "boss.home@example.org" } });
    const again = (await startFlow(T, origin)).json.id;
    const choose = await submit(again, origin, { identifier: "boss@m.example" });
    expect(choose.json.state).toBe("choose_method");
    expect(choose.json.ui.progress).toEqual({ verified: 0, required: 2 });
    expect(choose.json.methods.map((m: { kind: string }) => m.kind)).not.toContain("questions");
  });

  it("sends users out of scope, disabled, or without methods to the helpdesk", async () => {
    const group = await call("POST", `/v1/tenants/${T}/groups`, { token: key, body: { displayName: "Pilot" } });
    await userWithMethods(T, key, { userName: "outside@m.example", phone: "+1 201 555 0123" });
    await userWithMethods(T, key, { userName: "inside@m.example", phone: "+1 201 555 0124", groups: [group.json.id] });
    await userWithMethods(T, key, { userName: "disabled@m.example", phone: "+1 201 555 0125", accountEnabled: false });
    await userWithMethods(T, key, { userName: "bare@m.example" });
    await setPolicy({ properties: { scope: "selected", groupId: group.json.id } });
    const stateFor = async (identifier: string) => {
      const id = (await startFlow(T, origin)).json.id;
      return (await submit(id, origin, { identifier })).json.state;
    };
    expect(await stateFor("outside@m.example")).toBe("helpdesk");
    expect(await stateFor("inside@m.example")).toBe("choose_method");
    await setPolicy({ properties: { scope: "all", groupId: null } });
    expect(await stateFor("outside@m.example")).toBe("choose_method");
    expect(await stateFor("disabled@m.example")).toBe("helpdesk");
    expect(await stateFor("bare@m.example")).toBe("helpdesk");
    await setPolicy({ properties: { scope: "none" } });
    expect(await stateFor("outside@m.example")).toBe("helpdesk");
    await setPolicy({ properties: { scope: "all" } });
  });

  it("verifies an authenticator app code", async () => {
    await setPolicy({ authenticationMethods: { allowed: ["mobilePhone", "email", "authenticatorApp"], numberRequired: 1 } });
    const user = await userWithMethods(T, key, { userName: "totp@m.example" });
    const secret = new Secret({ size: 20 }).base32;
    await addSecretMethod(T, user.id, "authenticatorApp", secret);
    const id = (await startFlow(T, origin)).json.id;
    const choose = await submit(id, origin, { identifier: "totp@m.example" });
    expect(choose.json.methods).toEqual([{ id: "totp-1", kind: "totp", hint: null, confirm: null }]);
    const entering = await submit(id, origin, { method: "totp-1" });
    expect(entering.json.ui.code).toMatchObject({ channel: "totp", resendAvailableAt: null });
    expect(errorCode(await submit(id, origin, { action: "verify", code: "000000" === new TOTP({ secret }).generate() ? "111111" : "000000" }))).toBe("OTP_INVALID");
    const ok = await submit(id, origin, { action: "verify", code: new TOTP({ secret }).generate() });
    expect(ok.json.state).toBe("new_password");
  });

  it("asks security questions drawn at random and redraws after a wrong answer", async () => {
    await setPolicy({ authenticationMethods: { allowed: ["mobilePhone", "securityQuestions"], numberRequired: 1, securityQuestions: { numberToRegister: 3, numberToReset: 3 } } });
    const user = await userWithMethods(T, key, { userName: "quiz@m.example", phone: "+1 201 555 0126" });
    const answers: Record<string, string> = { "q-first-pet": "Rex", "q-city-born": "Lyon", "q-first-car": "Mini Cooper", "q-first-job": "Acme" };
    await addSecretMethod(T, user.id, "securityQuestions", hashAnswers(answers));
    const id = (await startFlow(T, origin)).json.id;
    await submit(id, origin, { identifier: "quiz@m.example" });
    const asked = await submit(id, origin, { method: "questions-1" });
    expect(asked.json.state).toBe("answer_questions");
    expect(asked.json.ui.questions).toHaveLength(3);
    expect(asked.json.ui.questions[0].text).toMatch(/\?$/);
    const wrong = await submit(id, origin, { answers: asked.json.ui.questions.map((q: { id: string }) => ({ id: q.id, answer: "nope" })) });
    expect(errorCode(wrong)).toBe("ANSWERS_INVALID");
    const redrawn = wrong.json.flow.ui.questions as { id: string }[];
    expect(redrawn).toHaveLength(3);
    const right = await submit(id, origin, { answers: redrawn.map((q) => ({ id: q.id, answer: `  ${answers[q.id]!.toUpperCase()} ` })) });
    expect(right.json.state).toBe("new_password");
  });

  it("tells every other admin when an admin resets, and the user only when the policy says so", async () => {
    await setPolicy({ authenticationMethods: { allowed: ["mobilePhone", "email"], numberRequired: 1 }, notifications: { notifyUserOnReset: false } });
    await userWithMethods(T, key, { userName: "watcher@m.example", roles: ["user", "admin"] });
    await userWithMethods(T, key, { userName: "chief@m.example", phone: "+1 201 555 0127", email: "chief.home@example.org", roles: ["user", "admin"] });
    const id = (await startFlow(T, origin)).json.id;
    await submit(id, origin, { identifier: "chief@m.example" });
    await submit(id, origin, { method: "sms-1", confirm: "+12015550127" });
    await submit(id, origin, { action: "verify", code: await codeSentTo("+12015550127") });
    await submit(id, origin, { method: "email-1", confirm: "chief.home@example.org" });
    await submit(id, origin, { action: "verify", code: await codeSentTo("chief.home@example.org") });
    expect((await submit(id, origin, { password: "Juniper-Cascade-Ribbon-58" })).json.state).toBe("done");
    await expect.poll(async () => (await messagesTo("watcher@m.example")).map((m) => m.text).join()).toContain("chief@m.example");
    // The user's own notice was switched off: only the two codes reached the phone and the email.
    // (An admin's address may also get the tenant's spike alerts, which depend on the hour's count.)
    expect((await messagesTo("+12015550127")).length).toBe(1);
    expect((await messagesTo("chief@m.example")).filter((m) => m.text.includes("password was just reset"))).toEqual([]);
    await setPolicy({ notifications: { notifyUserOnReset: true } });
  });
});
