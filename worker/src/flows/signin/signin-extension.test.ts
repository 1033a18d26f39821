import { beforeAll, describe, expect, it } from "vitest";
import { call, errorCode } from "../../../test/api";
import { deviceCall, pairDevice, type TestDevice } from "../../../test/device";
import { startFlow, submit, userWithMethods } from "../../../test/flows";
import { auditOf, signInTenant, startAt, submitAt, tokenFor, verifyAsPartner } from "../../../test/signin";
import { APPROVAL_TTL_SECONDS } from "../../limits";

/**
 * The browser extension as the second factor of password sign-in: the same inbox approvals as
 * reset (number matching, decided once, rate-limited), through the shared extension port.
 */
const T = "pwd-ext";
const PASSWORD = "Original-Passw0rd-Kestrel";
let origin = "";
let key = "";
let siteKey = "";

beforeAll(async () => {
  let site: { siteKey: string };
  ({ origin, key, site } = await signInTenant(T, { smsSignIn: false }));
  siteKey = site.siteKey;
  const policy = await call("PATCH", `/v1/tenants/${T}/policies/signIn`, { token: key, body: { mfa: { scope: "all", methods: ["sms", "totp", "extension"] } } });
  expect(policy.status).toBe(200);
});

async function pairedUser(userName: string, phone: string): Promise<{ userId: string; device: TestDevice }> {
  const user = await userWithMethods(T, key, { userName, phone });
  return { userId: user.id, device: await pairDevice(T, await tokenFor(T, user.id, siteKey)) };
}

/** Password right, then the extension chosen as the second factor. */
async function askedExtension(userName: string, ip: string) {
  const id = (await startFlow(T, origin, "signin", ip)).json.id as string;
  const chosen = await submit(id, origin, { userName, password: PASSWORD }, ip);
  expect(chosen.json.state).toBe("choose_method");
  const extension = chosen.json.methods.find((m: { kind: string }) => m.kind === "extension");
  expect(extension).toMatchObject({ id: "extension-1", hint: null, confirm: null });
  const asked = await submit(id, origin, { method: extension.id }, ip);
  expect(asked.json.state).toBe("verify_extension");
  return { id, number: asked.json.ui.approval.number as string };
}

const pending = async (device: TestDevice) => (await deviceCall(device, "GET", "/v1/extension/alerts?after=0")).json.approvals as { id: string; flowType: string }[];
const decide = (device: TestDevice, approvalId: string, body: unknown) => deviceCall(device, "POST", `/v1/extension/approvals/${approvalId}`, body);

