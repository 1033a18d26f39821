import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultPhoneProtectionPolicy } from "#contract/admin/phone-protection";
import { assessFlowStart } from "../risk/engine";
import { call, errorCode } from "../../test/api";
import { connectDevice, deviceCall, deviceKeys, pairDevice, type TestDevice } from "../../test/device";
import { messagesTo, startFlow, submit, userWithMethods, withCaptcha } from "../../test/flows";
import { auditOf, openSecurityInfo, signInTenant, tokenFor } from "../../test/signin";

const T = "ext-worker";
let origin = "";
let key = "";
let siteKey = "";

beforeAll(async () => {
  let site: { siteKey: string };
  ({ origin, key, site } = await signInTenant(T));
  siteKey = site.siteKey;
  const policy = await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, {
    token: key,
    body: { authenticationMethods: { allowed: ["mobilePhone", "email", "authenticatorApp", "extension"], numberRequired: 1 } },
  });
  expect(policy.status).toBe(200);
});

async function pairedUser(userName: string, phone: string): Promise<{ userId: string; device: TestDevice }> {
  const user = await userWithMethods(T, key, { userName, phone, email: `${userName.split("@")[0]}.home@example.org` });
  const device = await pairDevice(T, await tokenFor(T, user.id, siteKey));
  return { userId: user.id, device };
}

async function resetUpToChoice(userName: string) {
  const flow = await startFlow(T, origin);
  const chosen = await submit(flow.json.id, origin, { identifier: userName });
  expect(chosen.json.state).toBe("choose_method");
  return { id: flow.json.id as string, methods: chosen.json.methods as { id: string; kind: string }[] };
}

const poll = async (device: TestDevice, after = 0) => (await deviceCall(device, "GET", `/v1/extension/alerts?after=${after}`)).json;

/** The newest alert of a kind, once the inbox has it (alerts are delivered after the response). */
async function alertOfKind(device: TestDevice, kind: string) {
  await expect.poll(async () => (await poll(device)).alerts.some((a: { kind: string }) => a.kind === kind)).toBe(true);
  return (await poll(device)).alerts.findLast((a: { kind: string }) => a.kind === kind);
}

