import { beforeAll, describe, expect, it } from "vitest";
import { call, errorCode, type Answer } from "../../../test/api";
import { codeSentTo, keysOf, messagesTo, startFlow, submit, userWithMethods } from "../../../test/flows";
import { auditOf, signInTenant, smsUser, verifyAsPartner } from "../../../test/signin";

let origin = "";
let key = "";
let siteKey = "";
const T = "sms-in";
let ann: { id: string };

beforeAll(async () => {
  let site: { siteKey: string };
  ({ origin, key, site } = await signInTenant(T));
  siteKey = site.siteKey;
  ann = await smsUser(T, key, "ann@sms.example", "+1 201 555 0171");
});

/** An answer with what must differ between two flows (ids, times) blanked out. */
function comparable(answer: Answer) {
  const flow = { ...(answer.json.flow ?? answer.json), id: "", expiresAt: "" };
  if (flow.ui?.code) flow.ui = { ...flow.ui, code: { ...flow.ui.code, resendAvailableAt: "" } };
  const error = answer.json.error ? { ...answer.json.error, requestId: "" } : undefined;
  return { status: answer.status, flow, error };
}

async function walk(phoneNumber: string, code: string) {
  const created = await startFlow(T, origin, "sms_signin");
  const identified = await submit(created.json.id, origin, { phoneNumber });
  const verified = await submit(created.json.id, origin, { action: "verify", code });
  return { created, identified, verified };
}

describe("SMS sign-in", () => {
  it("walks identify → verify_code → done and hands back a token partners can verify", async () => {
    const created = await startFlow(T, origin, "sms_signin");
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ type: "sms_signin", state: "identify", ui: { captcha: { provider: "altcha" } } });
    const id = created.json.id as string;

    const identified = await submit(id, origin, { phoneNumber: "(201) 555-0171" });
    expect(identified.json).toMatchObject({ state: "verify_code", ui: { code: { channel: "sms", length: 6, attemptsLeft: 5 } } });
    expect(keysOf(identified)).toEqual(["CODE_SENT_IF_MATCH"]);

    const done = await submit(id, origin, { action: "verify", code: await codeSentTo("+12015550171") });
    expect(done.status).toBe(200);
    expect(done.json.state).toBe("done");
    expect(keysOf(done)).toEqual(["SIGNED_IN"]);
    const claims = await verifyAsPartner(done.json.ui.token, siteKey);
    expect(claims).toMatchObject({ sub: ann.id, aud: siteKey, tid: T, amr: ["sms"], sid: id });
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(typeof claims.jti).toBe("string");

    // The token is shown once: fetching the finished flow again does not repeat it.
    expect((await call("GET", `/v1/flows/${id}`, { headers: { origin } })).json.ui.token).toBeUndefined();
    const replay = await submit(id, origin, { action: "verify", code: "123456" });
    expect(errorCode(replay)).toBe("FLOW_COMPLETED");
  });

  it("answers an unknown number exactly like a known one, and texts it nothing", async () => {
    const known = await walk("+1 201 555 0171", "000000");
    const unknown = await walk("+1 201 555 0179", "000000");
    expect(comparable(unknown.identified)).toEqual(comparable(known.identified));
    expect(comparable(unknown.verified)).toEqual(comparable(known.verified));
    expect(errorCode(unknown.verified)).toBe("OTP_INVALID");
    await codeSentTo("+12015550171");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await messagesTo("+12015550179")).toEqual([]);
  });

  it("texts nothing to a number registered but not enabled for sign-in, out of scope, or of a disabled user", async () => {
    await userWithMethods(T, key, { userName: "plain@sms.example", phone: "+1 201 555 0172" });
    await smsUser(T, key, "off@sms.example", "+1 201 555 0173", { userName: "off@sms.example", accountEnabled: false });
    for (const number of ["+12015550172", "+12015550173"]) {
      const { identified, verified } = await walk(number, "123456");
      expect(identified.json.state).toBe("verify_code");
      expect(errorCode(verified)).toBe("OTP_INVALID");
    }
    const group = (await call("POST", `/v1/tenants/${T}/groups`, { token: key, body: { displayName: "SMS pilots" } })).json;
    await call("PATCH", `/v1/tenants/${T}/policies/smsSignIn`, { token: key, body: { scope: "selected", groupId: group.id } });
    const outside = await walk("+12015550171", "123456");
    expect(outside.identified.json.state).toBe("verify_code");
    await call("PATCH", `/v1/tenants/${T}/policies/smsSignIn`, { token: key, body: { scope: "all", groupId: null } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const number of ["+12015550172", "+12015550173"]) expect(await messagesTo(number)).toEqual([]);
  });

  it("refuses a malformed number, a wrong CAPTCHA-less payload, and caps wrong codes", async () => {
    const id = (await startFlow(T, origin, "sms_signin")).json.id;
    expect(errorCode(await submit(id, origin, { phoneNumber: "12" }))).toBe("VALIDATION_FAILED");
    expect(errorCode(await submit(id, origin, { phoneNumber: "not a number" }))).toBe("PHONE_NUMBER_INVALID");
    expect(errorCode(await submit(id, origin, { action: "verify", code: "123456" }))).toBe("FLOW_STATE_INVALID");
    await submit(id, origin, { phoneNumber: "+12015550171" });
    expect(errorCode(await submit(id, origin, { action: "resend" }))).toBe("OTP_RESEND_TOO_SOON");
    const code = await codeSentTo("+12015550171", Date.now() - 1000);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let left = 4; left >= 1; left--) {
      const answer = await submit(id, origin, { action: "verify", code: wrong });
      expect(errorCode(answer)).toBe("OTP_INVALID");
      expect(answer.json.flow.ui.code.attemptsLeft).toBe(left);
    }
    expect(errorCode(await submit(id, origin, { action: "verify", code: wrong }))).toBe("OTP_ATTEMPTS_EXCEEDED");
    expect(errorCode(await submit(id, origin, { action: "verify", code }))).toBe("OTP_ATTEMPTS_EXCEEDED");
  });

  it("cannot start when the tenant has not turned SMS sign-in on", async () => {
    const off = await signInTenant("sms-off", { smsSignIn: false });
    const answer = await startFlow("sms-off", off.origin, "sms_signin");
    expect(answer.status).toBe(403);
    expect(errorCode(answer)).toBe("SMS_SIGNIN_DISABLED");
  });
});

