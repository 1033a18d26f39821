import { DurableObject } from "cloudflare:workers";
import type { Env } from "../../env";
import { clockNow } from "../../lib/clock";
import { migrate } from "../../lib/sql";
import {
  COUNTRY_BREAKER,
  RANGE_BREAKER,
  RISK_COUNTER_RETENTION_MS,
  RISK_DECISIONS_KEPT,
  RISK_HISTORY_RETENTION_MS,
  RISK_SHARDS,
  RISK_VERIFIED_ADDRESSES_KEPT,
  RISK_WINDOW_DAY_MINUTES,
  RISK_WINDOW_HOUR_MINUTES,
} from "../../limits";
import { closedBreaker, onAttempt, onVerified, shardSpec, type BreakerSpec, type BreakerState, type BreakerVerdict } from "../breaker";
import { isEmpty, prune, riskMigrations, ScopeStore } from "./store";
import {
  AttemptInputSchema,
  DecisionRowSchema,
  ObserveInputSchema,
  RecordInputSchema,
  type AttemptInput,
  type ObserveInput,
  type RecordInput,
  type MemberKind,
  type Snapshot,
  type StoredDecision,
  noDistinct,
} from "./types";

const specs: Record<"range" | "country", BreakerSpec> = { range: RANGE_BREAKER, country: shardSpec(COUNTRY_BREAKER, RISK_SHARDS) };

/**
 * Risk signals, one scope per key (see keys.ts): a bucket of number ranges holds each range,
 * its blocks of 1,000 and its numbers; a bucket of client addresses holds each address; a tenant
 * shard holds the tenant, its countries and its foreign requests. Each scope counts its own
 * attempts, sends and verifications in per-minute buckets, the distinct numbers or countries seen
 * with it, and its history. Objects are many and shared, so they are warm: a send asks three,
 * never one for the whole service. A send's decision asks and counts its attempt in one call
 * (`attempt`), so concurrent sends see each other; what came of the send is written after the
 * answer (`record`). No number or address is stored in clear: their scopes are keyed hashes.
 */
