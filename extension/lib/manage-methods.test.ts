import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { Account } from "./accounts";
import { errorText } from "./error-text";
import { ManageMethodsModel } from "./manage-methods";

const account: Account = { id: "demo/usr_alice", server: "http://sesame.test", tenant: "demo", tenantName: "Contoso", userId: "usr_alice", userName: "alice@contoso.example", deviceId: "ext_1", pairedAt: "2026-01-01T00:00:00.000Z" };

const b64 = (value: unknown) => btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const idToken = (sub: string) => `${b64({ alg: "ES256" })}.${b64({ sub, auth_time: 1 })}.c2ln`;

const envelope = (type: string, state: string, extra: Record<string, unknown> = {}) => ({ id: `demo.${type}`, type, state, expiresAt: "2030-01-01T00:00:00.000Z", messages: [], ui: {}, ...extra });
const overview = (methods: unknown[] = [{ id: "phm_1", type: "phone", phoneType: "mobile", hint: "+1 ••• ••• ••01", lastConfirmedAt: null }]) =>
  envelope("security_info", "overview", {
    ui: { securityInfo: { methods, questions: [], questionsToRegister: 3, changesAllowedUntil: "2030-01-01T00:10:00.000Z", registration: { required: 1, registered: 1 } } },
  });

type Reply = { status?: number; body: unknown };

/** A scripted Sesame: each request takes the next answer, and is kept to be looked at. */
function fakeSesame(replies: Reply[]) {
  const requests: { url: string; method: string; auth: string | null; body: unknown }[] = [];
  const fetcher = (async (url: string | URL | Request, init?: RequestInit) => {
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ url: String(url), method: init?.method ?? "GET", auth: new Headers(init?.headers).get("authorization"), body });
    const reply = replies.shift();
    if (!reply) throw new Error(`unexpected request ${String(url)}`);
    return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200 });
  }) as typeof fetch;
  return { fetcher, requests };
}

const refused = (code: string, status: number, flow: unknown): Reply => ({ status, body: { error: { code, message: code, requestId: "r" }, flow } });