describe("pairing the extension", () => {
  it("pairs with a recent sign-in's token, lists the key as a method, and signs every call after", async () => {
    const { userId, device } = await pairedUser("pat@ext.example", "+1 201 555 0301");
    expect(device).toMatchObject({ tenant: T, userName: "pat@ext.example", userId });
    const overview = await deviceCall(device, "GET", "/v1/extension/overview");
    expect(overview.status).toBe(200);
    expect(overview.json.methods.map((m: { type: string }) => m.type)).toEqual(["phone", "email", "extension"]);
    expect(overview.json.methods[0].hint).toMatch(/••/);
    expect(overview.json).toMatchObject({ blocked: false, registration: { required: 1 } });

    // A signature from another key, a clock too far off, or no signature at all: the same 401.
    const other = { ...device, keys: (await deviceKeys()).keys };
    expect((await deviceCall(other, "GET", "/v1/extension/overview")).status).toBe(401);
    expect((await deviceCall(device, "GET", "/v1/extension/overview", undefined, Date.now() - 10 * 60_000)).status).toBe(401);
    expect((await call("GET", "/v1/extension/overview")).status).toBe(401);
    // The signature covers the path: replaying it on another path fails.
    expect((await deviceCall(device, "GET", "/v1/extension/alerts?after=0")).status).toBe(200);
  });

  it("refuses a token from an old sign-in, and one from another tenant's audience", async () => {
    const user = await userWithMethods(T, key, { userName: "old@ext.example", phone: "+1 201 555 0302" });
    const { publicKey } = await deviceKeys();
    const old = await tokenFor(T, user.id, siteKey, { authTime: Date.now() - 11 * 60_000 });
    expect(errorCode(await call("POST", `/v1/extension/pair?tenant=${T}`, { token: old, body: { publicKey, name: "x" } }))).toBe("REAUTHENTICATION_REQUIRED");
    const wrong = await tokenFor(T, user.id, "sk_someone_else");
    expect(errorCode(await call("POST", `/v1/extension/pair?tenant=${T}`, { token: wrong, body: { publicKey, name: "x" } }))).toBe("UNAUTHENTICATED");
  });

  it("pairs with the single-use code My security info makes", async () => {
    const user = await userWithMethods(T, key, { userName: "code@ext.example", phone: "+1 201 555 0303" });
    const flow = await openSecurityInfo(T, origin, await tokenFor(T, user.id, siteKey));
    const made = await submit(flow.json.id, origin, { action: "pair_extension" });
    const code = made.json.ui.pairing.code as string;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(Date.parse(made.json.ui.pairing.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    // Shown until the next step, then never again.
    await submit(flow.json.id, origin, { action: "reconfirm" });
    expect((await call("GET", `/v1/flows/${flow.json.id}`, { headers: { origin } })).json.ui.pairing).toBeUndefined();

    const { publicKey } = await deviceKeys();
    const paired = await call("POST", "/v1/extension/pair/code", { body: { tenant: T, code: code.toLowerCase(), publicKey, name: "Firefox" } });
    expect(paired.status).toBe(201);
    expect(paired.json.userId).toBe(user.id);
    const again = await call("POST", "/v1/extension/pair/code", { body: { tenant: T, code, publicKey, name: "Firefox" } });
    expect(errorCode(again)).toBe("PAIRING_CODE_INVALID");
    expect(errorCode(await call("POST", "/v1/extension/pair/code", { body: { tenant: T, code: "ABCDE-FGHJK", publicKey, name: "x" } }))).toBe("PAIRING_CODE_INVALID");
  });
});

describe("alerts", () => {
  it("name the device the request came from, as the audit log does, and nothing of the raw User-Agent", async () => {
    const { device } = await pairedUser("ua@ext.example", "+1 201 555 0311");
    const flow = await startFlow(T, origin);
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1 <script>";
    const chosen = await call("POST", `/v1/flows/${flow.json.id}`, {
      body: withCaptcha(flow.json.id, { identifier: "ua@ext.example" }),
      headers: { origin, "cf-connecting-ip": "203.0.113.7", "user-agent": iphone },
    });
    expect(chosen.json.state).toBe("choose_method");
    expect(await alertOfKind(device, "reset_started")).toMatchObject({ device: { browser: "Safari", os: "iOS" } });
    await expect.poll(async () => (await auditOf(T, key, "Self-service password reset flow activity progress")).some((e) => JSON.stringify(e.device) === '{"browser":"Safari","os":"iOS"}')).toBe(true);
    const csv = await (await exports.default.fetch(new Request(`http://sesame.test/v1/tenants/${T}/auditLogs?format=csv`, { headers: { authorization: `Bearer ${key}` } }))).text();
    expect(csv).toContain("Safari on iOS");
    expect(csv).not.toContain("<script>");
  });

  it("arrive on the socket as they happen, and a reconnect gets what it missed, none twice", async () => {
    const { device } = await pairedUser("live@ext.example", "+1 201 555 0304");
    // The admin registered a phone and an email for the user, then the user paired the extension:
    // three methods added, each an alert (the admin's two are audited in the background).
    await expect.poll(async () => (await poll(device)).alerts.length).toBe(3);
    const socket = await connectDevice(device);
    socket.hello(0);
    await expect.poll(() => socket.messages.find((m) => m.type === "synced")).toBeTruthy();
    const paired = socket.messages.filter((m) => m.type === "alert");
    expect(paired.map((m) => m.alert.kind)).toEqual(["method_added", "method_added", "method_added"]);

    await resetUpToChoice("live@ext.example");
    await expect.poll(() => socket.messages.filter((m) => m.type === "alert").length).toBe(4);
    const started = socket.messages.filter((m) => m.type === "alert")[3].alert;
    expect(started).toMatchObject({ kind: "reset_started", ip: "203.0.113.7", reported: false });
    socket.ws.close(1000);

    // While disconnected, another reset starts; the next connection resumes after the last seen.
    await resetUpToChoice("live@ext.example");
    const again = await connectDevice(device);
    again.hello(started.seq);
    await expect.poll(() => again.messages.find((m) => m.type === "synced")).toBeTruthy();
    const missed = again.messages.filter((m) => m.type === "alert").map((m) => m.alert);
    expect(missed.map((a) => a.kind)).toEqual(["reset_started"]);
    expect(missed[0].seq).toBe(started.seq + 1);
    // Polling, the fallback, answers the same from the same cursor.
    expect((await poll(device, started.seq)).alerts.map((a: { seq: number }) => a.seq)).toEqual([started.seq + 1]);
    again.ws.close(1000);
  });
});

describe("approving a reset in the extension", () => {
  it("completes with the right number, and fails with a wrong one", async () => {
    const { device } = await pairedUser("push@ext.example", "+1 201 555 0305");
    const { id, methods } = await resetUpToChoice("push@ext.example");
    const extension = methods.find((m) => m.kind === "extension")!;
    expect(extension).toMatchObject({ hint: null, confirm: null });
    const asked = await submit(id, origin, { method: extension.id });
    expect(asked.json.state).toBe("verify_extension");
    const number = asked.json.ui.approval.number as string;
    expect(number).toMatch(/^[1-9]\d$/);

    // The extension sees the request (never the number) and answers with a wrong one.
    const pending = (await poll(device)).approvals;
    expect(pending).toHaveLength(1);
    expect(JSON.stringify(pending)).not.toContain(`"${number}"`);
    expect((await submit(id, origin, { action: "check" })).json.state).toBe("verify_extension");
    const wrong = String(number === "42" ? 43 : 42);
    expect((await deviceCall(device, "POST", `/v1/extension/approvals/${pending[0].id}`, { decision: "approve", number: wrong })).json.outcome).toBe("wrong_number");
    expect(errorCode(await deviceCall(device, "POST", `/v1/extension/approvals/${pending[0].id}`, { decision: "approve", number }))).toBe("APPROVAL_DECIDED");
    const denied = await submit(id, origin, { action: "check" });
    expect(errorCode(denied)).toBe("APPROVAL_DENIED");
    expect(denied.json.flow.state).toBe("verify_extension");

    // Asked again: a new request and number; the right number completes the reset.
    const resent = await submit(id, origin, { action: "resend" });
    const second = (await poll(device)).approvals[0];
    expect(second.id).not.toBe(pending[0].id);
    const ok = await deviceCall(device, "POST", `/v1/extension/approvals/${second.id}`, { decision: "approve", number: resent.json.ui.approval.number });
    expect(ok.json.outcome).toBe("approved");
    expect((await submit(id, origin, { action: "check" })).json.state).toBe("new_password");
    expect((await submit(id, origin, { password: "Granite-Harbor-Lantern-42" })).json.state).toBe("done");
    await expect.poll(async () => (await poll(device)).alerts.map((a: { kind: string }) => a.kind)).toContain("reset_completed");
    const overview = await deviceCall(device, "GET", "/v1/extension/overview");
    expect(overview.json.methods.find((m: { type: string }) => m.type === "extension").lastUsedAt).not.toBeNull();
  });

  it("limits prompts per user", async () => {
    await pairedUser("flood@ext.example", "+1 201 555 0306");
    const { id, methods } = await resetUpToChoice("flood@ext.example");
    const extension = methods.find((m) => m.kind === "extension")!;
    expect((await submit(id, origin, { method: extension.id })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await submit(id, origin, { action: "resend" })).status).toBe(200);
    const refused = await submit(id, origin, { action: "resend" });
    expect(errorCode(refused)).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("this wasn't me", () => {
  it("revokes sessions, ends a reset in progress, blocks the next, tells the admins, until an admin clears it", async () => {
    await userWithMethods(T, key, { userName: "boss@ext.example", email: "boss.home@example.org", roles: ["admin"] });
    const { userId, device } = await pairedUser("vic@ext.example", "+1 201 555 0307");
    const token = await tokenFor(T, userId, siteKey);
    const inProgress = await resetUpToChoice("vic@ext.example");
    const alert = await alertOfKind(device, "reset_started");

    const reported = await deviceCall(device, "POST", "/v1/extension/report", { alertId: alert.id });
    expect(reported.status).toBe(200);
    expect(reported.json.alert).toMatchObject({ id: alert.id, reported: true });
    // Sessions end: the token issued before no longer opens anything.
    expect(errorCode(await openSecurityInfo(T, origin, token))).toBe("UNAUTHENTICATED");
    // The reset in progress ends at the helpdesk on its next step.
    const sms = inProgress.methods.find((m) => m.kind === "sms")!;
    expect((await submit(inProgress.id, origin, { method: sms.id, confirm: "+1 201 555 0307" })).json.state).toBe("helpdesk");
    // And the next one too.
    const next = await resetUpToChoice("vic@ext.example");
    expect((await submit(next.id, origin, { method: sms.id, confirm: "+1 201 555 0307" })).json.state).toBe("helpdesk");
    expect((await deviceCall(device, "GET", "/v1/extension/overview")).json.blocked).toBe(true);
    await expect.poll(async () => (await messagesTo("boss@ext.example")).some((m) => /vic@ext\.example reported/.test(m.text))).toBe(true);
    await expect.poll(async () => (await auditOf(T, key, "User reported suspicious activity")).length).toBe(1);
    expect((await auditOf(T, key, "User reported suspicious activity"))[0]).toMatchObject({ userId, ip: "203.0.113.7", reason: "USER_REPORTED_FRAUD" });
    // Phone protection now distrusts the address the unwanted reset came from (not the victim's number).
    const firstScreen = () => assessFlowStart(env, { policy: defaultPhoneProtectionPolicy, homeCountries: ["US"], ip: "203.0.113.7", requestCountry: "US" });
    await expect.poll(async () => (await firstScreen()).signals.map((s) => s.reason)).toContain("ADDRESS_REPORTED");

    expect((await call("DELETE", `/v1/tenants/${T}/users/${userId}/selfServiceBlock`, { token: key })).status).toBe(204);
    const after = await resetUpToChoice("vic@ext.example");
    expect((await submit(after.id, origin, { method: sms.id, confirm: "+1 201 555 0307" })).json.state).toBe("verify_code");
  });

  it("can be lifted by the user from the paired device with a fresh sign-in", async () => {
    const { userId, device } = await pairedUser("fresh@ext.example", "+1 201 555 0308");
    await resetUpToChoice("fresh@ext.example");
    const alert = await alertOfKind(device, "reset_started");
    await deviceCall(device, "POST", "/v1/extension/report", { alertId: alert.id });
    const stale = await tokenFor(T, userId, siteKey, { authTime: Date.now() - 11 * 60_000 });
    expect(errorCode(await deviceCall(device, "POST", "/v1/extension/unblock", { idToken: stale }))).toBe("REAUTHENTICATION_REQUIRED");
    expect((await deviceCall(device, "POST", "/v1/extension/unblock", { idToken: await tokenFor(T, userId, siteKey) })).status).toBe(204);
    expect((await deviceCall(device, "GET", "/v1/extension/overview")).json.blocked).toBe(false);
  });
});
