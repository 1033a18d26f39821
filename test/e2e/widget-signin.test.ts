import { createRemoteJWKSet, jwtVerify } from "jose";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artefact, axeViolations, launchChromium } from "../support/browser";
import { SESAME_PASSWORD, sesameClient } from "../support/sesame-client";
import { outboxCode } from "../support/outbox";
import { startSesame, type RunningSesame } from "../support/start-sesame";

/**
 * Password sign-in as a partner's users get it: the demo partner page's `signin` widget in
 * Chromium against the real worker. A wrong password is refused without saying which field was
 * wrong; the right one (with the second factor, when the demo tenant's policy asks for one, by
 * the code from the dev outbox) ends with a token that verifies against Sesame's JWKS.
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

const WIDGET = `.sesame[data-flow="signin"]`;

const codeFromOutbox = (to: string, since: number) => outboxCode(sesame.api, to, since);

describe("password sign-in with the widget against the real worker", () => {
  it("refuses a wrong password, then signs in with the right one; the callback's token verifies against the JWKS", async () => {
    const client = sesameClient(sesame.api, sesame.adminKey, new URL(sesame.demo).origin);
    const userName = "kim.signin@contoso.example";
    const userId = await client.user(userName, "+1 201 555 0188");
    const { siteKey } = (await client.admin<{ siteKey: string }>("GET", "/siteKey")).json;

    const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    try {
      await page.goto(sesame.demo);
      const heading = page.locator(`${WIDGET} h2`);
      await page.locator(`${WIDGET} #sesame-password`).waitFor();
      expect(await heading.textContent()).toBe("Sign in");
      expect(await axeViolations(page, WIDGET)).toEqual([]);

      await page.locator(`${WIDGET} #sesame-identifier`).fill(userName);
      await page.locator(`${WIDGET} #sesame-password`).fill("not-the-password");
      await page.locator(`${WIDGET} #sesame-password`).press("Enter");
      await page.locator(`${WIDGET} #sesame-alert`, { hasText: "Your user name or password is incorrect." }).waitFor();
      expect(await page.locator(`${WIDGET} #sesame-password`).inputValue()).toBe("");
      expect(await page.locator(`${WIDGET} #sesame-identifier`).inputValue()).toBe(userName);

      const since = Date.now() - 1000;
      await page.locator(`${WIDGET} #sesame-password`).fill(SESAME_PASSWORD);
      await page.locator(`${WIDGET} #sesame-password`).press("Enter");
      await heading.filter({ hasNotText: "Sign in" }).waitFor();
      let amr = ["pwd"];
      // The demo tenant's sign-in policy may ask for a second factor: the user's mobile phone.
      if ((await heading.textContent()) === "Choose how to verify") {
        await artefact(page.locator(WIDGET), "signin-1-choose");
        expect(await axeViolations(page, WIDGET)).toEqual([]);
        await page.locator(`${WIDGET} input[type=radio]`).first().check();
        await page.locator(`${WIDGET} button[type=submit]`).click();
        await heading.filter({ hasText: "Enter your code" }).waitFor();
        await page.locator(`${WIDGET} #sesame-code`).fill(await codeFromOutbox("+12015550188", since));
        await page.keyboard.press("Enter");
        amr = ["pwd", "mfa"];
      }
      await heading.filter({ hasText: "You're signed in" }).waitFor();
      await artefact(page.locator(WIDGET), "signin-2-done");
      expect(await axeViolations(page, WIDGET)).toEqual([]);

      const events = await page.evaluate(() => (window as unknown as { demoEvents: { kind: string; detail: { flow?: string; token?: string } }[] }).demoEvents);
      const tokens = events.filter((event) => event.kind === "success" && event.detail.flow === "signin").map((event) => event.detail.token);
      expect(tokens).toEqual([expect.any(String)]);
      const jwks = createRemoteJWKSet(new URL(`${sesame.api}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(tokens[0]!, jwks, { issuer: sesame.api, audience: siteKey });
      expect(payload).toMatchObject({ sub: userId, tid: "demo" });
      expect(payload.amr).toEqual(expect.arrayContaining(amr));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
