/** How long audit entries are kept, as in Entra's audit logs with a P1/P2 licence. */
export const AUDIT_RETENTION_DAYS = 30;
export const AUDIT_RETENTION_MS = AUDIT_RETENTION_DAYS * 24 * 60 * 60 * 1000;

/**
 * One audit shard's SQLite schema as migration steps (see `migrate` in lib/sql.ts); append steps,
 * never edit one. The triggers make the table append-only for the code: rows cannot be updated,
 * and only rows past retention can be deleted. Someone with raw access to storage can drop a
 * trigger, which is what the hash chain is for.
 */
export const auditMigrations: string[] = [
  `CREATE TABLE meta (tenant_id TEXT NOT NULL, shard INTEGER NOT NULL);
   CREATE TABLE entries (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     time INTEGER NOT NULL,
     activity TEXT NOT NULL,
     result TEXT NOT NULL,
     reason TEXT,
     user_id TEXT,
     user_name TEXT,
     methods TEXT NOT NULL,
     step TEXT,
     actor TEXT NOT NULL,
     actor_id TEXT,
     ip TEXT,
     country TEXT,
     request_id TEXT,
     flow_id TEXT,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   );
   CREATE INDEX entries_by_time ON entries(time, seq);
   CREATE INDEX entries_by_user ON entries(user_id, time);
   CREATE TABLE anchor (seq INTEGER NOT NULL, hash TEXT NOT NULL);
   CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
   BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
   CREATE TRIGGER entries_no_early_delete BEFORE DELETE ON entries
   WHEN OLD.time > CAST(strftime('%s', 'now') AS INTEGER) * 1000 - ${AUDIT_RETENTION_MS}
   BEGIN SELECT RAISE(ABORT, 'audit entries are kept for the retention period'); END;`,
  // Phone protection: the score, decision and reasons of a judged send, as JSON.
  `ALTER TABLE entries ADD COLUMN risk TEXT`,
  // Spike alerts: events counted per hour and kind (alerts/audit-counters.ts). Not part of the chain.
  `CREATE TABLE counters (hour INTEGER NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (hour, kind)) WITHOUT ROWID`,
  // The device an event came from ("Chrome on Windows"), as JSON of contract/device.ts.
  `ALTER TABLE entries ADD COLUMN device TEXT`,
];
