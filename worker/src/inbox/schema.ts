/**
 * The inbox's SQLite schema as migration steps (see `migrate` in lib/sql.ts): append, never edit.
 * `alerts.seq` is the cursor a reconnecting extension resumes after; AUTOINCREMENT so a number
 * is never reused, even after the oldest alerts are pruned.
 */
export const inboxMigrations: string[] = [
  `CREATE TABLE meta (tenant_id TEXT NOT NULL, user_id TEXT NOT NULL);
   CREATE TABLE alerts (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     kind TEXT NOT NULL,
     at INTEGER NOT NULL,
     ip TEXT,
     country TEXT,
     methods TEXT NOT NULL,
     via TEXT,
     flow_id TEXT,
     reported INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE approvals (
     id TEXT PRIMARY KEY,
     flow_id TEXT NOT NULL,
     flow_type TEXT NOT NULL,
     number TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     status TEXT NOT NULL,
     ip TEXT,
     country TEXT
   );
   CREATE TABLE block (id INTEGER PRIMARY KEY CHECK (id = 1), since INTEGER NOT NULL, alert_id TEXT);`,
  // The device an alert or approval came from ("Chrome on Windows"), as JSON of contract/device.ts.
  `ALTER TABLE alerts ADD COLUMN device TEXT;
   ALTER TABLE approvals ADD COLUMN device TEXT;`,
];
