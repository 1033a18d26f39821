/**
 * Brings a SQLite-backed Durable Object's storage up to the latest of `steps`, applied in order.
 * `schema_version` records how far a stored object has come, so each step runs once per object.
 * Call it from the constructor inside `blockConcurrencyWhile`.
 */
export function migrate(sql: SqlStorage, steps: readonly string[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = sql.exec<{ version: number }>("SELECT version FROM schema_version").toArray()[0];
  for (let step = row?.version ?? 0; step < steps.length; step++) {
    sql.exec(steps[step]!);
    sql.exec("DELETE FROM schema_version");
    sql.exec("INSERT INTO schema_version (version) VALUES (?)", step + 1);
  }
}

/** Milliseconds since the epoch as the ISO string the API shows. */
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
