import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { log } from "../http/log";
import { clockNow } from "../lib/clock";
import { migrate } from "../lib/sql";
import { THROTTLE_RULES, type ThrottleRuleName } from "../limits";
import { freshState, count, idleAt, peek, take, type Outcome, type ThrottleState } from "./algorithm";
import { refusalReason } from "./reason";
import { ThrottleInputSchema, type BlockStatus, type ThrottleDecision, type ThrottleInput } from "./types";

const steps = [
  `CREATE TABLE state (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     rule TEXT NOT NULL,
     used REAL NOT NULL,
     since INTEGER NOT NULL,
     blocked_until INTEGER NOT NULL,
     strikes INTEGER NOT NULL
   )`,
];

type StateRow = { rule: ThrottleRuleName; used: number; since: number; blocked_until: number; strikes: number };

const retryAfterSeconds = (liftsAt: number, now: number): number => Math.max(1, Math.ceil((liftsAt - now) / 1000));

/**
 * The budget of one key under one rule: `idFromName("<rule>/<key>")`, e.g. one phone number's
 * sends or one account's failed verifications. There is never a global object: each key has its
 * own, and a tenant-wide budget is split over shards (see consume.ts). The object keeps no key,
 * only counters, and an alarm drops them once they are back to a fresh state.
 */
export class Throttle extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** False once the counters are dropped (deleteAll drops the table): the key is fresh again. */
  private hasSchema = true;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  /** Spends `cost` from the budget, or refuses with when it lifts. */
  async consume(raw: ThrottleInput): Promise<ThrottleDecision> {
    const input = ThrottleInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const spec = THROTTLE_RULES[input.rule];
    const outcome = take(spec, this.load(input.rule, now), now, input.cost);
    await this.save(input.rule, outcome.state);
    if (outcome.ok) return { ok: true, remaining: outcome.remaining };
    return this.refusal(input.rule, outcome, now);
  }

  /**
   * Counts a failure (a wrong code). The limit-th failure within the window blocks the key; the
   * answer says whether it is blocked now.
   */
  async recordFailure(raw: ThrottleInput): Promise<BlockStatus> {
    const input = ThrottleInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const outcome = count(THROTTLE_RULES[input.rule], this.load(input.rule, now), now);
    await this.save(input.rule, outcome.state);
    if (outcome.ok) return { blocked: false, retryAfter: 0, reason: null };
    const refusal = this.refusal(input.rule, outcome, now);
    return { blocked: true, retryAfter: refusal.retryAfter, reason: refusal.reason };
  }

  /** Whether the key is blocked, without counting anything. */
  status(raw: ThrottleInput): BlockStatus {
    const input = ThrottleInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const state = this.load(input.rule, now);
    const { blocked, liftsAt } = peek(THROTTLE_RULES[input.rule], state, now);
    if (!blocked) return { blocked: false, retryAfter: 0, reason: null };
    return {
      blocked: true,
      retryAfter: retryAfterSeconds(liftsAt, now),
      reason: refusalReason(input.rule, THROTTLE_RULES[input.rule], { liftsAt, strikes: state.strikes }),
    };
  }

  /** Forgets the key's counters and block: an admin's "unblock". */
  async reset(): Promise<void> {
    await this.forget();
  }

  /** Drops the counters once they are back to fresh; otherwise looks again when they will be. */
  override async alarm(info?: AlarmInvocationInfo): Promise<void> {
    // An alarm never runs before its time, so what was idle by then is idle now.
    const due = Math.max(Date.now(), info?.scheduledTime ?? 0);
    const row = this.row();
    if (!row) return;
    const idle = idleAt(THROTTLE_RULES[row.rule], this.toState(row));
    if (due >= idle) await this.forget();
    else await this.ctx.storage.setAlarm(idle);
  }

  /** Drops everything, alarm included: an object with no storage left costs nothing. */
  private async forget(): Promise<void> {
    await this.ctx.storage.deleteAll();
    this.hasSchema = false;
  }

  private refusal(rule: ThrottleRuleName, outcome: Extract<Outcome, { ok: false }>, now: number) {
    const reason = refusalReason(rule, THROTTLE_RULES[rule], { liftsAt: outcome.liftsAt, strikes: outcome.state.strikes });
    log("info", "throttle.refused", { rule, reason });
    return { ok: false, code: "RATE_LIMITED", retryAfter: retryAfterSeconds(outcome.liftsAt, now), reason } as const;
  }

  private row(): StateRow | null {
    if (!this.hasSchema) return null;
    return this.sql.exec<StateRow>("SELECT * FROM state WHERE id = 1").toArray()[0] ?? null;
  }

  private toState(row: StateRow): ThrottleState {
    return { used: row.used, since: row.since, blockedUntil: row.blocked_until, strikes: row.strikes };
  }

  private load(rule: ThrottleRuleName, now: number): ThrottleState {
    const row = this.row();
    if (!row) return freshState(now);
    // One object per rule and key: another rule here means a caller built the name wrongly.
    if (row.rule !== rule) throw new Error(`throttle object of ${row.rule} asked about ${rule}`);
    return this.toState(row);
  }

  private async save(rule: ThrottleRuleName, state: ThrottleState): Promise<void> {
    if (!this.hasSchema) migrate(this.sql, steps);
    this.hasSchema = true;
    this.sql.exec(
      `INSERT INTO state (id, rule, used, since, blocked_until, strikes) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET used = excluded.used, since = excluded.since,
         blocked_until = excluded.blocked_until, strikes = excluded.strikes`,
      rule,
      state.used,
      state.since,
      state.blockedUntil,
      state.strikes,
    );
    await this.ctx.storage.setAlarm(idleAt(THROTTLE_RULES[rule], state));
  }
}
