import { RISK_WINDOW_DAY_MINUTES, RISK_WINDOW_HOUR_MINUTES, RISK_WINDOW_SHORT_MINUTES } from "../../limits";
import type { MemberKind, Snapshot, Windowed } from "./types";

/**
 * The SQL behind one risk key: per-minute counters (sliding windows are sums over minutes),
 * distinct members with when each was last seen, and a few named facts. Kept apart from the
 * object so the object reads as its RPC surface.
 */
export const riskMigrations = [
  `CREATE TABLE counts (kind TEXT NOT NULL, minute INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (kind, minute)) WITHOUT ROWID;
   CREATE TABLE members (kind TEXT NOT NULL, value TEXT NOT NULL, last_at INTEGER NOT NULL, PRIMARY KEY (kind, value)) WITHOUT ROWID;
   CREATE INDEX members_by_time ON members(kind, last_at);
   CREATE TABLE facts (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE decisions (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, tenant_id TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE INDEX decisions_by_tenant ON decisions(tenant_id, seq);`,
];

export type CountKind = "attempt" | "sent" | "verified";
const minuteOf = (ms: number) => Math.floor(ms / 60_000);

export function addCount(sql: SqlStorage, kind: CountKind, now: number, n = 1): void {
  sql.exec(
    "INSERT INTO counts (kind, minute, n) VALUES (?, ?, ?) ON CONFLICT(kind, minute) DO UPDATE SET n = n + excluded.n",
    kind,
    minuteOf(now),
    n,
  );
}

export function addMember(sql: SqlStorage, kind: MemberKind, value: string, now: number): void {
  sql.exec(
    "INSERT INTO members (kind, value, last_at) VALUES (?, ?, ?) ON CONFLICT(kind, value) DO UPDATE SET last_at = excluded.last_at",
    kind,
    value,
    now,
  );
}

export function fact(sql: SqlStorage, name: string): string | null {
  return sql.exec<{ value: string }>("SELECT value FROM facts WHERE name = ?", name).toArray()[0]?.value ?? null;
}

export function setFact(sql: SqlStorage, name: string, value: string | number): void {
  sql.exec("INSERT INTO facts (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value", name, String(value));
}

export function bumpFact(sql: SqlStorage, name: string, by = 1): void {
  setFact(sql, name, Number(fact(sql, name) ?? 0) + by);
}

/** Sums of each counter over the short, hour and day windows, from `since` at the earliest. */
export function windowed(sql: SqlStorage, now: number, since = 0): Record<CountKind, Windowed> {
  const minute = minuteOf(now);
  const floor = Math.max(minute - RISK_WINDOW_DAY_MINUTES + 1, minuteOf(since));
  const rows = sql
    .exec<{ kind: CountKind; short: number | null; hour: number | null; day: number | null }>(
      `SELECT kind,
         SUM(CASE WHEN minute > ? THEN n END) AS short,
         SUM(CASE WHEN minute > ? THEN n END) AS hour,
         SUM(n) AS day
       FROM counts WHERE minute >= ? GROUP BY kind`,
      minute - RISK_WINDOW_SHORT_MINUTES,
      minute - RISK_WINDOW_HOUR_MINUTES,
      floor,
    )
    .toArray();
  const empty = (): Windowed => ({ short: 0, hour: 0, day: 0 });
  const result: Record<CountKind, Windowed> = { attempt: empty(), sent: empty(), verified: empty() };
  for (const row of rows) result[row.kind] = { short: row.short ?? 0, hour: row.hour ?? 0, day: row.day ?? 0 };
  return result;
}

/** How many distinct members of each kind were seen in the last hour and day. */
export function distinct(sql: SqlStorage, now: number): Snapshot["distinct"] {
  const rows = sql
    .exec<{ kind: MemberKind; hour: number; day: number }>(
      "SELECT kind, SUM(last_at > ?) AS hour, COUNT(*) AS day FROM members WHERE last_at > ? GROUP BY kind",
      now - RISK_WINDOW_HOUR_MINUTES * 60_000,
      now - RISK_WINDOW_DAY_MINUTES * 60_000,
    )
    .toArray();
  const result: Snapshot["distinct"] = { num: { hour: 0, day: 0 }, sfx: { hour: 0, day: 0 }, cc: { hour: 0, day: 0 } };
  for (const row of rows) result[row.kind] = { hour: row.hour, day: row.day };
  return result;
}

/** Drops counters and members older than `before`, and decisions older than `decisionsBefore`. */
export function prune(sql: SqlStorage, before: number, decisionsBefore: number): void {
  sql.exec("DELETE FROM counts WHERE minute < ?", minuteOf(before));
  sql.exec("DELETE FROM members WHERE last_at < ?", before);
  sql.exec("DELETE FROM decisions WHERE time < ?", decisionsBefore);
}

export function isEmpty(sql: SqlStorage): boolean {
  const row = sql
    .exec<{ n: number }>("SELECT (SELECT COUNT(*) FROM counts) + (SELECT COUNT(*) FROM members) + (SELECT COUNT(*) FROM decisions) AS n")
    .toArray()[0];
  return (row?.n ?? 0) === 0;
}
