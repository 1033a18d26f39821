import { beforeAll, describe, expect, it } from "vitest";
import { call, errorCode } from "../../test/api";
import { deviceAuth, pairDevice } from "../../test/device";
import { codeSentTo, startFlow, submit, userWithMethods } from "../../test/flows";
import { auditOf, openSecurityInfo, signInTenant, tokenFor } from "../../test/signin";

/**
 * Changing methods from the extension's popup, as the popup does it against the real worker: from
 * a chrome-extension:// origin, a fresh password sign-in (with the second factor the policy asks
 * for) gives the ID token that opens My security info; its rules hold there as in the widget. The
 * device key alone opens nothing.
 */
const T = "ext-methods";
const POPUP = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";
const PASSWORD = "Original-Passw0rd-Kestrel";
let key = "";
let siteKey = "";

beforeAll(async () => {
  let site: { siteKey: string };
  ({ key, site } = await signInTenant(T, { smsSignIn: false }));
  siteKey = site.siteKey;
  expect((await call("PATCH", `/v1/tenants/${T}/policies/signIn`, { token: key, body: { mfa: { scope: "all" } } })).status).toBe(200);
});

/** The popup's fresh sign-in: password, then a text to the mobile phone. */
async function popupSignIn(userName: string, phone: string, ip: string): Promise<string> {
  const id = (await startFlow(T, POPUP, "signin", ip)).json.id as string;
  const chosen = await submit(id, POPUP, { userName, password: PASSWORD }, ip);
  expect(chosen.json.state).toBe("choose_method");
  await submit(id, POPUP, { method: "sms-1" }, ip);
  const done = await submit(id, POPUP, { action: "verify", code: await codeSentTo(phone) }, ip);
  expect(done.json.state).toBe("done");
  return done.json.ui.token as string;
}

describe("changing methods from the extension's popup", () => {
  it("adds an email with a code, refuses removing the last required method, and reconfirms, after a fresh sign-in", async () => {
    const user = await userWithMethods(T, key, { userName: "pop@ext-m.example", phone: "+1 201 555 0501" });
    await pairDevice(T, await tokenFor(T, user.id, siteKey));
    const token = await popupSignIn("pop@ext-m.example", "+12015550501", "203.0.113.50");

    const opened = await openSecurityInfo(T, POPUP, token);
    expect(opened.status).toBe(200);
    const info = opened.json.ui.securityInfo;
    expect(info.methods.map((m: { type: string }) => m.type)).toEqual(["phone", "extension"]);
    const id = opened.json.id as string;

    // The phone is the only method reset needs: it cannot go.
    const phone = info.methods.find((m: { type: string }) => m.type === "phone");
    expect(errorCode(await submit(id, POPUP, { action: "remove", methodId: phone.id }))).toBe("METHOD_REQUIRED");

    expect((await submit(id, POPUP, { action: "add_email", emailAddress: "pop.home@example.org" })).json.state).toBe("verify_code");
    const added = await submit(id, POPUP, { action: "verify", code: await codeSentTo("pop.home@example.org") });
    expect(added.json.state).toBe("overview");
    expect(added.json.ui.securityInfo.methods.map((m: { type: string }) => m.type)).toEqual(["phone", "extension", "email"]);
    expect((await submit(id, POPUP, { action: "reconfirm" })).status).toBe(200);
    const email = added.json.ui.securityInfo.methods.find((m: { type: string }) => m.type === "email");
    const removed = await submit(id, POPUP, { action: "remove", methodId: email.id });
    expect(removed.json.ui.securityInfo.methods.map((m: { type: string }) => m.type)).toEqual(["phone", "extension"]);

    await expect.poll(async () => (await auditOf(T, key)).filter((e) => e.userId === user.id).map((e) => e.activity)).toEqual(
      expect.arrayContaining(["User registered security info", "User reviewed security info", "User deleted security info"]),
    );
  });

  it("needs a recent sign-in: an old one opens the list but changes nothing", async () => {
    const user = await userWithMethods(T, key, { userName: "stale@ext-m.example", phone: "+1 201 555 0502" });
    const old = await tokenFor(T, user.id, siteKey, { authTime: Date.now() - 11 * 60_000 });
    const opened = await openSecurityInfo(T, POPUP, old);
    expect(opened.status).toBe(200);
    expect(errorCode(await submit(opened.json.id, POPUP, { action: "add_email", emailAddress: "stale.home@example.org" }))).toBe("REAUTHENTICATION_REQUIRED");
  });

  it("does not open My security info with the device's signature alone", async () => {
    const user = await userWithMethods(T, key, { userName: "dev@ext-m.example", phone: "+1 201 555 0503" });
    const device = await pairDevice(T, await tokenFor(T, user.id, siteKey));
    const path = `/v1/flows/security_info?tenant=${T}`;
    const auth = await deviceAuth(device, "POST", path, null);
    const header = `Sesame-Device ${Object.entries(auth).map(([k, v]) => `${k}=${v}`).join(",")}`;
    const answer = await call("POST", path, { headers: { origin: POPUP, authorization: header } });
    expect(answer.status).toBe(401);
    expect(errorCode(answer)).toBe("UNAUTHENTICATED");
  });
});
