import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium } from "../support/browser";
import { outboxCode } from "../support/outbox";
import { startSesame, type RunningSesame } from "../support/start-sesame";

/**
 * The admin console for real: the worker started as `npm start` starts it, Chromium at /admin.
 * Carol (the demo tenant's admin) signs in with her password and a code, changes the number of
 * methods a reset needs, and the widget on the demo page then asks alice for two; the reports
 * show that reset; bob's lost phone is removed; the audit chain verifies, then catches a
 * tampered entry. axe-core checks every console page; screenshots go to test-results/admin.
 */
let sesame: RunningSesame;
let browser: Browser;
let admin: Page;
/** Script errors of the console page, over every test. */
const pageErrors: string[] = [];
const CAROL_PASSWORD = "Harbor-Lantern-Quartz-58";

beforeAll(async () => {
  [sesame, browser] = await Promise.all([startSesame(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await sesame?.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync("test-results/admin", { recursive: true });
  await page.screenshot({ path: `test-results/admin/${name}.png`, fullPage: true, animations: "disabled" });
}

async function noViolations(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page, "body");
  expect(violations, `${what}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

const codeFromOutbox = (to: string, since: number) => outboxCode(sesame.api, to, since);

/** expect.poll with room for a loaded machine (its default gives up after a second). */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 200 });

const heading = (page: Page, text: string) => page.locator("h1", { hasText: text }).waitFor();
const open = async (page: Page, name: string, title: string) => {
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name }).click();
  await heading(page, title);
};

describe("the admin console", () => {
  it("signs carol in with her password and a code, through the sign-in flow (ALTCHA solved in the page)", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    admin = await context.newPage();
    admin.on("pageerror", (error) => pageErrors.push(error.message));
    await admin.goto(`${sesame.api}/admin/?tenant=demo`);
    await heading(admin, "Sign in to the Sesame admin console");
    await noViolations(admin, "sign-in: organization");
    await admin.getByLabel("Organization (tenant id)").press("Enter");
    await admin.getByLabel("User name").fill("carol@contoso.example");
    await admin.getByLabel("Password").fill(CAROL_PASSWORD);
    await noViolations(admin, "sign-in: password");
    await shot(admin, "1-sign-in");
    const since = Date.now() - 1000;
    await admin.getByLabel("Password").press("Enter");
    await heading(admin, "Verify it's you");
    await noViolations(admin, "sign-in: second factor");
    await admin.getByRole("radio", { name: /Text/ }).check();
    await admin.getByRole("button", { name: "Send code" }).click();
    await heading(admin, "Enter your code");
    await admin.getByLabel("Code").fill(await codeFromOutbox("+12015550103", since));
    await admin.getByLabel("Code").press("Enter");
    await heading(admin, "Overview of demo");
    await poll(() => admin.locator("header").textContent()).toContain("Signed in as carol@contoso.example");
    await noViolations(admin, "overview");
    await shot(admin, "2-overview");
  });

  it("changes the methods required to two, with keyboard-operable tabs", async () => {
    await open(admin, "Settings", "Settings");
    await noViolations(admin, "settings: properties");
    // The tab list is a WAI-ARIA tab list: arrow keys move between tabs.
    await admin.getByRole("tab", { name: "Properties" }).focus();
    await admin.keyboard.press("ArrowRight");
    await poll(() => admin.evaluate(() => document.activeElement?.textContent)).toBe("Authentication methods");
    await admin.getByLabel("Number of methods required to reset").selectOption("2");
    await admin.getByRole("button", { name: "Save" }).click();
    await admin.locator(".saved", { hasText: "Saved" }).waitFor();
    await noViolations(admin, "settings: authentication methods");
    await shot(admin, "3-settings-methods");
    for (const tab of ["Registration", "Notifications", "Customization", "On-premises integration", "Phone protection", "Providers", "Origins and site keys", "API keys"]) {
      await admin.getByRole("tab", { name: tab }).click();
      await admin.getByRole("tabpanel").locator("h2", { hasText: tab }).waitFor();
      await admin.getByRole("tabpanel").locator("form, table").first().waitFor({ timeout: 10_000 }).catch((error: Error) => {
        throw new Error(`the ${tab} tab shows no form or table: ${error.message}`);
      });
      await noViolations(admin, `settings: ${tab}`);
    }
    await admin.getByRole("tab", { name: "Customization" }).click();
    await admin.getByRole("img", { name: /Preview of the widget/ }).waitFor();
    await shot(admin, "4-settings-customization");
    const policy = (await (await fetch(`${sesame.api}/v1/tenants/demo/policies/passwordReset`, { headers: { authorization: `Bearer ${sesame.adminKey}` } })).json()) as { authenticationMethods: { numberRequired: number } };
    expect(policy.authenticationMethods.numberRequired).toBe(2);
  });

  it("the widget on the demo page then asks alice for two methods, and her reset completes", async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
    const page = await context.newPage();
    const widget = "[data-sesame-widget=sesame-1]";
    const text = () => page.$eval(widget, (host) => host.shadowRoot?.textContent ?? "");
    try {
      await page.goto(sesame.demo);
      await page.locator(`${widget} input`).waitFor();
      const since = Date.now() - 1000;
      await page.locator(`${widget} input`).fill("alice@contoso.example");
      await page.keyboard.press("Enter");
      await page.locator(`${widget} h2`, { hasText: "Choose how to verify" }).waitFor();
      expect(await text()).toContain("Verification step 1 of 2");
      await page.locator(`${widget} label.choice`, { hasText: "Text my mobile phone" }).click();
      await page.locator(`${widget} #sesame-confirm`).fill("+1 201 555 0101");
      await page.keyboard.press("Enter");
      await page.locator(`${widget} h2`, { hasText: "Enter your code" }).waitFor();
      await page.locator(`${widget} #sesame-code`).fill(await codeFromOutbox("+12015550101", since));
      await page.keyboard.press("Enter");
      // A second, different method, because the console said two.
      await page.locator(`${widget} h2`, { hasText: "Choose how to verify" }).waitFor();
      await poll(text).toContain("Verification step 2 of 2");
      await page.locator(`${widget} label.choice`, { hasText: "Email my alternate address" }).click();
      await page.locator(`${widget} #sesame-confirm`).fill("alice.personal@example.org");
      await page.keyboard.press("Enter");
      await page.locator(`${widget} h2`, { hasText: "Enter your code" }).waitFor();
      await page.locator(`${widget} #sesame-code`).fill(await codeFromOutbox("alice.personal@example.org", since));
      await page.keyboard.press("Enter");
      await page.locator(`${widget} h2`, { hasText: "Choose a new password" }).waitFor();
      await page.locator(`${widget} #sesame-password`).fill("Glacier-Otter-77!");
      await page.locator(`${widget} #sesame-password-confirm`).fill("Glacier-Otter-77!");
      await page.keyboard.press("Enter");
      await page.locator(`${widget} h2`, { hasText: "Your password has been reset" }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("the reports page shows the reset just made", async () => {
    const usage = admin.locator("section", { has: admin.locator("h2", { hasText: "Resets and unlocks" }) });
    // The reset's audit event is written just after its answer: open the page again until it is in.
    for (let attempt = 0; attempt < 20; attempt++) {
      await open(admin, "Reports", "Reports");
      if ((await usage.locator("p").first().textContent({ timeout: 30_000 }))?.includes("Resets: 1 succeeded")) break;
      await open(admin, "Overview", "Overview of demo");
    }
    await poll(() => usage.locator("p").first().textContent()).toContain("Resets: 1 succeeded");
    await poll(() => admin.getByRole("table", { name: "Resets by method and result" }).textContent()).toContain("email + mobilePhone");
    await admin.getByRole("table", { name: "Codes per destination country" }).waitFor();
    await poll(() => admin.getByRole("table", { name: "Users with no methods registered" }).textContent()).toContain("dave@contoso.example");
    const download = admin.waitForEvent("download");
    await admin.getByRole("button", { name: "Download “Resets by method and result” as CSV" }).click();
    expect((await download).suggestedFilename()).toBe("resets-by-method.csv");
    await noViolations(admin, "reports");
    await shot(admin, "5-reports");
  });

  it("removes bob's lost phone", async () => {
    await open(admin, "Users", "Users");
    await noViolations(admin, "users");
    await admin.getByLabel("Search users").fill("bob");
    await admin.getByLabel("Search users").press("Enter");
    await admin.getByRole("link", { name: "bob@contoso.example" }).click();
    await admin.locator("h2", { hasText: "bob@contoso.example" }).waitFor();
    await noViolations(admin, "user detail");
    const methods = admin.getByRole("table", { name: "Authentication methods" });
    await poll(() => methods.textContent()).toContain("Mobile phone +1 ••• ••• ••02");
    await admin.getByRole("button", { name: "Remove Mobile phone +1 ••• ••• ••02" }).click();
    await poll(() => methods.textContent()).not.toContain("••02");
    await shot(admin, "6-user-phone-removed");
    const bob = (await (await fetch(`${sesame.api}/v1/tenants/demo/users?$search=bob`, { headers: { authorization: `Bearer ${sesame.adminKey}` } })).json()) as { value: { id: string }[] };
    const left = (await (await fetch(`${sesame.api}/v1/tenants/demo/users/${bob.value[0]!.id}/authentication/methods`, { headers: { authorization: `Bearer ${sesame.adminKey}` } })).json()) as { value: { type: string }[] };
    expect(left.value.filter((m) => m.type === "phone")).toEqual([]);
  });

  it("the audit chain verifies, and then catches a tampered entry", async () => {
    await open(admin, "Audit log", "Audit log");
    await poll(() => admin.getByRole("table", { name: "Audit entries, newest first" }).textContent()).toContain("Admin deleted security info");
    await admin.getByRole("button", { name: "Verify the audit chain" }).click();
    await poll(() => admin.locator("#chain-verdict").textContent()).toBe("Chain verified: no entry was changed.");
    await noViolations(admin, "audit log");
    await shot(admin, "7-audit-verified");
    // Someone with raw access to storage rewrites an entry (a development-only route does it).
    const tampered = await fetch(`${sesame.api}/dev/audit/tamper?tenant=demo`, { method: "POST" });
    expect(tampered.status).toBe(200);
    await admin.getByRole("button", { name: "Verify the audit chain" }).click();
    await poll(() => admin.locator("#chain-verdict").textContent()).toContain("Tampering detected");
    await shot(admin, "8-audit-tampered");
  });

  it("the webhooks page adds an endpoint and shows its secret once", async () => {
    await open(admin, "Webhooks", "Webhooks");
    await admin.getByLabel("Endpoint URL (https)").fill("https://hooks.contoso.example/sesame");
    await admin.getByRole("button", { name: "Add endpoint" }).click();
    await poll(() => admin.locator(".once").textContent()).toContain("whsec_");
    await poll(() => admin.getByRole("table", { name: "Endpoints" }).textContent()).toContain("https://hooks.contoso.example/sesame");
    await noViolations(admin, "webhooks");
    await shot(admin, "9-webhooks");
    expect(pageErrors).toEqual([]);
  });
});
