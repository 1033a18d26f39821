import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FakeClockRefused } from "../lib/clock";
import { THROTTLE_RULES, type ThrottleRuleName } from "../limits";
import { consume, consumeSendBudgets, isBlocked, recordFailure, throttleOf } from "./consume";
import { ipKey, shardOf } from "./keys";
import { Throttle } from "./throttle";

let keys = 0;
const newKey = (label: string) => `${label}-${keys++}-${Math.random().toString(36).slice(2)}`;
const HOUR = 3_600_000;

/**
 * The README's limits table, written out rather than computed from THROTTLE_RULES,
 * so a change of a default fails here until the table is changed too: how many a key may spend
 * at once, and how long the first refusal makes it wait.
 */
const table: Record<Exclude<ThrottleRuleName, "failedVerificationsPerUser">, { allowed: number; firstWait: number }> = {
  phoneSendsPerUser: { allowed: 5, firstWait: 3_600 },
  emailSendsPerUser: { allowed: 10, firstWait: 600 },
  failedSignInCodesPerUser: { allowed: 10, firstWait: 3_600 },
  sendsPerDestination: { allowed: 5, firstWait: 900 }, // escalating wait 15 min beats one token (12 min)
  sendsPerIp: { allowed: 20, firstWait: 180 }, // one token back every 3 min beats the 1 min wait
  checksPerIp: { allowed: 30, firstWait: 60 },
  passwordAttemptsPerIp: { allowed: 50, firstWait: 60 },
  sendsPerTenant: { allowed: 125, firstWait: 29 }, // 1000 over 8 shards; a token every 28.8 s
  sendsPerCallingCode: { allowed: 100, firstWait: 900 },
};

describe("each spending limit", () => {
  for (const [rule, expected] of Object.entries(table) as [keyof typeof table, (typeof table)[keyof typeof table]][]) {
    it(`${rule}: trips after ${expected.allowed} and lifts after ${expected.firstWait} s`, async () => {
      const key = newKey(rule);
      const shardKey = "+14255550100";
      const t0 = Date.now();
      for (let i = 1; i <= expected.allowed; i++) {
        const decision = await consume(env, rule, key, { shardKey, now: t0 });
        expect(decision, `spend ${i}`).toEqual({ ok: true, remaining: expected.allowed - i });
      }
      const refused = await consume(env, rule, key, { shardKey, now: t0 });
      if (refused.ok) throw new Error("not refused");
      expect(refused.retryAfter).toBe(expected.firstWait);
      expect(refused.reason).toContain(`${rule}: at most ${THROTTLE_RULES[rule].limit} ${THROTTLE_RULES[rule].counts}`);
      // The reason's lift time is exact; retryAfter rounds it up to whole seconds.
      const liftsAt = Date.parse(/lifts at (\S+)$/.exec(refused.reason)?.[1] ?? "");
      expect(liftsAt - t0).toBeGreaterThan((expected.firstWait - 1) * 1000);
      expect(liftsAt - t0).toBeLessThanOrEqual(expected.firstWait * 1000);
      expect((await consume(env, rule, key, { shardKey, now: t0 + (expected.firstWait - 1) * 1000 })).ok).toBe(false);
      expect((await consume(env, rule, key, { shardKey, now: t0 + expected.firstWait * 1000 })).ok).toBe(true);
    });
  }

  it("keeps keys, rules and shards apart", async () => {
    const [a, b] = [newKey("a"), newKey("b")];
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await consume(env, "phoneSendsPerUser", a, { now: t0 });
    expect((await consume(env, "phoneSendsPerUser", a, { now: t0 })).ok).toBe(false);
    expect(await consume(env, "phoneSendsPerUser", b, { now: t0 })).toEqual({ ok: true, remaining: 4 });
    expect(await consume(env, "emailSendsPerUser", a, { now: t0 })).toEqual({ ok: true, remaining: 9 });

    // Two destinations that land on different shards of one tenant spend separate budgets.
    const tenant = newKey("tenant");
    const [x, y] = ["+14255550100", "+14255550101", "+14255550102", "+14255550103"].filter(
      (d, _, all) => shardOf(d, 8) !== shardOf(all[0]!, 8) || d === all[0],
    );
    for (let i = 0; i < 125; i++) await consume(env, "sendsPerTenant", tenant, { shardKey: x!, now: t0 });
    expect((await consume(env, "sendsPerTenant", tenant, { shardKey: x!, now: t0 })).ok).toBe(false);
    expect((await consume(env, "sendsPerTenant", tenant, { shardKey: y!, now: t0 })).ok).toBe(true);
  });

  it("counts the addresses of one IPv6 /64 as one client", async () => {
    const prefix = `2001:db8:${(keys++ % 65_535).toString(16)}:7`;
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) expect((await consume(env, "sendsPerIp", ipKey(`${prefix}::${i.toString(16)}`), { now: t0 })).ok).toBe(true);
    expect((await consume(env, "sendsPerIp", ipKey(`${prefix}:ffff:ffff:ffff:ffff`), { now: t0 })).ok).toBe(false);
    expect((await consume(env, "sendsPerIp", ipKey(`${prefix.replace(/:7$/, ":8")}::1`), { now: t0 })).ok).toBe(true);
  });

  it("escalates the wait on each new trip, then forgives after a quiet window", async () => {
    const key = newKey("ip");
    let now = Date.now();
    for (let i = 0; i < 20; i++) await consume(env, "sendsPerIp", key, { now });
    const waits: number[] = [];
    for (let trip = 0; trip < 5; trip++) {
      let decision = await consume(env, "sendsPerIp", key, { now });
      while (decision.ok) decision = await consume(env, "sendsPerIp", key, { now });
      waits.push(decision.retryAfter);
      // Refusals while blocked do not push the lift further away.
      expect(await consume(env, "sendsPerIp", key, { now: now + 1000 })).toMatchObject({ retryAfter: decision.retryAfter - 1 });
      now += decision.retryAfter * 1000;
    }
    expect(waits).toEqual([180, 300, 900, 3_600, 3_600]);
    expect((await consume(env, "sendsPerIp", key, { now: now + HOUR })).ok).toBe(true);
    let decision = await consume(env, "sendsPerIp", key, { now: now + HOUR });
    while (decision.ok) decision = await consume(env, "sendsPerIp", key, { now: now + HOUR });
    expect(decision.retryAfter).toBe(180);
  });
});

