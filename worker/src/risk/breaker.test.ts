import { describe, expect, it } from "vitest";
import { RANGE_BREAKER } from "../limits";
import { closedBreaker, onAttempt, onVerified, shardSpec, type BreakerSpec } from "./breaker";

const spec: BreakerSpec = { minSends: 5, minConversion: 0.2, cooldownMs: 60_000, maxCooldownMs: 2_000_000, probes: 2, probeWindowMs: 30_000 };
const pumped = { sent: 10, verified: 0 };

describe("the conversion circuit breaker", () => {
  it("stays closed until there is enough volume, and while codes are verified", () => {
    const state = closedBreaker(0);
    expect(onAttempt(spec, state, { sent: 4, verified: 0 }, 1).verdict).toBe("closed");
    expect(onAttempt(spec, state, { sent: 50, verified: 45 }, 1).verdict).toBe("closed");
    expect(onAttempt(spec, state, { sent: 10, verified: 2 }, 1).verdict).toBe("closed");
  });

  it("opens when conversion falls under the threshold, and stays open for the cooldown", () => {
    const opened = onAttempt(spec, closedBreaker(0), pumped, 1_000);
    expect(opened.verdict).toBe("open");
    expect(opened.state).toMatchObject({ phase: "open", since: 1_000, trips: 1 });
    expect(onAttempt(spec, opened.state, pumped, 1_000 + 59_999).verdict).toBe("open");
  });

  it("recovers: after the cooldown it lets probes through, and one verified probe closes it afresh", () => {
    const opened = onAttempt(spec, closedBreaker(0), pumped, 0).state;
    const probe1 = onAttempt(spec, opened, pumped, 60_000);
    expect(probe1.verdict).toBe("probe");
    expect(probe1.state.phase).toBe("half_open");
    const probe2 = onAttempt(spec, probe1.state, pumped, 61_000);
    expect(probe2.verdict).toBe("probe");
    expect(onAttempt(spec, probe2.state, pumped, 62_000).verdict).toBe("open");
    const closed = onVerified(probe2.state, 65_000);
    expect(closed).toEqual(closedBreaker(65_000));
    // Old sends before the recovery no longer count: the stats start again at `statsFrom`.
    expect(closed.statsFrom).toBe(65_000);
  });

  it("opens again when probes stay unverified, four times as long each time, up to the cap", () => {
    let state = onAttempt(spec, closedBreaker(0), pumped, 0).state;
    let now = 0;
    const cooldowns: number[] = [];
    for (let round = 0; round < 5; round++) {
      const openedAt = state.since;
      let probe = onAttempt(spec, state, pumped, now + 1);
      while (probe.verdict === "open") {
        now += 1_000;
        probe = onAttempt(spec, state, pumped, now);
      }
      cooldowns.push(now - openedAt);
      state = onAttempt(spec, onAttempt(spec, probe.state, pumped, now).state, pumped, now + spec.probeWindowMs + 1).state;
      now += spec.probeWindowMs + 1;
      expect(state.phase).toBe("open");
    }
    expect(cooldowns).toEqual([60_000, 240_000, 960_000, 2_000_000, 2_000_000]);
  });

  it("a verification while open does not close it: only a probe can", () => {
    const opened = onAttempt(spec, closedBreaker(0), pumped, 0).state;
    expect(onVerified(opened, 10)).toBe(opened);
  });

  it("splits a tenant-wide volume between shards", () => {
    expect(shardSpec(RANGE_BREAKER, 4).minSends).toBe(Math.ceil(RANGE_BREAKER.minSends / 4));
  });
});
