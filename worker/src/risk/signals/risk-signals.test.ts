import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RANGE_BREAKER, RISK_COUNTER_RETENTION_MS } from "../../limits";
import { signalsOf } from "../keys";
import { RiskSignals } from "./risk-signals";
import type { DecisionRow } from "./types";

const MIN = 60_000;
let n = 0;
const fresh = (kind: string) => signalsOf(env, `${kind}/test-${Date.now()}-${n++}`);
type Key = ReturnType<typeof fresh>;
type Member = { kind: "num" | "adr" | "sfx" | "cc" | "new"; value: string };

/** The key's own scope: a read, and a write. */
const read = async (key: Key, options: { now?: number; attempt?: boolean; members?: Member[]; breaker?: "range" | "country" } = {}) => {
  const { now, attempt, members = [], breaker } = options;
  return (await key.observe({ now, attempt, scopes: [{ scope: "", members, ...(breaker ? { breaker } : {}) }] }))[0]!;
};
const write = (key: Key, options: { now?: number; attempt?: boolean; members?: Member[]; breaker?: "range" | "country"; event?: "sent" | "verified" | "reported" } = {}) => {
  const { members = [], breaker, ...rest } = options;
  return key.record({ ...rest, scopes: [{ scope: "", members, ...(breaker ? { breaker } : {}) }] });
};

const decision = (tenantId: string, score: number): DecisionRow => ({
  id: `rsk_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`,
  tenantId,
  flowId: null,
  channel: "sms",
  score,
  decision: score >= 70 ? "block" : "allow",
  enforced: true,
  outcome: score >= 70 ? "withheld" : "sent",
  signals: [{ reason: "NUMBER_FIRST_SEEN", points: 5 }],
  ms: 1,
});