export class RiskSignals extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private alarmSet = false;
  /** Most keys a send asks about are new (a new number, a new address): their reads must not create storage. */
  private hasSchema: boolean;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.hasSchema = this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'counts'").toArray().length > 0;
    if (this.hasSchema) void ctx.blockConcurrencyWhile(async () => migrate(this.sql, riskMigrations));
  }

  /** Everything the key knows, per scope asked (counting the attempt being judged, if asked); writes nothing. */
  observe(raw: ObserveInput): Snapshot[] {
    const input = ObserveInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    if (!this.hasSchema) return input.scopes.map(({ members }) => freshSnapshot(input.attempt, members));
    return input.scopes.map(({ scope, members, breaker }) => {
      const store = new ScopeStore(this.sql, scope);
      const snapshot = this.snapshot(store, now, breaker ? this.judgeBreaker(store, breaker, now).verdict : null);
      return input.attempt ? withAttempt(snapshot, store, members, now) : snapshot;
    });
  }

  /**
   * Judges a send and counts it in one call (check and record): what the key knows per scope,
   * with this attempt counted, and the attempt, its members and its breaker step written before
   * any other call is answered. Concurrent sends to one bucket see each other.
   */
  async attempt(raw: AttemptInput): Promise<Snapshot[]> {
    const input = AttemptInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    this.ensureSchema();
    const snapshots = input.scopes.map(({ scope, members, breaker }) => {
      const store = new ScopeStore(this.sql, scope);
      const judged = breaker ? this.judgeBreaker(store, breaker, now) : null;
      const snapshot = withAttempt(this.snapshot(store, now, judged?.verdict ?? null), store, members, now);
      this.countAttempt(store, members, now);
      if (judged?.changed) this.saveBreaker(store, judged.state);
      store.setFact("last_seen", now);
      return snapshot;
    });
    await this.arm(now);
    return snapshots;
  }

  /** Records an attempt and what came of it: a code sent or verified, a report, a decision. */
  async record(raw: RecordInput): Promise<void> {
    const input = RecordInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    this.ensureSchema();
    for (const { scope, members, breaker } of input.scopes) {
      const store = new ScopeStore(this.sql, scope);
      if (input.attempt) {
        this.countAttempt(store, members, now);
        if (breaker) {
          const judged = this.judgeBreaker(store, breaker, now);
          if (judged.changed) this.saveBreaker(store, judged.state);
        }
      }
      if (input.event === "reported") store.bumpFact("reported");
      else if (input.event) {
        store.addCount(input.event, now);
        store.bumpFact(`${input.event}_ever`);
        if (input.event === "verified" && breaker) this.saveBreaker(store, onVerified(this.breakerState(store), now));
        if (input.event === "verified" && input.country && scope === input.scopes[0]!.scope) {
          const from = new Set(JSON.parse(store.fact("verified_from") ?? "[]") as string[]);
          if (!from.has(input.country) && from.size < 10) store.setFact("verified_from", JSON.stringify([...from, input.country]));
        }
        if (input.event === "verified" && input.address && scope === input.scopes[0]!.scope) {
          // Addresses change (mobile networks, new routers): the latest few are what trust is earned from.
          const known = (JSON.parse(store.fact("verified_adr") ?? "[]") as string[]).filter((a) => a !== input.address);
          store.setFact("verified_adr", JSON.stringify([...known, input.address].slice(-RISK_VERIFIED_ADDRESSES_KEPT)));
        }
      }
      store.setFact("last_seen", now);
    }
    if (input.decision) this.keepDecision(now, input.scopes[0]!.scope, input.decision);
    await this.arm(now);
  }

  /** A tenant's latest decisions about a number (its scope here), newest first: the explain API. */
  decisions(tenantId: string, scope: string, limit: number): StoredDecision[] {
    if (!this.hasSchema) return [];
    return this.sql
      .exec<{ time: number; doc: string }>(
        "SELECT time, doc FROM decisions WHERE scope = ? AND tenant_id = ? ORDER BY seq DESC LIMIT ?",
        scope,
        tenantId,
        Math.min(limit, RISK_DECISIONS_KEPT),
      )
      .toArray()
      .map((row) => ({ ...DecisionRowSchema.parse(JSON.parse(row.doc)), time: row.time }));
  }

  /** Counters past the day go first; the key's history goes once unused for the retention period. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    if (!this.hasSchema) return;
    prune(this.sql, now - RISK_COUNTER_RETENTION_MS, now - RISK_HISTORY_RETENTION_MS);
    const lastSeen = Number(this.sql.exec<{ v: string | null }>("SELECT MAX(CAST(value AS INTEGER)) AS v FROM facts WHERE name LIKE 'last_seen@%'").one().v ?? 0);
    if (isEmpty(this.sql) && now - lastSeen > RISK_HISTORY_RETENTION_MS) {
      await this.ctx.storage.deleteAll();
      this.hasSchema = false;
      return;
    }
    const counting = !isEmpty(this.sql);
    await this.ctx.storage.setAlarm(counting ? now + RISK_COUNTER_RETENTION_MS : lastSeen + RISK_HISTORY_RETENTION_MS + 1);
  }

  private ensureSchema(): void {
    if (this.hasSchema) return;
    migrate(this.sql, riskMigrations);
    this.hasSchema = true;
  }

  private countAttempt(store: ScopeStore, members: readonly { kind: MemberKind; value: string }[], now: number): void {
    store.addCount("attempt", now);
    for (const member of members) store.addMember(member.kind, member.value, now);
    if (store.fact("first_seen") === null) store.setFact("first_seen", now);
  }

  private snapshot(store: ScopeStore, now: number, breaker: BreakerVerdict | null): Snapshot {
    const counts = store.windowed(now);
    const facts = store.facts(["first_seen", "sent_ever", "verified_ever", "reported", "verified_from", "verified_adr"] as const);
    return {
      firstSeen: facts.first_seen === null ? null : Number(facts.first_seen),
      attempts: counts.attempt,
      hourlyMean: (counts.attempt.day - counts.attempt.hour) / 23,
      sent: { day: counts.sent.day, ever: Number(facts.sent_ever ?? 0) },
      verified: { day: counts.verified.day, ever: Number(facts.verified_ever ?? 0) },
      verifiedHour: counts.verified.hour,
      reported: Number(facts.reported ?? 0),
      verifiedFrom: JSON.parse(facts.verified_from ?? "[]") as string[],
      verifiedAddresses: JSON.parse(facts.verified_adr ?? "[]") as string[],
      distinct: store.distinct(now),
      breaker,
    };
  }

  private judgeBreaker(store: ScopeStore, kind: "range" | "country", now: number): { state: BreakerState; verdict: BreakerVerdict; changed: boolean } {
    const state = this.breakerState(store);
    const counts = store.windowed(now, state.statsFrom);
    const judged = onAttempt(specs[kind], state, { sent: counts.sent.day, verified: counts.verified.day }, now);
    return { ...judged, changed: judged.state !== state };
  }

  private breakerState(store: ScopeStore): BreakerState {
    const stored = store.fact("breaker");
    // A breaker never tripped judges every send of the day.
    return { ...closedBreaker(0), ...(stored ? (JSON.parse(stored) as Partial<BreakerState>) : {}) };
  }

  private saveBreaker(store: ScopeStore, state: BreakerState): void {
    store.setFact("breaker", JSON.stringify(state));
  }

  private keepDecision(now: number, scope: string, decision: Omit<StoredDecision, "time">): void {
    this.sql.exec("INSERT INTO decisions (scope, time, tenant_id, doc) VALUES (?, ?, ?, ?)", scope, now, decision.tenantId, JSON.stringify(decision));
    this.sql.exec(
      `DELETE FROM decisions WHERE scope = ? AND tenant_id = ? AND seq NOT IN
         (SELECT seq FROM decisions WHERE scope = ? AND tenant_id = ? ORDER BY seq DESC LIMIT ?)`,
      scope,
      decision.tenantId,
      scope,
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

/** A snapshot taken before an attempt, as it reads once the attempt and its members are counted. */
function withAttempt(snapshot: Snapshot, store: ScopeStore, members: readonly { kind: MemberKind; value: string }[], now: number): Snapshot {
  for (const window of ["short", "hour", "day"] as const) snapshot.attempts[window] += 1;
  for (const member of members) {
    const last = store.lastSeen(member.kind, member.value);
    if (last === null || last <= now - RISK_WINDOW_DAY_MINUTES * 60_000) snapshot.distinct[member.kind].day += 1;
    if (last === null || last <= now - RISK_WINDOW_HOUR_MINUTES * 60_000) snapshot.distinct[member.kind].hour += 1;
  }
  return snapshot;
}

/** What a key never written to knows: nothing but the attempt being judged. */
function freshSnapshot(attempt: boolean, members: { kind: keyof Snapshot["distinct"] }[]): Snapshot {
  const n = attempt ? 1 : 0;
  const distinct: Snapshot["distinct"] = noDistinct();
  if (attempt) for (const member of members) distinct[member.kind] = { hour: 1, day: 1 };
  return {
    firstSeen: null,
    attempts: { short: n, hour: n, day: n },
    hourlyMean: 0,
    sent: { day: 0, ever: 0 },
    verified: { day: 0, ever: 0 },
    verifiedHour: 0,
    reported: 0,
    verifiedFrom: [],
    verifiedAddresses: [],
    distinct,
    breaker: null,
  };
}
