import { TOTP } from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import { call, errorCode, type Answer } from "../../../test/api";
import { addSecretMethod, codeSentTo, keysOf, startFlow, submit, userWithMethods } from "../../../test/flows";
import { auditOf, signInTenant, verifyAsPartner } from "../../../test/signin";

let origin = "";
let key = "";
let siteKey = "";
const T = "pwd-in";
const PASSWORD = "Original-Passw0rd-Kestrel";
const TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

beforeAll(async () => {
  let site: { siteKey: string };
  ({ origin, key, site } = await signInTenant(T, { smsSignIn: false }));
  siteKey = site.siteKey;
  await userWithMethods(T, key, { userName: "bo@pwd.example", phone: "+1 201 555 0181", email: "bo.home@example.org" });
});

async function signIn(userName: string, password: string, ip = "203.0.113.20") {
  const id = (await startFlow(T, origin, "signin", ip)).json.id as string;
  return { id, answer: await submit(id, origin, { userName, password }, ip) };
}

const policy = (body: unknown) => call("PATCH", `/v1/tenants/${T}/policies/signIn`, { token: key, body });

function comparable(answer: Answer) {
  return { status: answer.status, error: { ...answer.json.error, requestId: "" }, flow: { ...answer.json.flow, id: "", expiresAt: "" } };
}

describe("password sign-in", () => {
  it("signs in with the right password when no second factor is required", async () => {
    const { id, answer } = await signIn("bo@pwd.example", PASSWORD);
    expect(answer.json).toMatchObject({ type: "signin", state: "done" });
    expect(keysOf(answer)).toEqual(["SIGNED_IN"]);
    const claims = await verifyAsPartner(answer.json.ui.token, siteKey);
    expect(claims).toMatchObject({ amr: ["pwd"], sid: id, tid: T, aud: siteKey });
    expect(claims.auth_time).toBe(claims.iat);
  });

  it("answers a wrong password, an unknown user, a disabled and a locked account all alike", async () => {
    await userWithMethods(T, key, { userName: "off@pwd.example", phone: "+1 201 555 0182", accountEnabled: false });
    await userWithMethods(T, key, { userName: "flag@pwd.example", phone: "+1 201 555 0183", locked: true });
    const wrong = await signIn("bo@pwd.example", "Not-The-Passw0rd-1", "203.0.113.21");
    expect(wrong.answer.status).toBe(400);
    expect(errorCode(wrong.answer)).toBe("SIGNIN_FAILED");
    expect(wrong.answer.json.flow.state).toBe("identify");
    for (const [userName, password] of [["nobody@pwd.example", PASSWORD], ["off@pwd.example", PASSWORD], ["flag@pwd.example", PASSWORD]]) {
      const other = await signIn(userName!, password!, "203.0.113.21");
      expect(comparable(other.answer), userName).toEqual(comparable(wrong.answer));
    }
  });

  it("refuses bad payloads on identify, and any step of another state", async () => {
    const id = (await startFlow(T, origin, "signin")).json.id;
    expect(errorCode(await submit(id, origin, { userName: "bo@pwd.example" }))).toBe("VALIDATION_FAILED");
    expect(errorCode(await submit(id, origin, { method: "sms-1" }))).toBe("FLOW_STATE_INVALID");
  });
});

