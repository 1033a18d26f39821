import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artefact, axeViolations, launchChromium } from "../support/browser";
import { startSesame, type RunningSesame } from "../support/start-sesame";

/**
 * The widget as a partner gets it: built, served by the worker as static assets, loaded by one
 * script tag into the demo partner page on another origin under a strict CSP (with Trusted
 * Types), in Debian's Chromium.
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

async function demoPage(options: { viewport?: { width: number; height: number } } = {}) {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 1600 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // The flows API may still be missing in this build: its 404s are not the widget's fault.
    if (message.type() === "error" && !/\/v1\/flows\/|status of 404|CORS policy|ERR_FAILED/.test(message.text())) problems.push(message.text());
  });
  await page.addInitScript(() => {
    (window as unknown as { cspViolations: string[] }).cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) =>
      (window as unknown as { cspViolations: string[] }).cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  await page.goto(sesame.demo);
  return { page, problems, close: () => context.close() };
}

const widgetHeadings = (page: Page) =>
  page.$$eval("[data-sesame-widget]", (hosts) => hosts.map((host) => host.shadowRoot?.querySelector("h2")?.textContent ?? null));

describe("the widget on the demo partner page", () => {
  it("is served by the worker with CORS for every partner origin and long caching for hashed chunks", async () => {
    const loader = await fetch(`${sesame.api}/v1/sesame.js`);
    expect(loader.status).toBe(200);
    expect(loader.headers.get("content-type")).toMatch(/javascript/);
    expect(loader.headers.get("access-control-allow-origin")).toBe("*");
    const app = /["`](w\/app-[\w-]+\.js)["`]/.exec(await loader.text())?.[1];
    expect(app).toBeTruthy();
    const chunk = await fetch(`${sesame.api}/v1/${app}`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(chunk.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("renders every flow from one script tag, on another origin, under a strict CSP, with nothing leaking either way", async () => {
    const { page, problems, close } = await demoPage();
    try {
      const csp = (await page.request.get(sesame.demo)).headers()["content-security-policy"];
      expect(csp).toContain("script-src 'self' " + sesame.api);
      expect(csp).toContain("require-trusted-types-for 'script'");
      await page.waitForFunction(() => document.querySelectorAll("[data-sesame-widget]").length === 5 && [...document.querySelectorAll("[data-sesame-widget]")].every((h) => h.shadowRoot?.querySelector("h2")));
      expect(await widgetHeadings(page)).toEqual(expect.arrayContaining([expect.any(String)]));
      // The tenant's branding comes from the real /v1/config, across origins.
      // The name arrives with the config, after the first step has rendered, so wait for it.
      await page.waitForFunction(() => document.querySelector("[data-sesame-widget]")?.shadowRoot?.querySelector(".brand")?.textContent !== "", null, { timeout: 10_000 });
      expect(await page.$eval("[data-sesame-widget]", (host) => host.shadowRoot!.querySelector(".brand")?.textContent)).toBe("Contoso");
      // The host page's `input, button { border: 5px dashed red }` does not reach inside.
      const buttonBorder = await page.$eval("[data-sesame-widget]", (host) => getComputedStyle(host.shadowRoot!.querySelector("button, input")!).borderStyle);
      expect(buttonBorder).not.toBe("dashed");
      // Only one global, and nothing added to the host's <head>.
      expect(await page.evaluate(() => Object.keys(window).filter((key) => key.toLowerCase().includes("sesame")))).toEqual(["sesame"]);
      expect(await page.evaluate(() => document.head.querySelectorAll("link[rel=modulepreload], style").length)).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
      // "My security info" needs a signed-in user: on a page nobody signed in to, its flow is
      // refused with 401 (and the widget says so); nothing else may fail.
      expect(problems.filter((p) => !p.includes("status of 401"))).toEqual([]);
      expect(problems.filter((p) => p.includes("status of 401")).length).toBeLessThanOrEqual(1);
      await artefact(page, "demo-page");
    } finally {
      await close();
    }
  });

  it.each([1100, 320])("keeps the box it reserved: the first step does not move the page (%i px wide)", async (width) => {
    const { page, close } = await demoPage({ viewport: { width, height: 1600 } });
    try {
      await page.waitForFunction(() => [...document.querySelectorAll("[data-sesame-widget]")].every((h) => h.shadowRoot?.querySelector("h2")));
      const shift = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            let total = 0;
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!entry.hadRecentInput) total += entry.value;
            }).observe({ type: "layout-shift", buffered: true });
            setTimeout(() => resolve(total), 500);
          }),
      );
      expect(shift).toBe(0);
    } finally {
      await close();
    }
  });

  it("reports its web vitals (sampled: the demo page asks for all) when the page is hidden, numbers only", async () => {
    const { page, close } = await demoPage();
    try {
      await page.waitForFunction(() => [...document.querySelectorAll("[data-sesame-widget]")].every((h) => h.shadowRoot?.querySelector("h2")));
      await page.locator("[data-sesame-widget=sesame-1] input").click();
      // Sampled page views load the web-vitals chunk once the browser is idle after the first step.
      await page.waitForFunction(() => performance.getEntriesByType("resource").some((entry) => entry.name.includes("/v1/w/vitals-")), undefined, { timeout: 10_000 });
      await page.waitForTimeout(100);
      const report = page.waitForRequest((request) => request.url().startsWith(`${sesame.api}/v1/vitals?tenant=demo`), { timeout: 10_000 });
      // What a tab switch does: the page becomes hidden and the widget sends what it measured.
      await page.evaluate(() => {
        Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
        document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
      });
      const request = await report;
      const body = JSON.parse(request.postData() ?? "{}") as { flow: string; metrics: { name: string; value: number }[] };
      // One report per page, named for the widget that started it.
      expect(["reset", "unlock", "sms-signin", "signin", "security-info"]).toContain(body.flow);
      expect(body.metrics.map((metric) => metric.name)).toContain("LOAD");
      expect(Object.keys(body).sort()).toEqual(["flow", "metrics"]);
      // The worker took it (POST /v1/vitals answers 204 once the report is valid and logged).
      expect((await request.response())?.status()).toBe(204);
    } finally {
      await close();
    }
  });

  it("renders explicitly with sesame.render, in Spanish and dark, and resets and removes by id", async () => {
    const { page, close } = await demoPage();
    try {
      await page.waitForFunction(() => typeof (window as unknown as { sesame?: unknown }).sesame === "object");
      await page.click("#explicit-render");
      const heading = () => page.$eval("#explicit [data-sesame-widget]", (host) => host.shadowRoot?.querySelector("h2")?.textContent ?? "");
      await page.waitForFunction(() => document.querySelector("#explicit [data-sesame-widget]")?.shadowRoot?.querySelector("h2"));
      expect(await heading()).toBe("Restablecer la contraseña");
      expect(await page.$eval("#explicit [data-sesame-widget]", (host) => host.shadowRoot!.querySelector(".root")!.className)).toContain("dark");
      expect(await page.textContent("#log")).toContain("sesame.render → sesame-6");
      await page.click("#explicit-reset");
      await page.click("#explicit-remove");
      expect(await page.$$eval("#explicit *", (nodes) => nodes.length)).toBe(0);
    } finally {
      await close();
    }
  });
});
