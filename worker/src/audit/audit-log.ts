import { DurableObject } from "cloudflare:workers";
import { AuditEventSchema, type AuditEventInput } from "#contract/audit";
import type { Env } from "../env";
import { fail, ok, type Result } from "../http/api-error";
import { newId } from "../lib/crypto";
import { migrate } from "../lib/sql";
import { countForAlerts, raiseAlert } from "../alerts/audit-counters";
import { entryHash, genesisHash } from "./chain";
import { entryOf, filterSql, rowOf, type AuditCursor, type AuditFilter, type EntryRow, type ShardEntry } from "./rows";
import { AUDIT_RETENTION_MS, auditMigrations } from "./schema";

/** How far back a caller may date an event it writes late (a retried write, a queue). */
export const MAX_BACKDATE_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

export type UsageRow = {
  activity: string;
  methods: string;
  result: string;
  reason: string | null;
  n: number;
};

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** The hash of the newest entry: record it elsewhere to detect a rewrite of the whole chain. */
  head: string | null;
  /** The first entry whose hash or link does not check out. */
  brokenAt?: number;
}

/**
 * One shard of a tenant's audit log: an append-only SQLite table whose entries are chained by
 * SHA-256. A tenant has `AUDIT_SHARDS` of these (see shards.ts) so that no single object takes
 * every event of a busy tenant; each shard is its own chain.
 */
