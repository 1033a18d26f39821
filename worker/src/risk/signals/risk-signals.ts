import { DurableObject } from "cloudflare:workers";
import type { Env } from "../../env";
import { clockNow } from "../../lib/clock";
import { migrate } from "../../lib/sql";
import { COUNTRY_BREAKER, RANGE_BREAKER, RISK_COUNTER_RETENTION_MS, RISK_DECISIONS_KEPT, RISK_HISTORY_RETENTION_MS, RISK_SHARDS } from "../../limits";
import { closedBreaker, onAttempt, onVerified, shardSpec, type BreakerSpec, type BreakerState, type BreakerVerdict } from "../breaker";
import { addCount, addMember, bumpFact, distinct, fact, isEmpty, prune, riskMigrations, setFact, windowed } from "./store";
import {
  DecisionRowSchema,
  ObserveInputSchema,
  RecordInputSchema,
  type ObserveInput,
  type RecordInput,
  type Snapshot,
  type StoredDecision,
} from "./types";

const specs: Record<"range" | "country", BreakerSpec> = { range: RANGE_BREAKER, country: shardSpec(COUNTRY_BREAKER, RISK_SHARDS) };

/**
 * The risk signals of one key: a phone number, a block or range of numbers, a client address, a
 * tenant country shard or a tenant shard (`idFromName("<kind>/<key>")`, see keys.ts). Each key
 * counts its own attempts, sends and verifications in per-minute buckets, the distinct numbers or
 * countries seen with it, and its history; there is never one object for the whole service.
 * Objects keep no number in clear: names are hashed by the runtime, members are keyed hashes.
 */
export class RiskSignals extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private alarmSet = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, riskMigrations));
  }

  /** Counts a send attempt (when asked) and answers everything the key knows, in one call. */
  async observe(raw: ObserveInput): Promise<Snapshot> {
    const input = ObserveInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const seen = fact(this.sql, "first_seen");
    if (input.attempt) {
      addCount(this.sql, "attempt", now);
      for (const member of input.members) addMember(this.sql, member.kind, member.value, now);
      if (seen === null) setFact(this.sql, "first_seen", now);
      setFact(this.sql, "last_seen", now);
    }
    const breaker = input.breaker ? this.judgeBreaker(input.breaker, now) : null;
    if (input.attempt || breaker !== null) await this.arm(now);
    return this.snapshot(now, seen === null ? null : Number(seen), breaker);
  }

  /** Counts what happened after the decision: a code sent or verified, or a number reported. */
  async record(raw: RecordInput): Promise<void> {
    const input = RecordInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    if (input.event === "reported") bumpFact(this.sql, "reported");
    else if (input.event) {
      addCount(this.sql, input.event, now);
      bumpFact(this.sql, `${input.event}_ever`);
      if (input.event === "verified" && input.breaker) this.saveBreaker(onVerified(this.breakerState(), now));
    }
    if (input.decision) this.keepDecision(now, input.decision);
    setFact(this.sql, "last_seen", now);
    await this.arm(now);
  }

  /** A tenant's latest decisions about this number, newest first: the explain API. */
  decisions(tenantId: string, limit: number): StoredDecision[] {
    return this.sql
      .exec<{ time: number; doc: string }>("SELECT time, doc FROM decisions WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?", tenantId, Math.min(limit, RISK_DECISIONS_KEPT))
      .toArray()
      .map((row) => ({ ...DecisionRowSchema.parse(JSON.parse(row.doc)), time: row.time }));
  }

  /** Counters past the day go first; the key's history goes once unused for the retention period. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    prune(this.sql, now - RISK_COUNTER_RETENTION_MS, now - RISK_HISTORY_RETENTION_MS);
    const lastSeen = Number(fact(this.sql, "last_seen") ?? 0);
    if (isEmpty(this.sql) && now - lastSeen > RISK_HISTORY_RETENTION_MS) {
      await this.ctx.storage.deleteAll();
      return;
    }
    const counting = !isEmpty(this.sql);
    await this.ctx.storage.setAlarm(counting ? now + RISK_COUNTER_RETENTION_MS : lastSeen + RISK_HISTORY_RETENTION_MS + 1);
  }

  private snapshot(now: number, firstSeen: number | null, breaker: BreakerVerdict | null): Snapshot {
    const counts = windowed(this.sql, now);
    return {
      firstSeen,
      attempts: counts.attempt,
      hourlyMean: (counts.attempt.day - counts.attempt.hour) / 23,
      sent: { day: counts.sent.day, ever: Number(fact(this.sql, "sent_ever") ?? 0) },
      verified: { day: counts.verified.day, ever: Number(fact(this.sql, "verified_ever") ?? 0) },
      reported: Number(fact(this.sql, "reported") ?? 0),
      distinct: distinct(this.sql, now),
      breaker,
    };
  }

  private judgeBreaker(kind: "range" | "country", now: number): BreakerVerdict {
    const state = this.breakerState();
    const counts = windowed(this.sql, now, state.statsFrom);
    const judged = onAttempt(specs[kind], state, { sent: counts.sent.day, verified: counts.verified.day }, now);
    if (judged.state !== state) this.saveBreaker(judged.state);
    return judged.verdict;
  }

  private breakerState(): BreakerState {
    const stored = fact(this.sql, "breaker");
    // A breaker never tripped judges every send of the day.
    return stored ? (JSON.parse(stored) as BreakerState) : closedBreaker(0);
  }

  private saveBreaker(state: BreakerState): void {
    setFact(this.sql, "breaker", JSON.stringify(state));
  }

  private keepDecision(now: number, decision: StoredDecision | Omit<StoredDecision, "time">): void {
    this.sql.exec("INSERT INTO decisions (time, tenant_id, doc) VALUES (?, ?, ?)", now, decision.tenantId, JSON.stringify(decision));
    this.sql.exec(
      `DELETE FROM decisions WHERE tenant_id = ? AND seq NOT IN
         (SELECT seq FROM decisions WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?)`,
      decision.tenantId,
      decision.tenantId,
      RISK_DECISIONS_KEPT,
    );
  }

  /** One alarm per object lifetime is enough to start pruning; the alarm re-arms itself. */
  private async arm(now: number): Promise<void> {
    if (this.alarmSet) return;
    this.alarmSet = true;
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + RISK_COUNTER_RETENTION_MS);
  }
}
