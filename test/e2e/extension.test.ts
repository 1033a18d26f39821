import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page, type Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeQrPath } from "../../widget/src/app/testing/qr-decode";
import { startSesame, type RunningSesame } from "../support/start-sesame";
import { captchaToken } from "../support/sesame-client";

/**
 * The built Chrome extension (dist/extension/chrome-mv3) loaded in real Chromium, against the real
 * worker started as `npm start` starts it: sign in from the popup, a widget reset on the demo
 * page turns into a notification, "this wasn't me" ends the session and blocks the next reset,
 * an approval with the right number completes a reset while a wrong one fails it, a method is
 * added from the popup after a fresh sign-in there, and a password sign-in is approved in it.
 */
/** The extension APIs that the code evaluated in Chromium below uses (it runs there, not here). */
declare const chrome: {
  storage: { local: { get(keys: string | null): Promise<Record<string, unknown>> } };
  notifications: { getAll(): Promise<Record<string, boolean>> };
  action: { getBadgeText(details: object): Promise<string> };
  runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; value: Record<string, boolean> }> };
};

const EXTENSION = resolve("dist/extension/chrome-mv3");
const RESET = "[data-sesame-widget=sesame-1]";
const ALICE_PHONE = "+12015550101";

let sesame: RunningSesame;
let context: BrowserContext;
let worker: Worker;
let extensionId = "";
let aliceId = "";

const admin = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${sesame.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${sesame.adminKey}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
};

/** A flow step from outside any browser, as a partner's server or a script would take it. */
/** CAPTCHA tokens of the flows `flow` started, attached to their first step as the widget would. */
const captchas = new Map<string, string>();