describe("multi-factor authentication", () => {
  it("asks a second factor when the policy requires it, then signs in with amr pwd mfa sms", async () => {
    expect((await policy({ mfa: { scope: "all" } })).status).toBe(200);
    const { id, answer } = await signIn("bo@pwd.example", PASSWORD, "203.0.113.22");
    expect(answer.json.state).toBe("choose_method");
    expect(keysOf(answer)).toEqual(["SECOND_FACTOR_REQUIRED"]);
    expect(answer.json.methods).toEqual([
      { id: "sms-1", kind: "sms", hint: "+1 ••• ••• ••81", confirm: null },
      { id: "voice-1", kind: "voice", hint: "+1 ••• ••• ••81", confirm: null },
      { id: "email-1", kind: "email", hint: "b•••@e•••.org", confirm: null },
    ]);
    const chosen = await submit(id, origin, { method: "sms-1" }, "203.0.113.22");
    expect(chosen.json).toMatchObject({ state: "verify_code", ui: { code: { channel: "sms", attemptsLeft: 5 } } });
    const code = await codeSentTo("+12015550181");
    const wrong = await submit(id, origin, { action: "verify", code: code === "000000" ? "111111" : "000000" }, "203.0.113.22");
    expect(errorCode(wrong)).toBe("OTP_INVALID");
    expect(errorCode(await submit(id, origin, { action: "resend" }, "203.0.113.22"))).toBe("OTP_RESEND_TOO_SOON");
    const done = await submit(id, origin, { action: "verify", code }, "203.0.113.22");
    expect(done.json.state).toBe("done");
    expect(await verifyAsPartner(done.json.ui.token, siteKey)).toMatchObject({ amr: ["pwd", "mfa", "sms"] });
    await policy({ mfa: { scope: "none" } });
  });

  it("takes an authenticator app code, and goes back to choose another factor", async () => {
    const user = await userWithMethods(T, key, { userName: "app@pwd.example", email: "app.home@example.org" });
    await addSecretMethod(T, user.id, "authenticatorApp", TOTP_SECRET);
    await call("PATCH", `/v1/tenants/${T}/users/${user.id}/authentication/requirements`, { token: key, body: { perUserMfaState: "enforced" } });
    const { id, answer } = await signIn("app@pwd.example", PASSWORD, "203.0.113.23");
    expect(answer.json.methods.map((m: { id: string }) => m.id)).toEqual(["email-1", "totp-1"]);
    await submit(id, origin, { method: "email-1" }, "203.0.113.23");
    expect((await submit(id, origin, { action: "back" }, "203.0.113.23")).json.state).toBe("choose_method");
    expect(keysOf(await submit(id, origin, { method: "totp-1" }, "203.0.113.23"))).toEqual(["ENTER_AUTHENTICATOR_CODE"]);
    const code = new TOTP({ secret: TOTP_SECRET, digits: 6, period: 30, algorithm: "SHA1" }).generate();
    const done = await submit(id, origin, { action: "verify", code }, "203.0.113.23");
    expect(done.json.state).toBe("done");
    expect(await verifyAsPartner(done.json.ui.token, siteKey)).toMatchObject({ amr: ["pwd", "mfa", "otp"] });
  });

  it("always asks admins, and sends those without a second factor to the helpdesk", async () => {
    await userWithMethods(T, key, { userName: "admin@pwd.example", roles: ["admin"], phone: "+1 201 555 0184" });
    expect((await signIn("admin@pwd.example", PASSWORD, "203.0.113.24")).answer.json.state).toBe("choose_method");
    await userWithMethods(T, key, { userName: "bare-admin@pwd.example", roles: ["admin"] });
    const bare = await signIn("bare-admin@pwd.example", PASSWORD, "203.0.113.24");
    expect(bare.answer.json).toMatchObject({ state: "helpdesk", ui: { helpdesk: { text: expect.any(String) } } });
    expect(keysOf(bare.answer)).toEqual(["CONTACT_HELPDESK_SIGNIN"]);
    expect(errorCode(await submit(bare.id, origin, { method: "sms-1" }))).toBe("FLOW_COMPLETED");
  });

  it("validates the sign-in policy", async () => {
    expect(errorCode(await policy({ mfa: { scope: "selected" } }))).toBe("POLICY_SCOPE_GROUP_REQUIRED");
    expect(errorCode(await policy({ lockout: { threshold: 1 } }))).toBe("VALIDATION_FAILED");
    expect(errorCode(await policy({ tokenLifetimeSeconds: 86_400 }))).toBe("VALIDATION_FAILED");
    expect((await call("GET", `/v1/tenants/${T}/policies/signIn`, { token: key })).json).toMatchObject({
      mfa: { scope: "none", requireForAdmins: true },
      lockout: { threshold: 10, durationSeconds: 60 },
      tokenLifetimeSeconds: 300,
    });
  });
});

describe("audit of password sign-in", () => {
  it("records sign-ins, failures with their reasons, and never the password", async () => {
    await expect.poll(async () => (await auditOf(T, key, "Sign-in with password")).length).toBeGreaterThanOrEqual(5);
    const log = await auditOf(T, key);
    const reasons = log.filter((e) => e.activity === "Sign-in with password" && e.result === "failure").map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(["WRONG_PASSWORD", "UNKNOWN_USER", "USER_DISABLED", "ACCOUNT_LOCKED"]));
    expect(log.find((e) => e.activity === "Sign-in with password" && e.result === "success" && e.userName === "app@pwd.example")).toMatchObject({
      methods: ["password", "authenticatorApp"],
      step: "token_issued",
    });
    expect(log.some((e) => e.activity === "Blocked from sign-in" && e.reason === "MFA_NOT_REGISTERED")).toBe(true);
    expect(JSON.stringify(log)).not.toContain("Passw0rd");
  });
});
