import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeSentTo, submit, userWithMethods } from "../../test/flows";
import { askForCode, decisionsFor, protectedTenant, reasonsOf, received, setPolicy } from "../../test/risk";
import { applySimClock, resetSimClock, SIM_TIME_HEADER } from "../lib/sim-clock";
import { RANGE_BREAKER } from "../limits";

const T = "breaker-t";
let origin = "";
let key = "";

beforeAll(async () => {
  ({ origin, key } = await protectedTenant(T, { homeCountries: ["US"] }));
  // The breaker alone: the range's other signals (its distinct numbers) stay under these thresholds.
  await setPolicy(T, key, { thresholds: { challenge: 99, block: 100 } });
  // Users who registered their numbers more than a day ago: new methods arriving together in one
  // range are a signal of their own (RANGE_NEW_METHODS), which this test leaves out.
  for (let n = 0; n <= 8; n++) await userWithMethods(T, key, { userName: `range${n}@${T}.example`, phone: inRange(n) });
  later(25 * 60 * 60 * 1000);
});
afterAll(() => resetSimClock());

/** The nth number of one range of 100,000 (+1 212 45x xxxx), each in its own block of 1,000. */
const inRange = (n: number) => `+121245${n}${String(100 + n).padStart(3, "0")}1`;
const ask = (n: number) => askForCode(T, key, origin, inRange(n), `203.0.113.${100 + n}`, false);

/** Moves the worker's clock (this test isolate's) forward, as the fraud simulator does. */
function later(ms: number): void {
  applySimClock({ SESAME_ENV: "test", SESAME_SIM_CLOCK: "on" }, new Request("http://x/", { headers: { [SIM_TIME_HEADER]: String(Date.now() + ms) } }));
}

describe("a prefix range's conversion circuit breaker in the reset flow", () => {
  it("opens on codes that are never typed in, refuses while enforced, records only in shadow, and recovers on a verified probe", async () => {
    // Pumping: codes go out to the range and none is ever entered.
    for (let n = 0; n < RANGE_BREAKER.minSends; n++) {
      await ask(n);
      expect(await received(inRange(n))).toBe(true);
    }
    await decisionsFor(T, key, inRange(RANGE_BREAKER.minSends - 1));

    // Enforced: the next send to the range is refused, whatever else it scores.
    await ask(5);
    expect(await received(inRange(5))).toBe(false);
    const refused = (await decisionsFor(T, key, inRange(5)))[0]!;
    expect(refused).toMatchObject({ decision: "block", outcome: "withheld" });
    expect(reasonsOf(refused)).toContain("RANGE_CIRCUIT_OPEN");

    // Shadow: the breaker is still open and says so, but the code goes.
    await setPolicy(T, key, { circuitBreaker: { mode: "shadow" } });
    await ask(6);
    expect(await received(inRange(6))).toBe(true);
    const shadowed = (await decisionsFor(T, key, inRange(6)))[0]!;
    expect(shadowed.signals).toContainEqual({ reason: "RANGE_CIRCUIT_OPEN", points: 0 });
    expect(shadowed.outcome).toBe("sent");
    await setPolicy(T, key, { circuitBreaker: { mode: "enforce" } });

    // Once the range has been quiet for a day (its distinct numbers no longer count against a
    // probe) and the cooldown is past, one probe goes; its code is typed in, and the breaker closes.
    later(24 * 60 * 60 * 1000 + RANGE_BREAKER.cooldownMs);
    const probe = await ask(7);
    const code = await codeSentTo(inRange(7));
    expect(reasonsOf((await decisionsFor(T, key, inRange(7)))[0]!)).toContain("RANGE_CIRCUIT_PROBE");
    expect((await submit(probe.flowId, origin, { action: "verify", code }, "203.0.113.107")).json.state).toBe("new_password");
    await new Promise((resolve) => setTimeout(resolve, 100));
    await ask(8);
    expect(await received(inRange(8))).toBe(true);
    const after = (await decisionsFor(T, key, inRange(8)))[0]!;
    expect(reasonsOf(after).filter((r) => r.startsWith("RANGE_CIRCUIT"))).toEqual([]);
  }, 30_000);
});
