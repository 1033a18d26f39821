import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artefact, launchChromium } from "../support/browser";
import { outboxCode } from "../support/outbox";
import { startSesame, type RunningSesame } from "../support/start-sesame";

/**
 * The reset flow for real: the demo partner page (another origin, strict CSP with Trusted
 * Types), the real worker started as `npm start` starts it, the code read from the dev outbox.
 */
let sesame: RunningSesame;
let browser: Browser;

beforeAll(async () => {
  [sesame, browser] = await Promise.all([startSesame(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await sesame?.stop();
});

const RESET = "[data-sesame-widget=sesame-1]";

const codeFromOutbox = (to: string, since: number) => outboxCode(sesame.api, to, since);

async function outboxCount(): Promise<number> {
  return ((await (await fetch(`${sesame.api}/dev/outbox.json?tenant=demo&limit=200`)).json()) as { value: unknown[] }).value.length;
}

async function openDemo() {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(sesame.demo);
  await page.locator(`${RESET} input`).waitFor();
  return { page, errors, close: () => context.close() };
}

const heading = (page: Page) => page.locator(`${RESET} h2`).textContent();
/** The widget's text lives in its shadow root, which the host element's textContent does not include. */
const widgetText = (page: Page) => page.$eval(RESET, (host) => host.shadowRoot?.textContent ?? "");

/** Identify, choose the SMS method and confirm the number: what a user does before a code is sent. */
async function upToTheCode(page: Page, identifier: string, phone: string, widget = RESET) {
  await page.locator(`${widget} input`).fill(identifier);
  await page.keyboard.press("Enter");
  const methods = await chooseMethod(page, "Text my mobile phone", phone, widget);
  return { methods, text: await page.$eval(widget, (host) => host.shadowRoot?.textContent ?? "") };
}

async function chooseMethod(page: Page, label: string, confirmation: string, widget = RESET) {
  await page.locator(`${widget} h2`, { hasText: "Choose how to verify" }).waitFor();
  const methods = await page.locator(`${widget} label.choice`).allTextContents();
  await page.locator(`${widget} label.choice`, { hasText: label }).click();
  await page.locator(`${widget} #sesame-confirm`).fill(confirmation);
  await page.keyboard.press("Enter");
  await page.locator(`${widget} h2`, { hasText: "Enter your code" }).waitFor();
  return methods;
}

async function enterCode(page: Page, to: string, since: number, widget = RESET) {
  await page.locator(`${widget} #sesame-code`).fill(await codeFromOutbox(to, since));
  await page.keyboard.press("Enter");
}

describe("resetting a password with the widget against the real worker", () => {
  it("alice resets by SMS, reading the code from the dev outbox, and the page gets a confirmation", async () => {
    const { page, errors, close } = await openDemo();
    try {
      const since = Date.now() - 1000;
      await artefact(page.locator(RESET), "real-1-identify");
      const seen = await upToTheCode(page, "alice@contoso.example", "+1 201 555 0101");
      expect(seen.methods[0]).toBe("Text my mobile phone +1 ••• ••• ••01");
      expect(seen.text).toContain("If that matches our records, we sent you a code.");
      await artefact(page.locator(RESET), "real-2-verify-code");

      const code = await codeFromOutbox("+12015550101", since);
      await page.locator(`${RESET} #sesame-code`).fill(code);
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} h2`, { hasText: "Choose a new password" }).waitFor();
      await page.locator(`${RESET} #sesame-password`).fill("Glacier-Otter-77!");
      await page.locator(`${RESET} #sesame-password-confirm`).fill("Glacier-Otter-77!");
      await artefact(page.locator(RESET), "real-3-new-password");
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} h2`, { hasText: "Your password has been reset" }).waitFor();
      expect(await widgetText(page)).toContain("Sign in with your new password.");
      await artefact(page.locator(RESET), "real-4-done");

      const events = await page.evaluate(() => (window as unknown as { demoEvents: { kind: string; detail: Record<string, unknown> }[] }).demoEvents);
      expect(events.filter((event) => event.kind === "success")).toEqual([
        { kind: "success", detail: { widgetId: "sesame-1", flow: "reset", flowId: expect.stringMatching(/^demo\./), outcome: "password_reset" } },
      ]);
      expect(JSON.stringify(events)).not.toContain("Glacier");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("a wrong code is refused with the attempts left, and the right one still works", async () => {
    const { page, close } = await openDemo();
    try {
      const since = Date.now() - 1000;
      await upToTheCode(page, "bob@contoso.example", "+1 201 555 0102");
      const code = await codeFromOutbox("+12015550102", since);
      const wrong = code === "000000" ? "111111" : "000000";
      await page.locator(`${RESET} #sesame-code`).fill(wrong.slice(0, code.length));
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} [role=alert]`, { hasText: "That code didn't work" }).waitFor();
      expect(await widgetText(page)).toMatch(/\d attempts? left/);
      await page.locator(`${RESET} #sesame-code`).fill(code);
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} h2`, { hasText: "Choose a new password" }).waitFor();
    } finally {
      await close();
    }
  });

  it("an unknown user sees what a known one sees, and nothing is sent", async () => {
    const known = await openDemo();
    const unknown = await openDemo();
    try {
      const knownSeen = await upToTheCode(known.page, "bob@contoso.example", "+1 201 555 0102");
      const before = await outboxCount();
      const unknownSeen = await upToTheCode(unknown.page, "nobody-here@contoso.example", "+1 201 555 0199");
      expect(await heading(unknown.page)).toBe(await heading(known.page));
      // Same steps, same words; only the masked digits differ (fake hints for the unknown user).
      expect(knownSeen.text).toContain("If that matches our records, we sent you a code.");
      const mask = (text: string) => text.replace(/\d/g, "#").replace(/[a-z]•••@[a-z]•••\.[a-z]+/g, "x•••@x•••");
      expect(mask(unknownSeen.text).replace(/#+ attempts/, "")).toBe(mask(knownSeen.text).replace(/#+ attempts/, ""));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await outboxCount()).toBe(before);
    } finally {
      await known.close();
      await unknown.close();
    }
  });

  it("an admin is made to use two different methods: SMS, then email", async () => {
    const { page, close } = await openDemo();
    try {
      const since = Date.now() - 1000;
      await upToTheCode(page, "carol@contoso.example", "+1 201 555 0103");
      await enterCode(page, "+12015550103", since);
      await page.locator(`${RESET} h2`, { hasText: "Choose how to verify" }).waitFor();
      const second = await widgetText(page);
      expect(second).toContain("Your organization requires a second, different verification method.");
      expect(second).toContain("Verification step 2 of 2");
      await artefact(page.locator(RESET), "real-admin-second-method");
      await chooseMethod(page, "Email my alternate address", "carol.personal@example.org");
      await enterCode(page, "carol.personal@example.org", since);
      await page.locator(`${RESET} h2`, { hasText: "Choose a new password" }).waitFor();
      await page.locator(`${RESET} #sesame-password`).fill("Lantern-Quay-84!");
      await page.locator(`${RESET} #sesame-password-confirm`).fill("Lantern-Quay-84!");
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} h2`, { hasText: "Your password has been reset" }).waitFor();
    } finally {
      await close();
    }
  });

  it("when the tenant's policy asks for two methods, a user resets with SMS and email", async () => {
    const policy = (numberRequired: number) =>
      fetch(`${sesame.api}/v1/tenants/demo/policies/passwordReset`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${sesame.adminKey}`, "content-type": "application/json" },
        body: JSON.stringify({ authenticationMethods: { numberRequired } }),
      });
    expect((await policy(2)).status).toBe(200);
    const { page, close } = await openDemo();
    try {
      const since = Date.now() - 1000;
      await upToTheCode(page, "alice@contoso.example", "+1 201 555 0101");
      await enterCode(page, "+12015550101", since);
      await chooseMethod(page, "Email my alternate address", "alice.personal@example.org");
      await enterCode(page, "alice.personal@example.org", since);
      await page.locator(`${RESET} h2`, { hasText: "Choose a new password" }).waitFor();
      await page.locator(`${RESET} #sesame-password`).fill("Meadow-Pylon-51!");
      await page.locator(`${RESET} #sesame-password-confirm`).fill("Meadow-Pylon-51!");
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} h2`, { hasText: "Your password has been reset" }).waitFor();
    } finally {
      await close();
      await policy(1);
    }
  });

  it("a locked-out user unlocks the account and keeps the password", async () => {
    const UNLOCK = "[data-sesame-widget=sesame-2]";
    const { page, close } = await openDemo();
    try {
      const since = Date.now() - 1000;
      await page.locator(`${UNLOCK} input`).waitFor();
      expect(await page.locator(`${UNLOCK} h2`).textContent()).toBe("Unlock your account");
      await upToTheCode(page, "erin@contoso.example", "+1 201 555 0105", UNLOCK);
      await enterCode(page, "+12015550105", since, UNLOCK);
      await page.locator(`${UNLOCK} h2`, { hasText: "Unlock your account" }).waitFor();
      await page.locator(`${UNLOCK} label.choice`, { hasText: "keep my current password" }).click();
      await artefact(page.locator(UNLOCK), "real-unlock-options");
      await page.keyboard.press("Enter");
      await page.locator(`${UNLOCK} h2`, { hasText: "Your account is unlocked" }).waitFor();
      const events = await page.evaluate(() => (window as unknown as { demoEvents: { kind: string; detail: Record<string, unknown> }[] }).demoEvents);
      expect(events.filter((event) => event.kind === "success").map((event) => event.detail)).toEqual([
        { widgetId: "sesame-2", flow: "unlock", flowId: expect.any(String), outcome: "account_unlocked" },
      ]);
      const users = await fetch(`${sesame.api}/v1/tenants/demo/users?$filter=${encodeURIComponent("userName eq 'erin@contoso.example'")}`, {
        headers: { authorization: `Bearer ${sesame.adminKey}` },
      });
      expect(((await users.json()) as { value: { locked: boolean }[] }).value[0]?.locked).toBe(false);
    } finally {
      await close();
    }
  });

  it("a user without methods is shown the tenant's helpdesk", async () => {
    const { page, close } = await openDemo();
    try {
      await page.locator(`${RESET} input`).fill("dave@contoso.example");
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} h2`, { hasText: "Contact your helpdesk" }).waitFor();
      expect(await widgetText(page)).toContain("Call the Contoso helpdesk on +1 425 555 0100");
      await artefact(page.locator(RESET), "real-helpdesk");
    } finally {
      await close();
    }
  });
});

