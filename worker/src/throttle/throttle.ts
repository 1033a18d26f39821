import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { log } from "../http/log";
import { clockNow } from "../lib/clock";
import { migrate } from "../lib/sql";
import { THROTTLE_RULES, type ThrottleRuleName } from "../limits";
import { freshState, count, idleAt, peek, take, type Outcome, type ThrottleState } from "./algorithm";
import { refusalReason } from "./reason";
import { ThrottleCallSchema, type BlockStatus, type ThrottleCall, type ThrottleDecision } from "./types";

const steps = [
  // v1 held one key per object; its objects are no longer addressed, and their rows go here.
  `CREATE TABLE state (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     rule TEXT NOT NULL,
     used REAL NOT NULL,
     since INTEGER NOT NULL,
     blocked_until INTEGER NOT NULL,
     strikes INTEGER NOT NULL
   )`,
  `CREATE TABLE budget (
     key TEXT PRIMARY KEY,
     rule TEXT NOT NULL,
     used REAL NOT NULL,
     since INTEGER NOT NULL,
     blocked_until INTEGER NOT NULL,
     strikes INTEGER NOT NULL,
     idle_at INTEGER NOT NULL
   ) WITHOUT ROWID`,
  `CREATE INDEX budget_idle ON budget (idle_at)`,
  `DROP TABLE state`,
];

type BudgetRow = { rule: ThrottleRuleName; used: number; since: number; blocked_until: number; strikes: number };

const retryAfterSeconds = (liftsAt: number, now: number): number => Math.max(1, Math.ceil((liftsAt - now) / 1000));

/**
 * One bucket of budgets: every key whose keyed hash picks this bucket (consume.ts), one row per
 * rule and key, e.g. one phone number's sends or one account's failed verifications. The key
 * arrives as that hash, so no number or address is ever stored. All of a key's operations run
 * here, each in one synchronous step, so its budget is exact; a request's keys that share a
 * bucket are spent in one call (`consumeMany`). An alarm drops rows once they are back to a
 * fresh state, so an idle key costs nothing and a key never used is never written.
 */
export class Throttle extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** When the alarm is set for, as this instance last set or read it; null when none is. */
  private alarmAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      migrate(this.sql, steps);
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  /** Spends `cost` from the key's budget, or refuses with when it lifts. */
  async consume(raw: ThrottleCall): Promise<ThrottleDecision> {
    const [decision] = await this.consumeMany([raw]);
    return decision!;
  }

  /** Spends from several keys of this bucket at once (one request's budgets): one answer each, in order. */
  async consumeMany(raw: ThrottleCall[]): Promise<ThrottleDecision[]> {
    const inputs = raw.map((r) => ThrottleCallSchema.parse(r));
    let earliestIdle = Infinity;
    const decisions = inputs.map((input): ThrottleDecision => {
      const now = clockNow(this.env, input.now);
      const outcome = take(THROTTLE_RULES[input.rule], this.load(input.key, input.rule, now), now, input.cost);
      earliestIdle = Math.min(earliestIdle, this.save(input.key, input.rule, outcome.state));
      if (outcome.ok) return { ok: true, remaining: outcome.remaining };
      return this.refusal(input.rule, outcome, now);
    });
    await this.alarmBy(earliestIdle);
    return decisions;
  }

  /**
   * Counts a failure (a wrong code). The limit-th failure within the window blocks the key; the
   * answer says whether it is blocked now.
   */
  async recordFailure(raw: ThrottleCall): Promise<BlockStatus> {
    const input = ThrottleCallSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const outcome = count(THROTTLE_RULES[input.rule], this.load(input.key, input.rule, now), now);
    await this.alarmBy(this.save(input.key, input.rule, outcome.state));
    if (outcome.ok) return { blocked: false, retryAfter: 0, reason: null };
    const refusal = this.refusal(input.rule, outcome, now);
    return { blocked: true, retryAfter: refusal.retryAfter, reason: refusal.reason };
  }

  /** Whether the key is blocked, without counting (or writing) anything. */
  status(raw: ThrottleCall): BlockStatus {
    const input = ThrottleCallSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const state = this.load(input.key, input.rule, now);
    const { blocked, liftsAt } = peek(THROTTLE_RULES[input.rule], state, now);
    if (!blocked) return { blocked: false, retryAfter: 0, reason: null };
    return {
      blocked: true,
      retryAfter: retryAfterSeconds(liftsAt, now),
      reason: refusalReason(input.rule, THROTTLE_RULES[input.rule], { liftsAt, strikes: state.strikes }),
    };
  }

  /** Forgets the key's counters and block: an admin's "unblock". */
  reset(raw: ThrottleCall): void {
    const input = ThrottleCallSchema.parse(raw);
    this.sql.exec("DELETE FROM budget WHERE key = ?", input.key);
  }

  /** Drops the rows that are back to fresh; then waits for the next one to be. */
  override async alarm(info?: AlarmInvocationInfo): Promise<void> {
    // An alarm never runs before its time, so what was idle by then is idle now.
    const due = Math.max(Date.now(), info?.scheduledTime ?? 0);
    this.sql.exec("DELETE FROM budget WHERE idle_at <= ?", due);
    const next = this.sql.exec<{ at: number | null }>("SELECT MIN(idle_at) AS at FROM budget").one().at;
    this.alarmAt = null;
    if (next !== null) await this.alarmBy(next);
  }

  /** Moves the alarm earlier when a row turns idle before it; never later (the alarm looks again). */
  private async alarmBy(at: number): Promise<void> {
    if (!Number.isFinite(at) || (this.alarmAt !== null && this.alarmAt <= at)) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  private refusal(rule: ThrottleRuleName, outcome: Extract<Outcome, { ok: false }>, now: number) {
    const reason = refusalReason(rule, THROTTLE_RULES[rule], { liftsAt: outcome.liftsAt, strikes: outcome.state.strikes });
    log("info", "throttle.refused", { rule, reason });
    return { ok: false, code: "RATE_LIMITED", retryAfter: retryAfterSeconds(outcome.liftsAt, now), reason } as const;
  }

  private load(key: string, rule: ThrottleRuleName, now: number): ThrottleState {
    const row = this.sql.exec<BudgetRow>("SELECT rule, used, since, blocked_until, strikes FROM budget WHERE key = ?", key).toArray()[0];
    if (!row) return freshState(now);
    // The key names its rule: another rule here means a caller built the key wrongly.
    if (row.rule !== rule) throw new Error(`throttle key of ${row.rule} asked about ${rule}`);
    return { used: row.used, since: row.since, blockedUntil: row.blocked_until, strikes: row.strikes };
  }

  /** Writes the key's state; answers when it will be back to fresh. */
  private save(key: string, rule: ThrottleRuleName, state: ThrottleState): number {
    const idle = idleAt(THROTTLE_RULES[rule], state);
    this.sql.exec(
      `INSERT INTO budget (key, rule, used, since, blocked_until, strikes, idle_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET used = excluded.used, since = excluded.since,
         blocked_until = excluded.blocked_until, strikes = excluded.strikes, idle_at = excluded.idle_at`,
      key,
      rule,
      state.used,
      state.since,
      state.blockedUntil,
      state.strikes,
      idle,
    );
    return idle;
  }
}