describe("one SMS sign-in number per user", () => {
  it("refuses to enable a number another user also has, and to give another user a sign-in number", async () => {
    const first = await userWithMethods(T, key, { userName: "twin1@sms.example", phone: "+1 201 555 0174" });
    const second = await userWithMethods(T, key, { userName: "twin2@sms.example", phone: "+1 201 555 0174" });
    const mobileOf = async (userId: string) =>
      (await call("GET", `/v1/tenants/${T}/users/${userId}/authentication/methods`, { token: key })).json.value[0].id as string;
    const enable = await call("POST", `/v1/tenants/${T}/users/${first.id}/authentication/phoneMethods/${await mobileOf(first.id)}/enableSmsSignIn`, { token: key });
    expect(enable.status).toBe(409);
    expect(errorCode(enable)).toBe("PHONE_NUMBER_IN_USE");
    await call("DELETE", `/v1/tenants/${T}/users/${second.id}/authentication/phoneMethods/${await mobileOf(second.id)}`, { token: key });
    const methods = (await call("GET", `/v1/tenants/${T}/users/${first.id}/authentication/methods`, { token: key })).json.value;
    expect(methods[0].smsSignInState).toBe("notEnabled");
    expect((await call("POST", `/v1/tenants/${T}/users/${first.id}/authentication/phoneMethods/${methods[0].id}/enableSmsSignIn`, { token: key })).status).toBe(204);
    const again = await call("POST", `/v1/tenants/${T}/users/${second.id}/authentication/phoneMethods`, { token: key, body: { phoneNumber: "+12015550174", phoneType: "office" } });
    expect(errorCode(again)).toBe("PHONE_NUMBER_IN_USE");
  });
});

describe("audit of SMS sign-in", () => {
  it("records progress and the sign-in with Entra-style names, never the code", async () => {
    await expect.poll(async () => (await auditOf(T, key, "Sign-in with SMS")).filter((e) => e.result === "success").length).toBeGreaterThanOrEqual(1);
    const log = await auditOf(T, key);
    expect(log.find((e) => e.activity === "Sign-in with SMS" && e.result === "success")).toMatchObject({
      service: "Sign-ins",
      userName: "ann@sms.example",
      methods: ["mobilePhone"],
      step: "token_issued",
      ip: "203.0.113.7",
    });
    expect(log.some((e) => e.activity === "Sign-in flow activity progress" && e.reason === "UNKNOWN_USER")).toBe(true);
    expect(log.some((e) => e.activity === "Sign-in with SMS" && e.result === "failure" && e.reason === "OTP_INVALID")).toBe(true);
    expect(JSON.stringify(log)).not.toMatch(/"\d{6}"/);
  });
});
