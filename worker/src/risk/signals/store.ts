import { RISK_WINDOW_DAY_MINUTES, RISK_WINDOW_HOUR_MINUTES, RISK_WINDOW_SHORT_MINUTES } from "../../limits";
import { noDistinct, type MemberKind, type Snapshot, type Windowed } from "./types";

/**
 * The SQL behind one risk object: per-minute counters (sliding windows are sums over minutes),
 * distinct members with when each was last seen, and a few named facts, each kept per scope.
 * A scope is one key the object answers for (a number, its block, its range; an address; a
 * tenant shard, a country of it), so one call can ask about several.
 */
export const riskMigrations = [
  `CREATE TABLE counts (scope TEXT NOT NULL, kind TEXT NOT NULL, minute INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (scope, kind, minute)) WITHOUT ROWID;
   CREATE TABLE members (scope TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, last_at INTEGER NOT NULL, PRIMARY KEY (scope, kind, value)) WITHOUT ROWID;
   CREATE INDEX members_by_time ON members(scope, kind, last_at);
   CREATE TABLE facts (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE decisions (seq INTEGER PRIMARY KEY, scope TEXT NOT NULL, time INTEGER NOT NULL, tenant_id TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE INDEX decisions_by_scope ON decisions(scope, tenant_id, seq);`,
];

export type CountKind = "attempt" | "sent" | "verified";
const minuteOf = (ms: number) => Math.floor(ms / 60_000);

/** SQL of one scope of a key. */
export class ScopeStore {
  constructor(
    private readonly sql: SqlStorage,
    readonly scope: string,
  ) {}

  addCount(kind: CountKind, now: number, n = 1): void {
    this.sql.exec(
      "INSERT INTO counts (scope, kind, minute, n) VALUES (?, ?, ?, ?) ON CONFLICT(scope, kind, minute) DO UPDATE SET n = n + excluded.n",
      this.scope,
      kind,
      minuteOf(now),
      n,
    );
  }

  addMember(kind: MemberKind, value: string, now: number): void {
    this.sql.exec(
      "INSERT INTO members (scope, kind, value, last_at) VALUES (?, ?, ?, ?) ON CONFLICT(scope, kind, value) DO UPDATE SET last_at = excluded.last_at",
      this.scope,
      kind,
      value,
      now,
    );
  }

  /** When a member was last seen, or null. */
  lastSeen(kind: MemberKind, value: string): number | null {
    return (
      this.sql.exec<{ last_at: number }>("SELECT last_at FROM members WHERE scope = ? AND kind = ? AND value = ?", this.scope, kind, value).toArray()[0]
        ?.last_at ?? null
    );
  }

  /** Several facts in one query; absent ones are null. */
  facts<N extends string>(names: readonly N[]): Record<N, string | null> {
    const found = new Map(
      this.sql
        .exec<{ name: string; value: string }>(`SELECT name, value FROM facts WHERE name IN (${names.map(() => "?").join(", ")})`, ...names.map((n) => `${n}@${this.scope}`))
        .toArray()
        .map((row) => [row.name.slice(0, row.name.lastIndexOf("@")), row.value]),
    );
    return Object.fromEntries(names.map((n) => [n, found.get(n) ?? null])) as Record<N, string | null>;
  }

  fact(name: string): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM facts WHERE name = ?", `${name}@${this.scope}`).toArray()[0]?.value ?? null;
  }

  setFact(name: string, value: string | number): void {
    this.sql.exec(
      "INSERT INTO facts (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
      `${name}@${this.scope}`,
      String(value),
    );
  }

  bumpFact(name: string, by = 1): void {
    this.setFact(name, Number(this.fact(name) ?? 0) + by);
  }

  /** Sums of each counter over the short, hour and day windows, from `since` at the earliest. */
  windowed(now: number, since = 0): Record<CountKind, Windowed> {
    const minute = minuteOf(now);
    const floor = Math.max(minute - RISK_WINDOW_DAY_MINUTES + 1, minuteOf(since));
    const rows = this.sql
      .exec<{ kind: CountKind; short: number | null; hour: number | null; day: number | null }>(
        `SELECT kind,
           SUM(CASE WHEN minute > ? THEN n END) AS short,
           SUM(CASE WHEN minute > ? THEN n END) AS hour,
           SUM(n) AS day
         FROM counts WHERE scope = ? AND minute >= ? GROUP BY kind`,
        minute - RISK_WINDOW_SHORT_MINUTES,
        minute - RISK_WINDOW_HOUR_MINUTES,
        this.scope,
        floor,
      )
      .toArray();
    const empty = (): Windowed => ({ short: 0, hour: 0, day: 0 });
    const result: Record<CountKind, Windowed> = { attempt: empty(), sent: empty(), verified: empty() };
    for (const row of rows) result[row.kind] = { short: row.short ?? 0, hour: row.hour ?? 0, day: row.day ?? 0 };
    return result;
  }

  /** How many distinct members of each kind were seen in the last hour and day. */
  distinct(now: number): Snapshot["distinct"] {
    const rows = this.sql
      .exec<{ kind: MemberKind; hour: number; day: number }>(
        "SELECT kind, SUM(last_at > ?) AS hour, COUNT(*) AS day FROM members WHERE scope = ? AND last_at > ? GROUP BY kind",
        now - RISK_WINDOW_HOUR_MINUTES * 60_000,
        this.scope,
        now - RISK_WINDOW_DAY_MINUTES * 60_000,
      )
      .toArray();
    const result: Snapshot["distinct"] = noDistinct();
    for (const row of rows) result[row.kind] = { hour: row.hour, day: row.day };
    return result;
  }
}

/**
 * Drops counters and members older than `before`; decisions, and the facts of scopes unused,
 * older than `historyBefore`.
 */
export function prune(sql: SqlStorage, before: number, historyBefore: number): void {
  sql.exec("DELETE FROM counts WHERE minute < ?", minuteOf(before));
  sql.exec("DELETE FROM members WHERE last_at < ?", before);
  sql.exec("DELETE FROM decisions WHERE time < ?", historyBefore);
  const stale = sql
    .exec<{ name: string }>("SELECT name FROM facts WHERE name LIKE 'last_seen@%' AND CAST(value AS INTEGER) < ?", historyBefore)
    .toArray()
    .map((row) => row.name.slice("last_seen@".length));
  for (const scope of stale) sql.exec("DELETE FROM facts WHERE substr(name, instr(name, '@') + 1) = ?", scope);
}

export function isEmpty(sql: SqlStorage): boolean {
  const row = sql
    .exec<{ n: number }>("SELECT (SELECT COUNT(*) FROM counts) + (SELECT COUNT(*) FROM members) + (SELECT COUNT(*) FROM decisions) AS n")
    .toArray()[0];
  return (row?.n ?? 0) === 0;
}