describe("the first step's CAPTCHA against the real worker", () => {
  it("sends an ALTCHA solution the worker accepts, and recovers by itself when a proof is refused", async () => {
    const { page, errors, close } = await openDemo();
    try {
      const identifies: { captcha?: string }[] = [];
      let spoiled = false;
      // The first proof is spoiled on its way out, as an expired one would be: the worker
      // answers CAPTCHA_INVALID, and the widget must fetch a fresh challenge, solve it and resend.
      await page.route(/\/v1\/flows\/demo\.[^/?]+$/, async (route) => {
        const request = route.request();
        const body = request.method() === "POST" ? (request.postDataJSON() as { identifier?: string; captcha?: string } | null) : null;
        if (!body || body.identifier === undefined) return route.continue();
        identifies.push(body);
        if (spoiled) return route.continue();
        spoiled = true;
        const token = JSON.parse(atob(body.captcha!)) as { solution: { derivedKey: string } };
        const key = token.solution.derivedKey;
        token.solution.derivedKey = key.slice(0, -1) + (key.endsWith("0") ? "1" : "0");
        return route.continue({ postData: JSON.stringify({ ...body, captcha: btoa(JSON.stringify(token)) }) });
      });
      await upToTheCode(page, "alice@contoso.example", "+1 201 555 0101");
      expect(identifies).toHaveLength(2);
      const decoded = identifies.map((body) => JSON.parse(atob(body.captcha!)) as { challenge: { parameters: { data: { flow: string } } }; solution: { counter: number } });
      const flowId = decoded[0]!.challenge.parameters.data.flow;
      expect(flowId).toMatch(/^demo\./);
      // Two challenges of the same flow, each solved.
      expect(decoded[1]!.challenge.parameters.data.flow).toBe(flowId);
      expect(decoded[1]!.challenge).not.toEqual(decoded[0]!.challenge);
      expect(await widgetText(page)).not.toContain("human");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
