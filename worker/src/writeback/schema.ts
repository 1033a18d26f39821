/**
 * The Writeback object's SQLite schema as migration steps (see `migrate` in lib/sql.ts); append
 * steps, never edit one.
 *
 * `agents`: one row per issued agent key (stored as SHA-256: the key has 256 random bits), with
 * the public keys the agent registered on first use and what it last reported.
 * `commands`: finished and waiting commands, so a retry by command id answers from here and the
 * status page can count outcomes. No password, encrypted or not, is ever stored.
 */
export const writebackMigrations: string[] = [
  `CREATE TABLE meta (tenant_id TEXT NOT NULL);
   CREATE TABLE agents (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     hash TEXT NOT NULL UNIQUE,
     hint TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     revoked_at INTEGER,
     encryption_key TEXT,
     signing_key TEXT,
     pinned_at INTEGER,
     version TEXT,
     directory TEXT,
     connected_at INTEGER,
     disconnected_at INTEGER,
     last_seen_at INTEGER,
     directory_reachable INTEGER,
     latency_ms INTEGER,
     health_at INTEGER
   );
   CREATE TABLE commands (
     id TEXT PRIMARY KEY,
     agent_id TEXT NOT NULL,
     status TEXT NOT NULL,
     outcome TEXT,
     created_at INTEGER NOT NULL,
     finished_at INTEGER
   );
   CREATE INDEX commands_by_time ON commands(created_at);`,
];