describe("the RiskSignals object", () => {
  it("counts attempts in sliding windows of 10 minutes, an hour and a day", async () => {
    const key = fresh("num");
    const t0 = Date.now() - 3 * 60 * MIN;
    for (const minutesAgo of [170, 100, 50, 5, 1]) await write(key, { attempt: true, now: t0 + (180 - minutesAgo) * MIN });
    const snapshot = await read(key, { now: t0 + 180 * MIN });
    expect(snapshot.attempts).toEqual({ short: 2, hour: 3, day: 5 });
    expect(snapshot.hourlyMean).toBeCloseTo(2 / 23);
  });

  it("answers when it first saw the key, before the call that asks", async () => {
    const key = fresh("num");
    const now = Date.now();
    expect((await read(key, { attempt: true, now })).firstSeen).toBeNull();
    await write(key, { attempt: true, now });
    expect((await read(key, { attempt: true, now: now + MIN })).firstSeen).toBe(now);
  });

  it("counts codes verified in the last hour apart from the day's: what a surge is judged by", async () => {
    const key = fresh("ten");
    const now = Date.now();
    await write(key, { attempt: true, event: "verified", now: now - 3 * 60 * MIN });
    await write(key, { attempt: true, event: "verified", now: now - 10 * MIN });
    await write(key, { attempt: true, now: now - 5 * MIN });
    const snapshot = await read(key, { now });
    expect(snapshot.verified.day).toBe(2);
    expect(snapshot.verifiedHour).toBe(1);
    expect(snapshot.attempts.hour).toBe(2);
  });

  it("counts the distinct blocks of a range scope's numbers, beside its breaker (slow-and-low pumping)", async () => {
    const key = fresh("rng");
    const now = Date.now();
    for (const [i, value] of ["12", "34", "34"].entries()) {
      await key.record({ now: now - (30 - i) * MIN, attempt: true, scopes: [{ scope: "r44740", breaker: "range", members: [{ kind: "sfx", value }] }] });
    }
    const [range] = await key.observe({ now, attempt: true, scopes: [{ scope: "r44740", breaker: "range", members: [{ kind: "sfx", value: "56" }] }] });
    expect(range!.distinct.sfx).toEqual({ hour: 3, day: 3 });
    expect(range!.breaker).toBe("closed");
  });

  it("counts the new methods' numbers of a range apart from its blocks", async () => {
    const key = fresh("rng");
    const now = Date.now();
    await key.attempt({ now: now - 2 * 60 * MIN, scopes: [{ scope: "r1", members: [{ kind: "sfx", value: "12" }, { kind: "new", value: "12345" }] }] });
    await key.attempt({ now: now - 5 * MIN, scopes: [{ scope: "r1", members: [{ kind: "sfx", value: "12" }] }] });
    const [range] = await key.attempt({ now, scopes: [{ scope: "r1", members: [{ kind: "sfx", value: "34" }, { kind: "new", value: "34567" }] }] });
    expect(range!.distinct.new).toEqual({ hour: 1, day: 2 });
    expect(range!.distinct.sfx).toEqual({ hour: 2, day: 2 });
  });

  it("counts distinct members per kind in the hour and the day", async () => {
    const key = fresh("ip");
    const now = Date.now();
    await write(key, { attempt: true, now: now - 5 * 60 * MIN, members: [{ kind: "num", value: "a" }, { kind: "cc", value: "GB" }] });
    await write(key, { attempt: true, now: now - 10 * MIN, members: [{ kind: "num", value: "b" }, { kind: "cc", value: "FR" }] });
    // The attempt being judged counts as if recorded: "a" again is new to the hour, not to the day.
    const snapshot = await read(key, { attempt: true, now, members: [{ kind: "num", value: "a" }, { kind: "cc", value: "DE" }] });
    expect(snapshot.distinct.num).toEqual({ hour: 2, day: 2 });
    expect(snapshot.distinct.cc).toEqual({ hour: 2, day: 3 });
    expect(snapshot.distinct.sfx).toEqual({ hour: 0, day: 0 });
    expect(snapshot.distinct.new).toEqual({ hour: 0, day: 0 });
    expect(snapshot.distinct.adr).toEqual({ hour: 0, day: 0 });
    expect(snapshot.attempts).toEqual({ short: 1, hour: 2, day: 3 });
  });

  it("keeps sends, verifications and reports, for the day and for ever", async () => {
    const key = fresh("num");
    const now = Date.now();
    await write(key, { event: "sent", now: now - 2 * 86_400_000 });
    await write(key, { event: "sent", now });
    await write(key, { event: "verified", now });
    await write(key, { event: "reported", now });
    const snapshot = await read(key, { now });
    expect(snapshot.sent).toEqual({ day: 1, ever: 2 });
    expect(snapshot.verified).toEqual({ day: 1, ever: 1 });
    expect(snapshot.reported).toBe(1);
  });

  it("remembers the latest ten addresses a number's codes were verified from", async () => {
    const key = fresh("rng");
    const now = Date.now();
    for (let i = 0; i < 12; i++) await key.record({ now, event: "verified", address: `a${i}`, scopes: [{ scope: "n1" }] });
    await key.record({ now, event: "verified", address: "a5", scopes: [{ scope: "n1" }] });
    const [number] = await key.observe({ now, scopes: [{ scope: "n1" }] });
    expect(number!.verifiedAddresses).toEqual(["a2", "a3", "a4", "a6", "a7", "a8", "a9", "a10", "a11", "a5"]);
    expect(number!.verified.ever).toBe(13);
  });

  it("opens a range's breaker on low conversion and closes it when a probe is verified", async () => {
    const key = fresh("rng");
    const t0 = Date.now();
    for (let i = 0; i < RANGE_BREAKER.minSends; i++) await write(key, { event: "sent", now: t0 + i });
    expect((await read(key, { attempt: true, breaker: "range", now: t0 + MIN })).breaker).toBe("open");
    await write(key, { attempt: true, breaker: "range", now: t0 + MIN });
    expect((await read(key, { attempt: true, breaker: "range", now: t0 + 2 * MIN })).breaker).toBe("open");
    const after = t0 + MIN + RANGE_BREAKER.cooldownMs;
    expect((await read(key, { attempt: true, breaker: "range", now: after })).breaker).toBe("probe");
    await write(key, { attempt: true, breaker: "range", event: "sent", now: after });
    // The one probe is spent: the next attempt waits for it to be verified.
    expect((await read(key, { attempt: true, breaker: "range", now: after + 1 })).breaker).toBe("open");
    await write(key, { event: "verified", breaker: "range", now: after + MIN });
    expect((await read(key, { attempt: true, breaker: "range", now: after + 2 * MIN })).breaker).toBe("closed");
  });

  it("judges and counts a send in one call: sends that arrive together see each other", async () => {
    const key = fresh("rng");
    const now = Date.now();
    const ask = (value: string) => key.attempt({ now, scopes: [{ scope: "b12", members: [{ kind: "sfx", value }] }] });
    // A burst: four sequential numbers asked at the same instant, none recorded beforehand.
    const answers = (await Promise.all(["001", "002", "003", "004"].map(ask))).map((a) => a[0]!);
    expect(answers.map((a) => a.distinct.sfx.hour).sort()).toEqual([1, 2, 3, 4]);
    expect(answers.map((a) => a.attempts.hour).sort()).toEqual([1, 2, 3, 4]);
    expect(answers.filter((a) => a.firstSeen === null)).toHaveLength(1);
    // Counted, not only answered: a plain read sees all four.
    const [block] = await key.observe({ now, scopes: [{ scope: "b12" }] });
    expect(block!.attempts.hour).toBe(4);
    expect(block!.distinct.sfx.hour).toBe(4);
  });

  it("spends a recovering breaker's one probe on one of two sends that arrive together", async () => {
    const key = fresh("rng");
    const t0 = Date.now();
    for (let i = 0; i < RANGE_BREAKER.minSends; i++) await write(key, { event: "sent", now: t0 + i });
    await key.attempt({ now: t0 + MIN, scopes: [{ scope: "", breaker: "range" }] });
    const after = t0 + MIN + RANGE_BREAKER.cooldownMs;
    const ask = () => key.attempt({ now: after, scopes: [{ scope: "", breaker: "range" }] });
    const verdicts = (await Promise.all([ask(), ask()])).map((a) => a[0]!.breaker);
    expect(verdicts.sort()).toEqual(["open", "probe"]);
  });

  it("answers several scopes of one key in one call, each counted apart", async () => {
    const key = fresh("rng");
    const now = Date.now();
    await key.record({ attempt: true, now, scopes: [{ scope: "" }, { scope: "b12", members: [{ kind: "sfx", value: "001" }] }] });
    await key.record({ attempt: true, now, scopes: [{ scope: "" }, { scope: "b34", members: [{ kind: "sfx", value: "002" }] }] });
    const [range, block12, block34] = await key.observe({ now, attempt: true, scopes: [{ scope: "" }, { scope: "b12", members: [{ kind: "sfx", value: "003" }] }, { scope: "b34" }] });
    expect(range!.attempts.day).toBe(3);
    expect(block12!.distinct.sfx.day).toBe(2);
    expect(block34!.distinct.sfx.day).toBe(1);
  });

  it("keeps each tenant's latest decisions about a number, newest first, and no other tenant's", async () => {
    const key = fresh("num");
    for (let i = 0; i < 55; i++) await key.record({ decision: decision("alpha", i) });
    await key.record({ decision: decision("beta", 99) });
    const alpha = await key.decisions("alpha", "", 100);
    expect(alpha).toHaveLength(50);
    expect(alpha[0]!.score).toBe(54);
    expect((await key.decisions("beta", "", 10)).map((d) => d.score)).toEqual([99]);
    expect(await key.decisions("gamma", "", 10)).toEqual([]);
    expect(await key.decisions("alpha", "nother", 10)).toEqual([]);
  });

  it("drops counters past the day by alarm, and the whole key once it has been idle long enough", async () => {
    const key = fresh("ip");
    await write(key, { attempt: true, members: [{ kind: "num", value: "x" }], now: Date.now() - RISK_COUNTER_RETENTION_MS - 10 * MIN });
    await runDurableObjectAlarm(key);
    const counts = await runInDurableObject(key, (_: RiskSignals, state) => state.storage.sql.exec("SELECT COUNT(*) AS n FROM counts").one().n);
    expect(counts).toBe(0);
    expect((await read(key)).distinct.num).toEqual({ hour: 0, day: 0 });
  });

  it("refuses a fake clock outside tests, like the Throttle object", async () => {
    await runInDurableObject(fresh("num"), async (_: RiskSignals, state) => {
      const production = new RiskSignals(state, { ...env, SESAME_ENV: "production" });
      expect(() => production.observe({ now: 1 })).toThrow(/fake clock/i);
      await expect(production.record({ now: 1 })).rejects.toThrow(/fake clock/i);
      await expect(production.attempt({ now: 1 })).rejects.toThrow(/fake clock/i);
      expect((await production.observe({}))[0]!.attempts.day).toBe(0);
    });
  });
});
