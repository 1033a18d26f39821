/**
 * The tenant directory's SQLite schema as migration steps (see `migrate` in lib/sql.ts). Steps
 * already applied to stored objects are never edited: change the schema by appending a step.
 */
export const migrations: string[] = [
  `CREATE TABLE tenant (
     id TEXT PRIMARY KEY,
     doc TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE users (
     id TEXT PRIMARY KEY,
     user_name TEXT NOT NULL COLLATE NOCASE UNIQUE,
     display_name TEXT NOT NULL,
     emails TEXT NOT NULL,
     mobile_phone TEXT,
     roles TEXT NOT NULL,
     groups TEXT NOT NULL,
     account_enabled INTEGER NOT NULL,
     locked INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE groups (
     id TEXT PRIMARY KEY,
     display_name TEXT NOT NULL,
     description TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE methods (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     type TEXT NOT NULL,
     slot TEXT NOT NULL,
     phone_number TEXT,
     email TEXT COLLATE NOCASE,
     secret TEXT,
     created_at INTEGER NOT NULL,
     last_used_at INTEGER,
     last_confirmed_at INTEGER,
     UNIQUE (user_id, slot)
   );
   CREATE INDEX methods_by_phone ON methods(phone_number) WHERE phone_number IS NOT NULL;
   CREATE INDEX methods_by_email ON methods(email) WHERE email IS NOT NULL;
   CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     hash TEXT NOT NULL UNIQUE,
     hint TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_used_at INTEGER,
     revoked_at INTEGER
   );`,
  // Passwords. `version` grows with every password change, so a change computed at the edge
  // against an older state is refused instead of overwriting a newer one. `session_epoch` grows
  // whenever sessions must end: tokens carry the epoch they were issued under.
  `CREATE TABLE credentials (
     user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
     password_hash TEXT,
     password_changed_at INTEGER,
     force_change INTEGER NOT NULL DEFAULT 0,
     version INTEGER NOT NULL DEFAULT 0,
     session_epoch INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE password_history (
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (user_id, seq)
   );`,
  // Sign-in. A mobile number can be enabled for SMS sign-in by one user only: the partial unique
  // index makes that a constraint of the table, not just a check. Per-user MFA is Graph's
  // `authentication/requirements`. A tenant has one site key (the `aud` of its tokens); only the
  // SHA-256 of its secret is kept.
  `ALTER TABLE methods ADD COLUMN sms_sign_in INTEGER NOT NULL DEFAULT 0;
   CREATE UNIQUE INDEX methods_sms_sign_in ON methods(phone_number) WHERE sms_sign_in = 1;
   CREATE TABLE user_requirements (
     user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
     per_user_mfa TEXT NOT NULL
   );
   CREATE TABLE site_keys (
     site_key TEXT PRIMARY KEY,
     secret_hash TEXT NOT NULL UNIQUE,
     secret_hint TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     rotated_at INTEGER NOT NULL
   );`,
];
