import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, errorCode } from "../../test/api";
import { codeSentTo, solveFlowCaptcha, submit, userWithMethods } from "../../test/flows";
import { auditOf, ISSUER, signInTenant, verifyAsPartner } from "../../test/signin";
import { directoryOf } from "../directory/stub";

const T = "console-t";
let origin = "";
let key = "";
const PASSWORD = "Original-Passw0rd-Kestrel";

beforeAll(async () => {
  ({ origin, key } = await signInTenant(T, { smsSignIn: false }));
  await userWithMethods(T, key, { userName: "ada@console.example", phone: "+1 201 555 0191", roles: ["user", "admin"] });
  await userWithMethods(T, key, { userName: "ben@console.example", phone: "+1 201 555 0192" });
});

/** A console sign-in as the console makes it: password, then a code by SMS. */
async function consoleSignIn(userName: string, phone: string, ip: string) {
  const started = await solveFlowCaptcha(await call("POST", `/v1/flows/signin?tenant=${T}&client=console`, { headers: { origin, "cf-connecting-ip": ip } }));
  const id = started.json.id as string;
  const password = await submit(id, origin, { userName, password: PASSWORD }, ip);
  // Always a second factor for the console, although this tenant's policy asks none of users.
  expect(password.json.state).toBe("choose_method");
  const sms = password.json.methods.find((m: { kind: string }) => m.kind === "sms");
  await submit(id, origin, { method: sms.id }, ip);
  return submit(id, origin, { action: "verify", code: await codeSentTo(phone) }, ip);
}

describe("console sign-in", () => {
  let token = "";

  it("gives an admin who signed in with two factors a console token, for the console audience only", async () => {
    const done = await consoleSignIn("ada@console.example", "+12015550191", "203.0.113.40");
    expect(done.json.state).toBe("done");
    token = done.json.ui.token;
    const claims = await verifyAsPartner(token, `${ISSUER}/admin`);
    expect(claims).toMatchObject({ tid: T, amr: ["pwd", "mfa", "sms"] });
    expect(claims.exp! - claims.iat!).toBe(900);
    const log = await auditOf(T, key, "Sign-in to admin console");
    expect(log[0]).toMatchObject({ result: "success", userName: "ada@console.example", service: "Sign-ins" });
  });

  it("opens the admin API with the console token, and audits changes as that admin's", async () => {
    const me = await call("GET", `/v1/tenants/${T}/me`, { token });
    expect(me.json).toMatchObject({ kind: "consoleUser", tenantId: T, userName: "ada@console.example" });
    const patched = await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token, body: { authenticationMethods: { numberRequired: 2 } } });
    expect(patched.status).toBe(200);
    const changes = await auditOf(T, key, "Update policy");
    expect(changes[0]).toMatchObject({ actor: "admin", actorId: me.json.userId, result: "success", service: "Policy" });
    // The same API rules apply whoever calls.
    const refused = await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token, body: { authenticationMethods: { allowed: ["email"], numberRequired: 2 } } });
    expect(errorCode(refused)).toBe("POLICY_REQUIRED_EXCEEDS_ALLOWED");
    await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token, body: { authenticationMethods: { numberRequired: 1 } } });
  });

  it("keeps the console token to its tenant, and off the operator's routes", async () => {
    await signInTenant("console-u", { smsSignIn: false });
    expect(errorCode(await call("GET", "/v1/tenants/console-u/me", { token }))).toBe("TENANT_NOT_FOUND");
    expect(errorCode(await call("GET", "/v1/tenants", { token }))).toBe("UNAUTHENTICATED");
  });

  it("refuses a partner's token (another audience), and a tampered one", async () => {
    const started = await solveFlowCaptcha(await call("POST", `/v1/flows/signin?tenant=${T}`, { headers: { origin, "cf-connecting-ip": "203.0.113.41" } }));
    const partner = await submit(started.json.id, origin, { userName: "ben@console.example", password: PASSWORD }, "203.0.113.41");
    expect(partner.json.state).toBe("done");
    expect(errorCode(await call("GET", `/v1/tenants/${T}/me`, { token: partner.json.ui.token }))).toBe("UNAUTHENTICATED");
    const [head, body, signature] = token.split(".");
    const forged = `${head}.${body}.${signature!.slice(0, -4)}AAAA`;
    expect(errorCode(await call("GET", `/v1/tenants/${T}/me`, { token: forged }))).toBe("UNAUTHENTICATED");
  });

  it("gives a user who is not an admin no console token, and audits the refusal", async () => {
    const refused = await consoleSignIn("ben@console.example", "+12015550192", "203.0.113.42");
    expect(errorCode(refused)).toBe("FORBIDDEN");
    expect(refused.json.flow.ui.token).toBeUndefined();
    const log = await auditOf(T, key, "Sign-in to admin console");
    expect(log.some((e) => e.userName === "ben@console.example" && e.result === "failure" && e.reason === "FORBIDDEN")).toBe(true);
  });

  it("stops a console token once its admin is no longer an admin", async () => {
    const me = await call("GET", `/v1/tenants/${T}/me`, { token });
    await call("PATCH", `/v1/tenants/${T}/users/${me.json.userId}`, { token: key, body: { roles: ["user"] } });
    expect(errorCode(await call("GET", `/v1/tenants/${T}/me`, { token }))).toBe("FORBIDDEN");
    await call("PATCH", `/v1/tenants/${T}/users/${me.json.userId}`, { token: key, body: { roles: ["user", "admin"] } });
    expect((await call("GET", `/v1/tenants/${T}/me`, { token })).status).toBe(200);
  });
});