async function flow(path: string, body?: unknown, headers: Record<string, string> = {}) {
  // Flow ids are base64url after the tenant: "-" is one of their characters.
  const id = /^\/v1\/flows\/([\w.-]+)$/.exec(path)?.[1];
  const token = id ? captchas.get(id) : undefined;
  if (token && body && typeof body === "object" && ("identifier" in body || "phoneNumber" in body || "userName" in body)) {
    body = { ...body, captcha: token };
    captchas.delete(id!);
  }
  const response = await fetch(`${sesame.api}${path}`, { method: "POST", headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const json = await response.json();
  const started = json?.state === "identify" && typeof json.id === "string" ? await captchaToken(json) : null;
  if (started) captchas.set(json.id, started);
  return { status: response.status, json };
}

/** Messages whose code a test already took: a code sent just before `since` (the previous test's) is never taken twice. */
const taken = new Set<string>();

async function codeFromOutbox(to: string, since: number): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const { value } = (await (await fetch(`${sesame.api}/dev/outbox.json?tenant=demo`)).json()) as { value: { to: string; text: string; createdAt: string }[] };
    const message = value.find((m) => m.to === to && Date.parse(m.createdAt) >= since && !taken.has(`${m.createdAt} ${m.text}`) && /\b\d{6,10}\b/.test(m.text));
    const code = message && /\b(\d{6,10})\b/.exec(message.text)?.[1];
    if (message && code) {
      taken.add(`${message.createdAt} ${message.text}`);
      return code;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code for ${to}`);
}

/** What the extension's background holds in storage. */
const stored = <T>(key: string): Promise<T> => worker.evaluate(async (k) => (await chrome.storage.local.get(k))[k], key) as Promise<T>;

async function popup(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  return page;
}

beforeAll(async () => {
  if (!existsSync(join(EXTENSION, "manifest.json"))) execFileSync(process.execPath, ["scripts/build-extension.mjs"], { stdio: "inherit" });
  sesame = await startSesame();
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "sesame-chromium-")), {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [`--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`, "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  extensionId = new URL(worker.url()).host;

  // The tenant's admin turns on what the extension offers: SMS sign-in for alice, and approval
  // by the extension as a reset method.
  const users = await admin("GET", `/v1/tenants/demo/users?$filter=${encodeURIComponent("userName eq 'alice@contoso.example'")}`);
  aliceId = users.json.value[0].id;
  const methods = await admin("GET", `/v1/tenants/demo/users/${aliceId}/authentication/methods`);
  const mobile = methods.json.value.find((m: { phoneType?: string }) => m.phoneType === "mobile");
  expect((await admin("POST", `/v1/tenants/demo/users/${aliceId}/authentication/phoneMethods/${mobile.id}/enableSmsSignIn`)).status).toBe(204);
  // Phone protection judges the demo's fictional numbers, all sent to from one address; it is
  // tested on its own (test/e2e/durability.test.ts, worker/src/risk): here it records, in shadow mode.
  expect((await admin("PATCH", "/v1/tenants/demo/policies/phoneProtection", { mode: "shadow", captcha: { altchaDifficulty: 1_000 } })).status).toBe(200);
  const policy = await admin("PATCH", "/v1/tenants/demo/policies/passwordReset", { authenticationMethods: { allowed: ["mobilePhone", "email", "authenticatorApp", "extension"], numberRequired: 1 } });
  expect(policy.status).toBe(200);
});

afterAll(async () => {
  await context?.close();
  await sesame?.stop();
});

describe("the companion extension in Chromium", () => {
  it("signs in from the popup with an SMS code and pairs a device key, then holds a live connection", async () => {
    const page = await popup();
    await page.locator("#server").fill(sesame.api);
    await page.locator("#tenant").fill("demo");
    await page.locator("#sign-in-sms").click();
    const since = Date.now() - 1000;
    await page.locator("#phone").fill("+1 201 555 0101");
    await page.keyboard.press("Enter");
    await page.locator("#code").fill(await codeFromOutbox(ALICE_PHONE, since));
    await page.keyboard.press("Enter");
    await page.locator("h2", { hasText: "alice@contoso.example" }).waitFor();
    // The popup lists her methods, the new "browser extension" among them, masked.
    await page.locator("[data-method=extension]").waitFor();
    expect(await page.locator("[data-method=phone]").textContent()).toContain("+1 ••• ••• ••01");

    const accounts = await stored<{ id: string; userId: string; deviceId: string }[]>("accounts");
    expect(accounts).toEqual([expect.objectContaining({ userId: aliceId, deviceId: expect.stringMatching(/^ext_/) })]);
    expect(JSON.stringify(await worker.evaluate(() => chrome.storage.local.get(null)))).not.toMatch(/eyJ|password/i);
    await expect.poll(async () => (await page.evaluate(() => chrome.runtime.sendMessage({ type: "status" }))).value[accounts[0]!.id], { timeout: 15_000 }).toBe(true);
    await page.close();
  });

  it("turns a password reset done through the widget on the demo page into a notification, live", async () => {
    const page = await context.newPage();
    await page.goto(sesame.demo);
    await page.locator(`${RESET} input`).waitFor();
    const since = Date.now() - 1000;
    await page.locator(`${RESET} input`).fill("alice@contoso.example");
    await page.keyboard.press("Enter");
    await page.locator(`${RESET} label.choice`, { hasText: "Text my mobile phone" }).click();
    await page.locator(`${RESET} #sesame-confirm`).fill("+1 201 555 0101");
    await page.keyboard.press("Enter");
    await page.locator(`${RESET} #sesame-code`).fill(await codeFromOutbox(ALICE_PHONE, since));
    await page.keyboard.press("Enter");
    await page.locator(`${RESET} #sesame-password`).fill("Glacier-Otter-77!");
    await page.locator(`${RESET} #sesame-password-confirm`).fill("Glacier-Otter-77!");
    await page.keyboard.press("Enter");
    await page.locator(`${RESET} h2`, { hasText: "Your password has been reset" }).waitFor();
    const doneAt = Date.now();

    await expect.poll(async () => Object.keys(await worker.evaluate(() => chrome.notifications.getAll())).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const timeline = await stored<{ kind: string; arrivedBy: string; receivedAt: number; id: string }[]>("timeline");
    const completed = timeline.find((e) => e.kind === "reset_completed")!;
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["reset_started", "reset_completed"]));
    // Pushed over the inbox's WebSocket, not found by the 30-second polling fallback.
    expect(completed.arrivedBy).toBe("socket");
    // The promise: the alert is in the extension within 2 seconds of the reset (here it
    // usually lands before the widget has even drawn "done").
    expect(completed.receivedAt - doneAt).toBeLessThan(2_000);
    expect(Object.keys(await worker.evaluate(() => chrome.notifications.getAll()))).toContain(`alert:demo/${aliceId}:${completed.id}`);
    expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).not.toBe("");
    await page.close();
  });

  it("'this wasn't me' ends the user's sessions and blocks the next reset", async () => {
    // A live session of alice's (an ID token from an SMS sign-in), which must die.
    const since = Date.now() - 1000;
    const signIn = await flow("/v1/flows/sms_signin?tenant=demo");
    await flow(`/v1/flows/${signIn.json.id}`, { phoneNumber: "+1 201 555 0101" });
    const signedIn = await flow(`/v1/flows/${signIn.json.id}`, { action: "verify", code: await codeFromOutbox(ALICE_PHONE, since) });
    const token = signedIn.json.ui.token as string;
    expect((await flow("/v1/flows/security_info?tenant=demo", undefined, { authorization: `Bearer ${token}` })).status).toBe(200);

    const page = await popup();
    await page.locator("[data-alert=reset_completed] .wasnt-me").first().click();
    await page.locator(".confirm-report").click();
    await page.locator("#report-status", { hasText: "Reported" }).waitFor();
    expect((await flow("/v1/flows/security_info?tenant=demo", undefined, { authorization: `Bearer ${token}` })).status).toBe(401);

    const reset = await flow("/v1/flows/reset?tenant=demo");
    const chosen = await flow(`/v1/flows/${reset.json.id}`, { identifier: "alice@contoso.example" });
    expect(chosen.json).toMatchObject({ state: "choose_method" });
    const sms = chosen.json.methods.find((m: { kind: string }) => m.kind === "sms");
    const blocked = await flow(`/v1/flows/${reset.json.id}`, { method: sms.id, confirm: "+1 201 555 0101" });
    expect(blocked.json.state).toBe("helpdesk");
    await page.reload();
    await page.locator("#blocked").waitFor();
    const audit = await admin("GET", `/v1/tenants/demo/auditLogs?activity=${encodeURIComponent("User reported suspicious activity")}`);
    expect(audit.json.value).toEqual([expect.objectContaining({ userId: aliceId, reason: "USER_REPORTED_FRAUD" })]);
    await page.close();
  });

  it("approves a reset in the extension with the number the page shows; a wrong number fails it", async () => {
    expect((await admin("DELETE", `/v1/tenants/demo/users/${aliceId}/selfServiceBlock`)).status).toBe(204);
    const reset = await flow("/v1/flows/reset?tenant=demo");
    const chosen = await flow(`/v1/flows/${reset.json.id}`, { identifier: "alice@contoso.example" });
    expect(chosen.json).toMatchObject({ state: "choose_method" });
    const extension = chosen.json.methods.find((m: { kind: string }) => m.kind === "extension");
    const asked = await flow(`/v1/flows/${reset.json.id}`, { method: extension.id });
    expect(asked.json.state).toBe("verify_extension");
    const number = asked.json.ui.approval.number as string;

    // The request reaches the extension as a notification that waits for the user.
    await expect.poll(async () => Object.keys(await worker.evaluate(() => chrome.notifications.getAll())).some((id) => id.startsWith("approval:")), { timeout: 30_000 }).toBe(true);
    const page = await popup();
    await page.locator("[data-approval] input").fill(number === "42" ? "43" : "42");
    await page.locator("[data-approval] button[type=submit]").click();
    await page.locator("#approval-result", { hasText: "didn't match" }).waitFor();
    const denied = await flow(`/v1/flows/${reset.json.id}`, { action: "check" });
    expect(denied.json.error.code).toBe("APPROVAL_DENIED");

    const again = await flow(`/v1/flows/${reset.json.id}`, { action: "resend" });
    await page.reload();
    await page.locator("[data-approval] input").fill(again.json.ui.approval.number);
    await page.locator("[data-approval] button[type=submit]").click();
    await page.locator("#approval-result", { hasText: "Approved" }).waitFor();
    expect((await flow(`/v1/flows/${reset.json.id}`, { action: "check" })).json.state).toBe("new_password");
    expect((await flow(`/v1/flows/${reset.json.id}`, { password: "Harbor-Quartz-Lantern-58!" })).json.state).toBe("done");
    await page.close();
  });

  it("adds an email from the popup, after signing in again there and with the code sent to it", async () => {
    const page = await popup();
    await page.locator("#manage-methods-open").click();
    const since = Date.now() - 1000;
    await page.locator("#reauth-phone").fill("+1 201 555 0101");
    await page.keyboard.press("Enter");
    await page.locator("#reauth-code").fill(await codeFromOutbox(ALICE_PHONE, since));
    await page.keyboard.press("Enter");
    await page.locator("#info-overview").waitFor();
    await page.locator("#add-email-section summary").click();
    const sent = Date.now() - 1000;
    await page.locator("#add-email").fill("alice.new@example.org");
    await page.locator("#add-email-send").click();
    await page.locator("#info-code").fill(await codeFromOutbox("alice.new@example.org", sent));
    await page.keyboard.press("Enter");
    await page.locator("[data-info-method=email]", { hasText: "a•••" }).waitFor();
    const methods = await admin("GET", `/v1/tenants/demo/users/${aliceId}/authentication/methods`);
    // The admin API masks it too: the email slot is the one just verified (it replaced the old address).
    const email = methods.json.value.find((m: { type: string }) => m.type === "email");
    expect(Date.parse(email.createdAt)).toBeGreaterThanOrEqual(sent);
    // An authenticator app is set up by scanning the popup's QR code, which carries the key shown
    // beside it (cancelled here: the later tests expect Alice without one).
    await page.locator("#add-authenticator").click();
    const drawn = await page.locator("#info-verify svg[role=img]").evaluate((svg) => ({
      size: Number(svg.getAttribute("viewBox")!.split(" ")[2]),
      path: svg.querySelector("path")!.getAttribute("d")!,
    }));
    const scanned = decodeQrPath(drawn.size, drawn.path);
    expect(new URL(scanned!).searchParams.get("secret")).toBe(await page.locator("#totp-secret").textContent());
    await page.locator("#info-verify button", { hasText: "Cancel" }).click();
    await page.locator("#info-overview").waitFor();
    await page.close();
  });

  it("approves a password sign-in as its second factor, with the number the page shows", async () => {
    expect((await admin("PATCH", "/v1/tenants/demo/policies/signIn", { mfa: { scope: "all", methods: ["sms", "extension"] } })).status).toBe(200);
    const signIn = await flow("/v1/flows/signin?tenant=demo");
    // The password the approved reset above set.
    const chosen = await flow(`/v1/flows/${signIn.json.id}`, { userName: "alice@contoso.example", password: "Harbor-Quartz-Lantern-58!" });
    expect(chosen.json).toMatchObject({ state: "choose_method" });
    const extension = chosen.json.methods.find((m: { kind: string }) => m.kind === "extension");
    const asked = await flow(`/v1/flows/${signIn.json.id}`, { method: extension.id });
    expect(asked.json.state).toBe("verify_extension");

    await expect.poll(async () => (await stored<{ flowType: string }[]>("approvals") ?? []).some((a) => a.flowType === "signin"), { timeout: 30_000 }).toBe(true);
    const page = await popup();
    const request = page.locator("[data-approval]", { hasText: "sign-in" });
    await request.locator("input").fill(asked.json.ui.approval.number);
    await request.locator("button[type=submit]").click();
    await page.locator("#approval-result", { hasText: "Approved" }).waitFor();
    const done = await flow(`/v1/flows/${signIn.json.id}`, { action: "check" });
    expect(done.json.state).toBe("done");
    const claims = JSON.parse(Buffer.from(done.json.ui.token.split(".")[1], "base64url").toString());
    expect(claims).toMatchObject({ sub: aliceId, amr: ["pwd", "mfa", "swk"] });
    await page.close();
  });
});