describe("the account failure cap (Entra: 5 failed verifications in 24 h block SSPR for 24 h)", () => {
  it("blocks at the 5th failure and lifts 24 h later", async () => {
    const user = newKey("usr");
    const t0 = Date.now();
    for (let i = 1; i <= 4; i++) {
      expect(await recordFailure(env, "contoso", user, { now: t0 + i * 60_000 })).toEqual({ blocked: false, retryAfter: 0, reason: null });
    }
    expect((await isBlocked(env, "contoso", user, { now: t0 + 4 * 60_000 })).blocked).toBe(false);
    const blocked = await recordFailure(env, "contoso", user, { now: t0 + 5 * 60_000 });
    expect(blocked).toMatchObject({ blocked: true, retryAfter: 86_400 });
    expect(blocked.reason).toBe(
      `failedVerificationsPerUser: at most 5 failed verifications by one account per 24 h; lifts at ${new Date(t0 + 5 * 60_000 + 24 * HOUR).toISOString()}`,
    );
    expect(await isBlocked(env, "contoso", user, { now: t0 + 5 * 60_000 + 24 * HOUR - 1000 })).toMatchObject({ blocked: true, retryAfter: 1 });
    expect(await isBlocked(env, "contoso", user, { now: t0 + 5 * 60_000 + 24 * HOUR })).toEqual({ blocked: false, retryAfter: 0, reason: null });
    // The same user id in another tenant is another account.
    expect((await isBlocked(env, "fabrikam", user, { now: t0 + 6 * 60_000 })).blocked).toBe(false);
  });

  it("forgets failures older than the 24 h window", async () => {
    const user = newKey("usr");
    const t0 = Date.now();
    for (let i = 0; i < 4; i++) await recordFailure(env, "contoso", user, { now: t0 });
    expect((await recordFailure(env, "contoso", user, { now: t0 + 24 * HOUR })).blocked).toBe(false);
  });
});

