import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";

/** Debian's Chromium, headless, as ENVIRONMENT.md describes; playwright-core downloads nothing. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules) in the page, limited to `selector` (open shadow
 * roots included). It is evaluated through the DevTools protocol, not a script tag, so the
 * page's CSP does not stop it; pages under Trusted Types need a context with bypassCSP.
 */
export async function axeViolations(page: Page, selector: string): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ include: [[include]] }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })) }));
  }, selector);
}

/** A screenshot kept as a test artefact under test-results/ (git-ignored). */
export async function artefact(target: Page | Locator, name: string): Promise<void> {
  const path = `test-results/widget/${name}.png`;
  mkdirSync(dirname(path), { recursive: true });
  await target.screenshot({ path, animations: "disabled" });
}