export class AuditLog extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, auditMigrations));
  }

  /** Appends one event; everything here is synchronous, so appends never interleave. */
  append(tenantId: string, shard: number, input: AuditEventInput): Result<{ id: string; time: number }> {
    const parsed = AuditEventSchema.safeParse(input);
    if (!parsed.success) return fail("VALIDATION_FAILED");
    const event = parsed.data;
    const now = Date.now();
    const time = event.time === undefined ? now : Date.parse(event.time);
    if (time > now + 60_000 || time < now - MAX_BACKDATE_MS) return fail("VALIDATION_FAILED");
    const genesis = this.claim(tenantId, shard);
    if (genesis === null) return fail("INTERNAL");
    const id = newId("aud");
    this.ctx.storage.transactionSync(() => {
      const last = this.tail() ?? { seq: 0, hash: genesis };
      const row = rowOf(last.seq + 1, id, time, event);
      const hash = entryHash(last.hash, row);
      const columns = Object.keys(row);
      this.sql.exec(
        `INSERT INTO entries (${columns.join(", ")}, prev_hash, hash) VALUES (${columns.map(() => "?").join(", ")}, ?, ?)`,
        ...Object.values(row),
        last.hash,
        hash,
      );
    });
    void this.scheduleRetention();
    const spike = countForAlerts(this.sql, time, event);
    if (spike) this.ctx.waitUntil(raiseAlert(this.env, tenantId, spike));
    return ok({ id, time });
  }

  /** The first `limit` entries after `cursor`, newest first, that match `filter`. */
  query(shard: number, filter: AuditFilter, cursor: AuditCursor | null, limit: number): ShardEntry[] {
    const [where, bindings] = filterSql(filter, shard, cursor);
    return this.sql
      .exec<EntryRow>(`SELECT * FROM entries ${where} ORDER BY time DESC, seq DESC LIMIT ?`, ...bindings, limit)
      .toArray()
      .map((row) => ({ entry: entryOf(row), time: row.time, shard, seq: row.seq }));
  }

  /** Counts for the usage report, grouped the way it reports them. */
  usage(from: number, to: number, activities: string[]): UsageRow[] {
    return this.sql
      .exec<UsageRow>(
        `SELECT activity, methods, result, reason, COUNT(*) AS n FROM entries
         WHERE time >= ? AND time < ? AND activity IN (${activities.map(() => "?").join(", ")})
         GROUP BY activity, methods, result, reason`,
        from,
        to,
        ...activities,
      )
      .toArray();
  }

  /** Per UTC day, activity and result, for the report's daily chart; and the reset funnel's steps. */
  daily(from: number, to: number, activities: string[]): { day: number; activity: string; result: string; n: number }[] {
    return this.sql
      .exec<{ day: number; activity: string; result: string; n: number }>(
        `SELECT time / 86400000 AS day, activity, result, COUNT(*) AS n FROM entries
         WHERE time >= ? AND time < ? AND activity IN (${activities.map(() => "?").join(", ")})
         GROUP BY day, activity, result`,
        from,
        to,
        ...activities,
      )
      .toArray();
  }

  resetSteps(from: number, to: number): { step: string; n: number }[] {
    return this.sql
      .exec<{ step: string; n: number }>(
        `SELECT step, COUNT(*) AS n FROM entries WHERE time >= ? AND time < ? AND activity = 'Self-service password reset flow activity progress' AND step IS NOT NULL GROUP BY step`,
        from,
        to,
      )
      .toArray();
  }

  /** Recomputes the whole chain from its start (or from where retention cut it). */
  verifyChain(): ChainReport {
    const meta = this.sql.exec<{ tenant_id: string; shard: number }>("SELECT * FROM meta").toArray()[0];
    if (!meta) return { ok: true, entries: 0, head: null };
    const anchor = this.sql.exec<{ seq: number; hash: string }>("SELECT * FROM anchor").toArray()[0];
    let previous = anchor ?? { seq: 0, hash: genesisHash(meta.tenant_id, meta.shard) };
    let entries = 0;
    for (const row of this.sql.exec<EntryRow>("SELECT * FROM entries ORDER BY seq")) {
      entries++;
      const intact = row.seq === previous.seq + 1 && row.prev_hash === previous.hash && row.hash === entryHash(previous.hash, row);
      if (!intact) return { ok: false, entries, head: null, brokenAt: row.seq };
      previous = { seq: row.seq, hash: row.hash };
    }
    return { ok: true, entries, head: entries ? previous.hash : null };
  }

  /**
   * Development and tests only: rewrites one stored entry behind the triggers' back, as someone
   * with raw access to storage could, so the console and tests can show the chain catching it.
   * Refused (null) anywhere else.
   */
  tamperForDemo(): { seq: number } | null {
    if (this.env.SESAME_ENV !== "development" && this.env.SESAME_ENV !== "test") return null;
    const row = this.sql.exec<{ seq: number; result: string }>("SELECT seq, result FROM entries ORDER BY seq DESC LIMIT 1").toArray()[0];
    if (!row) return null;
    this.ctx.storage.transactionSync(() => {
      this.sql.exec("DROP TRIGGER entries_no_update");
      this.sql.exec("UPDATE entries SET result = ? WHERE seq = ?", row.result === "success" ? "failure" : "success", row.seq);
      this.sql.exec(`CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END`);
    });
    return { seq: row.seq };
  }

  /** Deletes entries past retention, and records where the chain now starts. */
  override async alarm(): Promise<void> {
    const cutoff = Date.now() - AUDIT_RETENTION_MS;
    this.ctx.storage.transactionSync(() => {
      // Cut at a sequence number, below the oldest entry still kept: an entry dated late must
      // not leave a hole in the chain.
      const kept = this.sql.exec<{ seq: number | null }>("SELECT MIN(seq) AS seq FROM entries WHERE time >= ?", cutoff).one().seq;
      const cut = this.sql
        .exec<{ seq: number; hash: string }>("SELECT seq, hash FROM entries WHERE ? IS NULL OR seq < ? ORDER BY seq DESC LIMIT 1", kept, kept)
        .toArray()[0];
      if (!cut) return;
      this.sql.exec("DELETE FROM entries WHERE seq <= ?", cut.seq);
      this.sql.exec("DELETE FROM anchor");
      this.sql.exec("DELETE FROM counters WHERE hour < ?", cutoff);
      this.sql.exec("INSERT INTO anchor (seq, hash) VALUES (?, ?)", cut.seq, cut.hash);
    });
    if (this.sql.exec("SELECT 1 FROM entries LIMIT 1").toArray().length) await this.ctx.storage.setAlarm(Date.now() + PRUNE_EVERY_MS);
  }

  /**
   * Binds this object to its tenant and shard on first use and returns the chain's genesis hash;
   * null when it is addressed as another tenant's or shard (a bug in the caller's naming).
   */
  private claim(tenantId: string, shard: number): string | null {
    const meta = this.sql.exec<{ tenant_id: string; shard: number }>("SELECT * FROM meta").toArray()[0];
    if (!meta) this.sql.exec("INSERT INTO meta (tenant_id, shard) VALUES (?, ?)", tenantId, shard);
    else if (meta.tenant_id !== tenantId || meta.shard !== shard) return null;
    return genesisHash(tenantId, shard);
  }

  private tail(): { seq: number; hash: string } | null {
    const last = this.sql.exec<{ seq: number; hash: string }>("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1").toArray()[0];
    return last ?? this.sql.exec<{ seq: number; hash: string }>("SELECT * FROM anchor").toArray()[0] ?? null;
  }

  private async scheduleRetention(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + PRUNE_EVERY_MS);
  }
}