describe("changing methods from the popup", () => {
  beforeEach(() => fakeBrowser.reset());

  it("signs in again with password and a second factor, then opens My security info with that fresh token", async () => {
    const token = idToken("usr_alice");
    const { fetcher, requests } = fakeSesame([
      { body: envelope("signin", "identify", { ui: { captcha: { provider: "none" } } }) },
      { body: envelope("signin", "choose_method", { methods: [{ id: "sms-1", kind: "sms", hint: "+1 ••• ••• ••01", confirm: null }, { id: "extension-1", kind: "extension", hint: null, confirm: null }] }) },
      { body: envelope("signin", "verify_code", { ui: { code: { channel: "sms", length: 6, resendAvailableAt: null } } }) },
      { body: envelope("signin", "done", { ui: { token } }) },
      { body: overview() },
      { body: envelope("security_info", "verify_code", { ui: { code: { channel: "email", length: 6, resendAvailableAt: null } } }) },
      refused("OTP_INVALID", 400, envelope("security_info", "verify_code")),
      { body: overview([{ id: "phm_1", type: "phone", phoneType: "mobile", hint: "+1 ••• ••• ••01", lastConfirmedAt: null }, { id: "em_1", type: "email", hint: "a•••@e•••.org", lastConfirmedAt: null }]) },
    ]);
    const model = new ManageMethodsModel(account, fetcher);
    expect(model.step.value).toBe("signin");
    await model.signInWithPassword("Secret-Passw0rd");
    expect(model.step.value).toBe("second_factor");
    expect(requests[1]!.body).toEqual({ userName: "alice@contoso.example", password: "Secret-Passw0rd" });
    await model.chooseFactor("sms-1");
    expect(model.step.value).toBe("second_code");
    await model.verifySignInCode("123456");
    expect(model.step.value).toBe("info");
    expect(requests[4]).toMatchObject({ url: "http://sesame.test/v1/flows/security_info?tenant=demo", method: "POST", auth: `Bearer ${token}` });
    expect(model.flow.value?.ui.securityInfo?.methods).toHaveLength(1);

    await model.act({ action: "add_email", emailAddress: "alice.home@example.org" });
    expect(model.flow.value?.state).toBe("verify_code");
    await model.act({ action: "verify", code: "000000" });
    expect(model.error.value).toBe("OTP_INVALID");
    expect(model.step.value).toBe("info");
    await model.act({ action: "verify", code: "654321" });
    expect(model.error.value).toBeNull();
    expect(model.flow.value?.ui.securityInfo?.methods.map((m) => m.type)).toEqual(["phone", "email"]);
    expect(requests.slice(5).map((r) => [r.url, r.body])).toEqual([
      ["http://sesame.test/v1/flows/demo.security_info", { action: "add_email", emailAddress: "alice.home@example.org" }],
      ["http://sesame.test/v1/flows/demo.security_info", { action: "verify", code: "000000" }],
      ["http://sesame.test/v1/flows/demo.security_info", { action: "verify", code: "654321" }],
    ]);
    // Neither the password, the token nor the flow is kept anywhere the extension stores.
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it("shows the rules' refusals (the last required method, a sign-in grown old) and stays on the overview", async () => {
    const { fetcher } = fakeSesame([
      { body: envelope("sms_signin", "identify", { ui: { captcha: { provider: "none" } } }) },
      { body: envelope("sms_signin", "verify_code", { ui: { code: { channel: "sms", length: 6, resendAvailableAt: null } } }) },
      { body: envelope("sms_signin", "done", { ui: { token: idToken("usr_alice") } }) },
      { body: overview() },
      refused("METHOD_REQUIRED", 409, overview()),
      refused("REAUTHENTICATION_REQUIRED", 401, overview()),
    ]);
    const model = new ManageMethodsModel(account, fetcher);
    await model.sendSignInCode("+1 201 555 0101");
    expect(model.step.value).toBe("signin_code");
    await model.verifySignInCode("123456");
    expect(model.step.value).toBe("info");
    await model.act({ action: "remove", methodId: "phm_1" });
    expect([model.step.value, model.error.value]).toEqual(["info", "METHOD_REQUIRED"]);
    expect(errorText("METHOD_REQUIRED")).toMatch(/can't remove this method/);
    await model.act({ action: "reconfirm" });
    expect(model.error.value).toBe("REAUTHENTICATION_REQUIRED");
    expect(errorText("REAUTHENTICATION_REQUIRED")).toBe("Sign in again to change your security info.");
  });

  it("refuses a sign-in of someone else, and stays on the sign-in after a wrong password", async () => {
    const { fetcher, requests } = fakeSesame([
      { body: envelope("signin", "identify", { ui: { captcha: { provider: "none" } } }) },
      refused("SIGNIN_FAILED", 400, envelope("signin", "identify")),
      { body: envelope("sms_signin", "identify", { ui: { captcha: { provider: "none" } } }) },
      { body: envelope("sms_signin", "verify_code") },
      { body: envelope("sms_signin", "done", { ui: { token: idToken("usr_mallory") } }) },
    ]);
    const model = new ManageMethodsModel(account, fetcher);
    await model.signInWithPassword("wrong");
    expect([model.step.value, model.error.value]).toEqual(["signin", "SIGNIN_FAILED"]);
    expect(errorText("SIGNIN_FAILED")).toBe("Your user name or password is incorrect.");
    await model.sendSignInCode("+1 201 555 0199");
    await model.verifySignInCode("123456");
    expect(model.error.value).toBe("UNAUTHENTICATED");
    expect(model.step.value).not.toBe("info");
    expect(requests.some((r) => r.url.includes("security_info"))).toBe(false);
  });

  it("opens security info with a registration gate's own token", async () => {
    const gate = idToken("usr_alice");
    const { fetcher, requests } = fakeSesame([
      { body: envelope("signin", "identify", { ui: { captcha: { provider: "none" } } }) },
      { body: envelope("signin", "reconfirm", { ui: { registration: { reason: "reconfirm", dueAt: null, required: 1, registered: 1, securityInfoToken: gate } } }) },
      { body: overview() },
    ]);
    const model = new ManageMethodsModel(account, fetcher);
    await model.signInWithPassword("Secret-Passw0rd");
    expect(model.step.value).toBe("info");
    expect(requests[2]!.auth).toBe(`Bearer ${gate}`);
  });
});