describe("approving a password sign-in in the extension", () => {
  it("offers the extension only when the policy allows it and the user has paired one", async () => {
    await userWithMethods(T, key, { userName: "nopair@ext-in.example", phone: "+1 201 555 0401" });
    const id = (await startFlow(T, origin, "signin", "203.0.113.40")).json.id as string;
    const chosen = await submit(id, origin, { userName: "nopair@ext-in.example", password: PASSWORD }, "203.0.113.40");
    expect(chosen.json.methods.map((m: { kind: string }) => m.kind)).toEqual(["sms"]);
    expect(errorCode(await submit(id, origin, { method: "extension-1" }, "203.0.113.40"))).toBe("METHOD_NOT_AVAILABLE");
  });

  it("signs in once the right number is typed in the extension (amr pwd mfa swk)", async () => {
    const { device } = await pairedUser("yes@ext-in.example", "+1 201 555 0402");
    const { id, number } = await askedExtension("yes@ext-in.example", "203.0.113.41");
    expect(number).toMatch(/^[1-9]\d$/);
    const [request] = await pending(device);
    expect(request).toMatchObject({ flowType: "signin" });
    expect(JSON.stringify(request)).not.toContain(`"${number}"`);
    // Still waiting: the page keeps checking.
    expect((await submit(id, origin, { action: "check" }, "203.0.113.41")).json.state).toBe("verify_extension");
    expect((await decide(device, request!.id, { decision: "approve", number })).json.outcome).toBe("approved");
    const done = await submit(id, origin, { action: "check" }, "203.0.113.41");
    expect(done.json.state).toBe("done");
    expect(await verifyAsPartner(done.json.ui.token, siteKey)).toMatchObject({ amr: ["pwd", "mfa", "swk"] });
    await expect.poll(async () => (await auditOf(T, key, "Sign-in with password")).some((e) => e.userName === "yes@ext-in.example" && e.result === "success")).toBe(true);
    const success = (await auditOf(T, key, "Sign-in with password")).find((e) => e.userName === "yes@ext-in.example" && e.result === "success");
    expect(success).toMatchObject({ methods: ["password", "extension"], step: "token_issued" });
  });

  it("fails on a wrong number or a denial, counted like wrong codes, and asks again on resend", async () => {
    const { device } = await pairedUser("no@ext-in.example", "+1 201 555 0403");
    const { id, number } = await askedExtension("no@ext-in.example", "203.0.113.42");
    const [first] = await pending(device);
    expect((await decide(device, first!.id, { decision: "approve", number: number === "42" ? "43" : "42" })).json.outcome).toBe("wrong_number");
    const wrong = await submit(id, origin, { action: "check" }, "203.0.113.42");
    expect(errorCode(wrong)).toBe("APPROVAL_DENIED");
    expect(wrong.json.flow.state).toBe("verify_extension");
    // Nothing pending any more: a check without asking again is an expired request.
    expect(errorCode(await submit(id, origin, { action: "check" }, "203.0.113.42"))).toBe("APPROVAL_EXPIRED");

    const again = await submit(id, origin, { action: "resend" }, "203.0.113.42");
    expect(again.json.ui.approval.number).toMatch(/^[1-9]\d$/);
    const [second] = await pending(device);
    expect(second!.id).not.toBe(first!.id);
    expect((await decide(device, second!.id, { decision: "deny" })).json.outcome).toBe("denied");
    expect(errorCode(await submit(id, origin, { action: "check" }, "203.0.113.42"))).toBe("APPROVAL_DENIED");
    // "back" returns to the choices; the SMS code is still on offer.
    expect((await submit(id, origin, { action: "back" }, "203.0.113.42")).json.state).toBe("choose_method");

    await expect.poll(async () => (await auditOf(T, key, "Sign-in with password")).filter((e) => e.userName === "no@ext-in.example").length).toBe(2);
    const reasons = (await auditOf(T, key, "Sign-in with password")).filter((e) => e.userName === "no@ext-in.example").map((e) => e.reason);
    expect(reasons.sort()).toEqual(["APPROVAL_DENIED", "APPROVAL_NUMBER_MISMATCH"]);
  });

  it("ends after 5 refusals, like 5 wrong codes", async () => {
    const { device } = await pairedUser("five@ext-in.example", "+1 201 555 0404");
    const { id } = await askedExtension("five@ext-in.example", "203.0.113.43");
    let last: string | undefined;
    for (let i = 0; i < 5; i++) {
      if (i > 0) await submit(id, origin, { action: "resend" }, "203.0.113.43");
      const [request] = await pending(device);
      await decide(device, request!.id, { decision: "deny" });
      last = errorCode(await submit(id, origin, { action: "check" }, "203.0.113.43"));
    }
    expect(last).toBe("OTP_ATTEMPTS_EXCEEDED");
    expect(errorCode(await submit(id, origin, { action: "resend" }, "203.0.113.43"))).toBe("OTP_ATTEMPTS_EXCEEDED");
  });

  it("times out: an unanswered request is APPROVAL_EXPIRED after its lifetime (fake clock)", async () => {
    await pairedUser("late@ext-in.example", "+1 201 555 0405");
    const now = Date.now();
    const id = (await startAt(T, "signin", now)).json.id as string;
    expect((await submitAt(id, { userName: "late@ext-in.example", password: PASSWORD }, now, "203.0.113.44")).json.state).toBe("choose_method");
    const asked = await submitAt(id, { method: "extension-1" }, now, "203.0.113.44");
    expect(asked.json.state).toBe("verify_extension");
    expect(Date.parse(asked.json.ui.approval.expiresAt)).toBe(now + APPROVAL_TTL_SECONDS * 1000);
    expect((await submitAt(id, { action: "check" }, now + (APPROVAL_TTL_SECONDS - 1) * 1000, "203.0.113.44")).json.state).toBe("verify_extension");
    const late = await submitAt(id, { action: "check" }, now + (APPROVAL_TTL_SECONDS + 1) * 1000, "203.0.113.44");
    expect(late.json.error.code).toBe("APPROVAL_EXPIRED");
    expect(late.json.flow.state).toBe("verify_extension");
    await expect.poll(async () => (await auditOf(T, key, "Sign-in with password")).some((e) => e.userName === "late@ext-in.example" && e.reason === "APPROVAL_EXPIRED")).toBe(true);
  });

  it("refuses a check in any other state, and keeps the per-user prompt limit", async () => {
    await pairedUser("flood@ext-in.example", "+1 201 555 0406");
    const id = (await startFlow(T, origin, "signin", "203.0.113.45")).json.id as string;
    expect(errorCode(await submit(id, origin, { action: "check" }, "203.0.113.45"))).toBe("FLOW_STATE_INVALID");
    const { id: asking } = await askedExtension("flood@ext-in.example", "203.0.113.46");
    for (let i = 0; i < 4; i++) expect((await submit(asking, origin, { action: "resend" }, "203.0.113.46")).status).toBe(200);
    expect(errorCode(await submit(asking, origin, { action: "resend" }, "203.0.113.46"))).toBe("RATE_LIMITED");
  });

  it("counts the paired extension as a second factor: the last one cannot be signed out", async () => {
    const user = await userWithMethods(T, key, { userName: "only@ext-in.example" });
    const device = await pairDevice(T, await tokenFor(T, user.id, siteKey));
    expect(errorCode(await deviceCall(device, "DELETE", "/v1/extension/device"))).toBe("METHOD_REQUIRED");
    // With a phone beside it, the extension is not the last second factor.
    const other = await userWithMethods(T, key, { userName: "both@ext-in.example", phone: "+1 201 555 0407" });
    const second = await pairDevice(T, await tokenFor(T, other.id, siteKey));
    expect((await deviceCall(second, "DELETE", "/v1/extension/device")).status).toBe(204);
  });
});