describe("settings changes and the audit chain", () => {
  it("audits every settings change with the key that made it", async () => {
    const { key: k, keyId } = await signInTenant("console-v", { smsSignIn: false });
    await call("PATCH", "/v1/tenants/console-v", { token: k, body: { helpdesk: { text: "Call us." } } });
    const made = await call("POST", "/v1/tenants/console-v/apiKeys", { token: k, body: { name: "ci" } });
    expect(made.status).toBe(201);
    const log = await auditOf("console-v", k);
    expect(log.filter((e) => e.actor === "admin").map((e) => e.activity)).toEqual(expect.arrayContaining(["Update tenant settings", "Update API keys", "Update policy"]));
    expect(log.find((e) => e.activity === "Update API keys")).toMatchObject({ actorId: keyId });
    // A refused change is not a change.
    const before = log.length;
    await call("PATCH", "/v1/tenants/console-v/policies/password", { token: k, body: { minLength: 300 } });
    expect((await auditOf("console-v", k)).length).toBe(before);
  });

  it("detects a tampered entry (the dev-only tamper route)", async () => {
    const { key: k } = await signInTenant("console-w", { smsSignIn: false });
    expect((await call("GET", "/v1/tenants/console-w/auditLogs/verify", { token: k })).json.ok).toBe(true);
    const tampered = await call("POST", "/dev/audit/tamper?tenant=console-w");
    expect(tampered.status).toBe(200);
    const check = await call("GET", "/v1/tenants/console-w/auditLogs/verify", { token: k });
    expect(check.json.ok).toBe(false);
    expect(check.json.shards.find((s: { shard: number }) => s.shard === tampered.json.shard)).toMatchObject({ ok: false, brokenAt: tampered.json.seq });
  });
});

describe("an admin's changes to a user's methods", () => {
  it("are audited as Entra names them, with the user and the method", async () => {
    const { key: k } = await signInTenant("console-x", { smsSignIn: false });
    const user = await userWithMethods("console-x", k, { userName: "lost@console.example", phone: "+1 201 555 0193" });
    const methods = (await call("GET", `/v1/tenants/console-x/users/${user.id}/authentication/methods`, { token: k })).json.value;
    const phone = methods.find((m: { type: string }) => m.type === "phone");
    expect((await call("DELETE", `/v1/tenants/console-x/users/${user.id}/authentication/phoneMethods/${phone.id}`, { token: k })).status).toBe(204);
    const log = await auditOf("console-x", k, "Admin deleted security info");
    expect(log).toEqual([expect.objectContaining({ userId: user.id, methods: ["mobilePhone"], actor: "admin", result: "success" })]);
    expect((await auditOf("console-x", k, "Admin registered security info")).length).toBe(1);
    const app = await directoryOf(env, "console-x").registerSecret(user.id, { type: "authenticatorApp", secret: "JBSWY3DPEHPK3PXPJBSWY3DP" });
    if (!app.ok) throw new Error("could not register the authenticator");
    expect((await call("DELETE", `/v1/tenants/console-x/users/${user.id}/authentication/softwareOathMethods/${app.value.id}`, { token: k })).status).toBe(204);
    expect((await auditOf("console-x", k, "Admin deleted security info")).map((e) => e.methods)).toContainEqual(["authenticatorApp"]);
  });
});
