import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * The simulator clock (worker/src/lib/sim-clock.ts) needs SESAME_ENV to be development or test
 * and SESAME_SIM_CLOCK to be "on". A deployment takes its vars from wrangler.toml, which must
 * keep both out of reach; `npm start` writes .dev.vars, which must not turn the clock on either.
 */
describe("what a deployment is configured with", () => {
  const toml = readFileSync("wrangler.toml", "utf8");

  it("is production, with no simulator clock, in every environment of wrangler.toml", () => {
    const envs = toml.match(/^SESAME_ENV\s*=.*$/gm) ?? [];
    expect(envs).toEqual(['SESAME_ENV = "production"']);
    expect(toml).not.toMatch(/SESAME_SIM_CLOCK/);
  });

  it("gets no simulator clock from the local .dev.vars generator", () => {
    expect(readFileSync("scripts/dev-vars.mjs", "utf8")).not.toMatch(/SESAME_SIM_CLOCK/);
  });
});
