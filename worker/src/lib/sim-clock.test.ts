import { afterEach, describe, expect, it } from "vitest";
import { startFlow } from "../../test/flows";
import { flowTenant } from "../../test/flows";
import { applySimClock, resetSimClock, SIM_TIME_HEADER, simClockAllowed } from "./sim-clock";

const YEAR_2040 = Date.UTC(2040, 0, 1);
const withTime = (ms: number) => new Request("http://sesame.test/v1/health", { headers: { [SIM_TIME_HEADER]: String(ms) } });

afterEach(() => resetSimClock());

describe("the simulator clock", () => {
  it("cannot be switched on in production, whatever else is set", () => {
    for (const SESAME_SIM_CLOCK of ["on", "ON", "true", "1", undefined]) {
      const env = { SESAME_ENV: "production" as const, SESAME_SIM_CLOCK };
      expect(simClockAllowed(env)).toBe(false);
      expect(applySimClock(env, withTime(YEAR_2040))).toBe(false);
      expect(Math.abs(Date.now() - new Date().getTime())).toBeLessThan(5_000);
    }
  });

  it("stays off in development and test unless SESAME_SIM_CLOCK is exactly \"on\"", () => {
    for (const SESAME_ENV of ["development", "test"] as const) {
      expect(applySimClock({ SESAME_ENV, SESAME_SIM_CLOCK: undefined }, withTime(YEAR_2040))).toBe(false);
      expect(applySimClock({ SESAME_ENV, SESAME_SIM_CLOCK: "yes" }, withTime(YEAR_2040))).toBe(false);
    }
    expect(Date.now()).toBeLessThan(YEAR_2040 - 86_400_000);
  });

  it("moves Date.now for the simulator, only forward, keeps it running, and ignores nonsense", () => {
    const env = { SESAME_ENV: "test" as const, SESAME_SIM_CLOCK: "on" };
    expect(applySimClock(env, withTime(YEAR_2040))).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(YEAR_2040);
    expect(Date.now()).toBeLessThan(YEAR_2040 + 60_000);
    expect(applySimClock(env, withTime(YEAR_2040 - 86_400_000))).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(YEAR_2040);
    expect(applySimClock(env, withTime(-5))).toBe(false);
    expect(applySimClock(env, new Request("http://sesame.test/", { headers: { [SIM_TIME_HEADER]: "soon" } }))).toBe(false);
    resetSimClock();
    expect(Date.now()).toBeLessThan(YEAR_2040 - 86_400_000);
  });

  it("is ignored by the worker as tests configure it (no SESAME_SIM_CLOCK)", async () => {
    const { origin } = await flowTenant("simclock-t");
    const started = Date.now();
    const { exports } = await import("cloudflare:workers");
    const answer = await exports.default.fetch(
      new Request("http://sesame.test/v1/flows/reset?tenant=simclock-t", { method: "POST", headers: { origin, [SIM_TIME_HEADER]: String(YEAR_2040) } }),
    );
    const flow = (await answer.json()) as { expiresAt: string };
    expect(Date.parse(flow.expiresAt) - started).toBeLessThan(16 * 60_000);
    expect((await startFlow("simclock-t", origin)).status).toBe(200);
  });
});
