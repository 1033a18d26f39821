import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artefact, axeViolations, launchChromium } from "../support/browser";
import { fakeFlows, type FlowScript } from "../support/fake-flows";
import { startSesame, type RunningSesame } from "../support/start-sesame";

/**
 * Every step of the widget in real Chromium, on the demo partner page, with the flows API
 * scripted in the browser (test/support/fake-flows.ts): keyboard use, focus, axe-core (WCAG 2.2
 * A/AA) on each step and each error, narrow and zoomed layouts, and a screenshot of each step.
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
const methods = [
  { id: "m1", kind: "sms", hint: "+1 ••• ••• ••01", confirm: "phone" },
  { id: "m2", kind: "email", hint: "a•••@example.org", confirm: "email" },
  { id: "m3", kind: "totp", hint: null, confirm: null },
];
const codeUi = (attemptsLeft: number) => ({ ui: { code: { channel: "sms", length: 6, resendAvailableAt: new Date(Date.now() + 45_000).toISOString(), attemptsLeft } } });
const sent = { messages: [{ id: 1010001, key: "CODE_SENT_IF_MATCH", type: "info", text: "If that matches our records, we sent you a code." }] };
const policy = { ui: { password: { minLength: 10, maxLength: 256, requiredCharacterClasses: 3 } } };

/** The reset flow as the worker will answer it, with a wrong code and a banned password on the way. */
const resetScript: FlowScript = (state, payload) => {
  if (state === "identify") return { state: "choose_method", extra: { methods } };
  if (state === "choose_method") return { state: "verify_code", extra: { ...codeUi(5), ...sent } };
  if (state === "verify_code" && payload.code === "000000") return { error: { code: "OTP_INVALID" }, extra: codeUi(4) };
  if (state === "verify_code") return { state: "new_password", extra: policy };
  if (state === "new_password" && payload.password === "Contoso-2026!")
    return { error: { code: "PASSWORD_REJECTED", details: [{ path: "password", issue: "PASSWORD_BANNED" }] } };
  return { state: "done", extra: { messages: [{ id: 1010004, key: "PASSWORD_RESET", type: "info", text: "…" }] } };
};

async function open(script: FlowScript, options: Parameters<typeof fakeFlows>[3] = {}, context: { viewport?: { width: number; height: number }; reducedMotion?: "reduce" } = {}) {
  // bypassCSP: axe-core itself would trip the demo page's Trusted Types policy (the widget
  // under that policy is covered by widget.test.ts).
  const ctx = await browser.newContext({ viewport: context.viewport ?? { width: 1100, height: 1400 }, bypassCSP: true, reducedMotion: context.reducedMotion ?? "no-preference" });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const fake = await fakeFlows(page, sesame.api, script, options);
  await page.goto(sesame.demo);
  await page.locator(`${RESET} h2`).waitFor();
  return { page, errors, submits: fake.submits, close: () => ctx.close() };
}

const heading = (page: Page) => page.locator(`${RESET} h2`).textContent();
const focusedInWidget = (page: Page) => page.$eval(RESET, (host) => host.shadowRoot!.activeElement?.tagName ?? null);