describe("consumeSendBudgets", () => {
  it("spends every budget of a send and reports every rule that refuses, naming no key", async () => {
    const tenantId = newKey("tenant");
    const destination = "+447700900123";
    const t0 = Date.now();
    const send = (ip: string, userId = "usr_1") =>
      consumeSendBudgets(env, { tenantId, userId, channel: "sms", destination, ip, now: t0 });
    for (let i = 0; i < 5; i++) expect((await send(`203.0.113.${i}`)).ok).toBe(true);
    const refused = await send("203.0.113.99");
    if (refused.ok) throw new Error("not refused");
    expect(refused.reason).toContain("sendsPerDestination");
    expect(refused.reason).toContain("phoneSendsPerUser");
    expect(refused.retryAfter).toBe(3_600);
    expect(refused.reason).not.toContain("7700900123");
    expect(refused.reason).not.toContain(tenantId);
  });
});

describe("the Throttle buckets", () => {
  it("refuses a fake clock when SESAME_ENV is production", async () => {
    const budget = throttleOf(env, "sendsPerIp", newKey("ip"));
    await runInDurableObject(budget.stub, async (_, state) => {
      const production = new Throttle(state, { ...env, SESAME_ENV: "production" });
      await expect(production.consume({ rule: "sendsPerIp", key: budget.key, now: Date.now() + HOUR })).rejects.toThrow(FakeClockRefused);
      expect(() => production.status({ rule: "sendsPerIp", key: budget.key, now: 1 })).toThrow(FakeClockRefused);
      expect((await production.consume({ rule: "sendsPerIp", key: budget.key })).ok).toBe(true);
    });
  });

  it("stores neither the key nor anything for a key only asked about", async () => {
    const ip = "198.51.100.77";
    const budget = throttleOf(env, "failedVerificationsPerUser", `contoso/${newKey("usr")}`);
    expect(await budget.status({ rule: "failedVerificationsPerUser" })).toEqual({ blocked: false, retryAfter: 0, reason: null });
    await consume(env, "sendsPerIp", ipKey(ip));
    const spent = throttleOf(env, "sendsPerIp", ipKey(ip));
    const rows = await runInDurableObject(spent.stub, (_, state) => state.storage.sql.exec<{ key: string }>("SELECT key FROM budget").toArray());
    expect(rows.map((r) => r.key)).toContain(spent.key);
    expect(JSON.stringify(rows)).not.toContain(ip);
    const asked = await runInDurableObject(budget.stub, (_, state) => state.storage.sql.exec("SELECT key FROM budget WHERE key = ?", budget.key).toArray());
    expect(asked).toEqual([]);
  });

  /** Two keys of a rule that land in the same bucket. */
  function sameBucket(rule: ThrottleRuleName): [ReturnType<typeof throttleOf>, ReturnType<typeof throttleOf>] {
    const seen = new Map<number, ReturnType<typeof throttleOf>>();
    for (;;) {
      const budget = throttleOf(env, rule, newKey(rule));
      const other = seen.get(budget.bucket);
      if (other) return [other, budget];
      seen.set(budget.bucket, budget);
    }
  }

  it("spends a request's budgets that share a bucket in one call, each on its own", async () => {
    const [a, b] = sameBucket("sendsPerDestination");
    const t0 = Date.now();
    for (let i = 0; i < 4; i++) await a.consume({ rule: "sendsPerDestination", now: t0 });
    const answers = await a.stub.consumeMany([
      { rule: "sendsPerDestination", key: a.key, now: t0 },
      { rule: "sendsPerDestination", key: b.key, now: t0 },
      { rule: "sendsPerDestination", key: a.key, now: t0 },
    ]);
    expect(answers.map((d) => d.ok)).toEqual([true, true, false]);
    expect(answers[1]).toEqual({ ok: true, remaining: 4 });
  });

  it("drops a key's counters by alarm once they are back to fresh, and keeps the others", async () => {
    const [idle, busy] = sameBucket("checksPerIp");
    // Spent ten minutes ago, so idle by now: the alarm is due. The other key was spent just now.
    await idle.consume({ rule: "checksPerIp", now: Date.now() - 600_000 });
    await busy.consume({ rule: "checksPerIp" });
    await runDurableObjectAlarm(idle.stub);
    const keys = await runInDurableObject(idle.stub, (_, state) => state.storage.sql.exec<{ key: string }>("SELECT key FROM budget").toArray().map((r) => r.key));
    expect(keys).not.toContain(idle.key);
    expect(keys).toContain(busy.key);
    expect(await idle.consume({ rule: "checksPerIp" })).toEqual({ ok: true, remaining: 29 });
    expect(await busy.consume({ rule: "checksPerIp" })).toEqual({ ok: true, remaining: 28 });
  });
});
