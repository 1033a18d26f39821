import { decodeQrPath } from "../../widget/src/app/testing/qr-decode";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { TOTP } from "otpauth";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artefact, axeViolations, launchChromium } from "../support/browser";
import { sesameClient } from "../support/sesame-client";
import { outboxCode } from "../support/outbox";
import { startSesame, type RunningSesame } from "../support/start-sesame";

/**
 * SMS sign-in as a partner's users get it: the demo partner page (another origin, strict CSP
 * with Trusted Types) in Chromium, the real worker, the code read from the dev outbox, and the
 * token the page's success callback receives verified as the partner's backend would, with
 * jose against Sesame's published JWKS.
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

const WIDGET = `.sesame[data-flow="sms-signin"]`;

const codeFromOutbox = (to: string, since: number) => outboxCode(sesame.api, to, since);


describe("SMS sign-in with the widget against the real worker", () => {
  it("signs in by text message, the callback's token verifies against the JWKS and opens \"My security info\", where an authenticator app is added by QR code", async () => {
    const client = sesameClient(sesame.api, sesame.adminKey, new URL(sesame.demo).origin);
    const phone = "+12015550177";
    const userId = await client.user("sms.signin@contoso.example", "+1 201 555 0177");
    const methods = await client.admin<{ value: { id: string; phoneType: string }[] }>("GET", `/users/${userId}/authentication/methods`);
    const mobile = methods.json.value.find((method) => method.phoneType === "mobile")!;
    expect((await client.admin("POST", `/users/${userId}/authentication/phoneMethods/${mobile.id}/enableSmsSignIn`)).status).toBeLessThan(300);
    const { siteKey } = (await client.admin<{ siteKey: string }>("GET", "/siteKey")).json;

    const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    try {
      await page.goto(sesame.demo);
      // The partner's named callback, as the page defines it, with a recorder around it.
      await page.evaluate(() => {
        const w = window as unknown as { demo: { onSuccess: (result: unknown) => void }; received: unknown[] };
        const original = w.demo.onSuccess;
        w.received = [];
        w.demo.onSuccess = (result) => {
          w.received.push(result);
          original(result);
        };
      });
      const input = page.locator(`${WIDGET} input`);
      await input.waitFor();
      const since = Date.now() - 1000;
      await input.fill("+1 201 555 0177");
      await page.keyboard.press("Enter");
      await page.locator(`${WIDGET} h2`, { hasText: "Enter your code" }).waitFor();
      await artefact(page.locator(WIDGET), "sms-signin-1-code");
      await page.locator(`${WIDGET} #sesame-code`).fill(await codeFromOutbox(phone, since));
      await page.keyboard.press("Enter");
      await page.locator(`${WIDGET} h2`, { hasText: "You're signed in" }).waitFor();
      await artefact(page.locator(WIDGET), "sms-signin-2-done");
      expect(await axeViolations(page, WIDGET)).toEqual([]);

      const received = (await page.evaluate(() => (window as unknown as { received: unknown[] }).received)) as { flow: string; flowId: string; token: string }[];
      expect(received).toEqual([{ flow: "sms-signin", flowId: expect.stringMatching(/^demo\./), token: expect.any(String) }]);
      const token = received[0]!.token;
      // The DOM event carries the same token.
      const events = await page.evaluate(() => (window as unknown as { demoEvents: { kind: string; detail: { token?: string } }[] }).demoEvents);
      expect(events.filter((event) => event.kind === "success").map((event) => event.detail.token)).toEqual([token]);

      // What the partner's backend does: verify with Sesame's published keys.
      const jwks = createRemoteJWKSet(new URL(`${sesame.api}/.well-known/jwks.json`));
      const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: sesame.api, audience: siteKey });
      expect(protectedHeader.alg).toMatch(/^(ES256|EdDSA|RS256)$/);
      expect(payload).toMatchObject({ sub: userId, amr: ["sms"], tid: "demo" });
      // A token for another audience, or signed by someone else, does not pass.
      await expect(jwtVerify(token, jwks, { issuer: sesame.api, audience: "another-site" })).rejects.toThrow();
      const [header, body] = token.split(".");
      await expect(jwtVerify(`${header}.${body}.${"A".repeat(86)}`, jwks, { issuer: sesame.api, audience: siteKey })).rejects.toThrow();

      // The same token opens "My security info" (explicit rendering), where the user adds an
      // authenticator app by its QR code, as a phone's camera would read it.
      await page.evaluate((idToken) => {
        const box = document.createElement("div");
        box.id = "security-info";
        document.body.append(box);
        (window as unknown as { sesame: { render(el: string, options: object): string } }).sesame.render("#security-info", { tenant: "demo", flow: "security-info", token: idToken });
      }, token);
      const INFO = "#security-info";
      await page.locator(`${INFO} h2`, { hasText: "My security info" }).waitFor();
      expect(await page.locator(`${INFO} li`).allTextContents()).toEqual([expect.stringContaining("Phone +1 ••• ••• ••77")]);
      await page.locator(`${INFO} button`, { hasText: "Add an authenticator app" }).click();
      await page.locator(`${INFO} h2`, { hasText: "Set up your authenticator app" }).waitFor();
      await artefact(page.locator(INFO), "security-info-1-authenticator-qr");
      expect(await axeViolations(page, INFO)).toEqual([]);
      const drawn = await page.locator(`${INFO} svg[role=img]`).evaluate((svg) => ({
        size: Number(svg.getAttribute("viewBox")!.split(" ")[2]),
        path: svg.querySelector("path")!.getAttribute("d")!,
      }));
      const scanned = decodeQrPath(drawn.size, drawn.path);
      expect(scanned).toMatch(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
      const secretShown = (await page.locator(`${INFO} code.secret`).textContent())!.replace(/\s/g, "");
      expect(new URL(scanned!).searchParams.get("secret")).toBe(secretShown);
      const code = new TOTP({ secret: secretShown, digits: 6, period: 30, algorithm: "SHA1" }).generate();
      await page.locator(`${INFO} #sesame-code`).fill(code);
      await page.keyboard.press("Enter");
      await page.locator(`${INFO} li`, { hasText: "Authenticator app" }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