async function expectAccessible(page: Page, step: string) {
  const violations = await axeViolations(page, RESET);
  expect(violations, `${step}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  await artefact(page.locator(RESET), `reset-${step}`);
}

describe("the reset widget, step by step", () => {
  it("walks identify → choose → verify → new password → done by keyboard, accessible at every step", async () => {
    const { page, errors, submits, close } = await open(resetScript);
    try {
      await page.waitForFunction((sel) => document.querySelector(sel)?.shadowRoot?.querySelector("input"), RESET);
      expect(await heading(page)).toBe("Reset your password");
      expect(await focusedInWidget(page)).toBeNull();
      await expectAccessible(page, "1-identify");

      await page.locator(`${RESET} input`).focus();
      await page.keyboard.type("alice@contoso.example");
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} h2`, { hasText: "Choose how to verify" }).waitFor();
      // Focus moves to the new step's heading once it has rendered (an effect after paint).
      await expect.poll(() => focusedInWidget(page)).toBe("H2");
      await expectAccessible(page, "2-choose-method");

      await page.keyboard.press("Tab");
      await page.keyboard.press("Space");
      await page.locator(`${RESET} #sesame-confirm`).waitFor();
      await expectAccessible(page, "3-confirm-phone");
      await page.keyboard.press("Tab");
      await page.keyboard.type("+1 201 555 0101");
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} h2`, { hasText: "Enter your code" }).waitFor();
      expect(await page.locator(`${RESET} #sesame-code`).getAttribute("autocomplete")).toBe("one-time-code");
      await expectAccessible(page, "4-verify-code");

      await page.locator(`${RESET} #sesame-code`).fill("000000");
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} [role=alert]`, { hasText: "That code didn't work" }).waitFor();
      await expectAccessible(page, "5-verify-code-wrong");

      await page.locator(`${RESET} #sesame-code`).focus();
      await page.keyboard.insertText("123 456");
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} h2`, { hasText: "Choose a new password" }).waitFor();
      await page.locator(`${RESET} #sesame-password`).fill("short");
      await expectAccessible(page, "6-new-password");

      await page.locator(`${RESET} #sesame-password`).fill("Contoso-2026!");
      await page.locator(`${RESET} #sesame-password-confirm`).fill("Contoso-2026!");
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} li.unmet`, { hasText: "banned" }).waitFor();
      await expectAccessible(page, "7-new-password-refused");

      await page.locator(`${RESET} #sesame-password`).fill("Glacier-Otter-77");
      await page.locator(`${RESET} #sesame-password-confirm`).fill("Glacier-Otter-77");
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} h2`, { hasText: "Your password has been reset" }).waitFor();
      await expectAccessible(page, "8-done");

      expect(submits).toEqual([
        { identifier: "alice@contoso.example" },
        { method: "m1", confirm: "+1 201 555 0101" },
        { action: "verify", code: "000000" },
        { action: "verify", code: "123456" },
        { password: "Contoso-2026!" },
        { password: "Glacier-Otter-77" },
      ]);
      const events = await page.evaluate(() => (window as unknown as { demoEvents: { kind: string; detail: unknown }[] }).demoEvents.filter((e) => e.kind === "success"));
      expect(events).toEqual([{ kind: "success", detail: { widgetId: "sesame-1", flow: "reset", flowId: expect.any(String), outcome: "password_reset" } }]);
      expect(JSON.stringify(events)).not.toContain("Glacier");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it.each([
    ["answer-questions", "answer_questions", { ui: { questions: [{ id: "q1", text: "What was the name of your first pet?" }, { id: "q2", text: "In what city were you born?" }] } }],
    ["unlock-options", "unlock_options", { ui: { unlock: { canKeepPassword: true } } }],
    ["helpdesk", "helpdesk", {}],
    ["second-method", "choose_method", { methods, ui: { progress: { verified: 1, required: 2 } }, messages: [{ id: 1010003, key: "SECOND_METHOD_REQUIRED", type: "info", text: "…" }] }],
    ["totp", "verify_code", { ui: { code: { channel: "totp", length: 6, resendAvailableAt: null } } }],
  ])("%s is accessible", async (name, state, extra) => {
    const { page, errors, close } = await open(() => ({}), { first: state, firstExtra: extra });
    try {
      await page.waitForFunction((sel) => !document.querySelector(sel)?.shadowRoot?.querySelector(".loading"), RESET);
      await expectAccessible(page, name);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("a throttle and an expired flow are announced accessibly", async () => {
    const script: FlowScript = (_state, payload) =>
      payload.identifier === "slow" ? { status: 429, error: { code: "RATE_LIMITED", retryAfter: 90 } } : { status: 410, error: { code: "FLOW_EXPIRED" } };
    const { page, close } = await open(script);
    try {
      await page.locator(`${RESET} input`).fill("slow");
      await page.keyboard.press("Enter");
      await page.locator(`${RESET} [role=alert]`, { hasText: "Try again in 2 minutes" }).waitFor();
      await expectAccessible(page, "throttled");
      await page.locator(`${RESET} input`).fill("late");
      await page.waitForTimeout(50);
      // Still throttled: the widget holds the submit instead of sending it.
      await page.keyboard.press("Enter");
      expect(await page.locator(`${RESET} button[type=submit]`).getAttribute("aria-disabled")).toBe("true");
    } finally {
      await close();
    }
    const expired = await open(() => ({ status: 410, error: { code: "FLOW_EXPIRED" } }));
    try {
      await expired.page.locator(`${RESET} input`).fill("alice");
      await expired.page.keyboard.press("Enter");
      await expired.page.locator(`${RESET} button`, { hasText: "Start over" }).waitFor();
      await expectAccessible(expired.page, "expired");
    } finally {
      await expired.close();
    }
  });
});

describe("the widget's layout", () => {
  it("reflows at 320 px wide (what 400% zoom gives a 1280 px screen) without horizontal scrolling", async () => {
    const { page, close } = await open(() => ({}), { first: "new_password", firstExtra: policy }, { viewport: { width: 320, height: 900 } });
    try {
      await page.locator(`${RESET} #sesame-password`).waitFor();
      const overflow = await page.$eval(RESET, (host) => {
        const root = host.shadowRoot!.querySelector(".root") as HTMLElement;
        return { scroll: root.scrollWidth, client: root.clientWidth, page: document.documentElement.scrollWidth };
      });
      expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
      expect(overflow.page).toBeLessThanOrEqual(320);
      await expectAccessible(page, "320px-new-password");
    } finally {
      await close();
    }
  });

  it("at 200% zoom (a 640 px viewport at twice the pixels) keeps text and targets usable", async () => {
    const ctx = await browser.newContext({ viewport: { width: 640, height: 900 }, deviceScaleFactor: 2, bypassCSP: true });
    const page = await ctx.newPage();
    try {
      await fakeFlows(page, sesame.api, () => ({}), { first: "choose_method", firstExtra: { methods } });
      await page.goto(sesame.demo);
      await page.locator(`${RESET} input[type=radio]`).first().waitFor();
      const box = await page.locator(`${RESET} button[type=submit]`).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(24);
      await artefact(page.locator(RESET), "reset-zoom-200");
    } finally {
      await ctx.close();
    }
  });

  it("does not animate for users who asked for reduced motion", async () => {
    const { page, close } = await open(() => ({}), {}, { reducedMotion: "reduce" });
    try {
      const animation = await page.$eval(RESET, (host) => {
        const probe = document.createElement("span");
        probe.className = "spinner";
        host.shadowRoot!.querySelector(".root")!.append(probe);
        return getComputedStyle(probe).animationName;
      });
      expect(animation).toBe("none");
    } finally {
      await close();
    }
  });
});
