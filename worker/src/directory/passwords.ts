import { iso } from "../lib/sql";

/**
 * Password credentials and history, as stored. Hashes are PHC Argon2id strings computed at the
 * edge (see worker/src/password/set-password.ts); this module only stores and compares them, so
 * the directory object never spends CPU on Argon2 and never sees a plaintext password.
 */
type CredentialRow = {
  user_id: string;
  password_hash: string | null;
  password_changed_at: number | null;
  force_change: number;
  version: number;
  session_epoch: number;
};

export interface CredentialState {
  passwordHash: string | null;
  passwordChangedAt: string | null;
  forceChangePasswordNextSignIn: boolean;
  /** Grows with every password change: the edge's compare-and-set token. */
  version: number;
  /** Grows whenever every session of the user must end. */
  sessionEpoch: number;
}

export interface PasswordWrite {
  hash: string;
  /** The same password hashed with the user's history salt, or null when no history is kept. */
  historyEntry: string | null;
  forceChange: boolean;
}

export interface PasswordChange {
  passwordChangedAt: string;
  forceChangePasswordNextSignIn: boolean;
  sessionEpoch: number;
}

const none: CredentialState = {
  passwordHash: null,
  passwordChangedAt: null,
  forceChangePasswordNextSignIn: false,
  version: 0,
  sessionEpoch: 0,
};

export function readCredential(sql: SqlStorage, userId: string): CredentialState {
  const row = sql.exec<CredentialRow>("SELECT * FROM credentials WHERE user_id = ?", userId).toArray()[0];
  if (!row) return { ...none };
  return {
    passwordHash: row.password_hash,
    passwordChangedAt: row.password_changed_at === null ? null : iso(row.password_changed_at),
    forceChangePasswordNextSignIn: row.force_change === 1,
    version: row.version,
    sessionEpoch: row.session_epoch,
  };
}

/** The user's latest history hashes, newest first. */
export function readHistory(sql: SqlStorage, userId: string, limit: number): string[] {
  if (limit <= 0) return [];
  return sql
    .exec<{ hash: string }>("SELECT hash FROM password_history WHERE user_id = ? ORDER BY seq DESC LIMIT ?", userId, limit)
    .toArray()
    .map((row) => row.hash);
}

/**
 * Stores a new password: the hash, one history entry, history trimmed to `keep` entries, and a
 * new session epoch so every existing session ends. Call inside `transactionSync`: all of it
 * happens or none of it does.
 */
export function writePassword(sql: SqlStorage, userId: string, write: PasswordWrite, keep: number, now: number): PasswordChange {
  sql.exec(
    `INSERT INTO credentials (user_id, password_hash, password_changed_at, force_change, version, session_epoch)
     VALUES (?, ?, ?, ?, 1, 1)
     ON CONFLICT(user_id) DO UPDATE SET password_hash = excluded.password_hash,
       password_changed_at = excluded.password_changed_at, force_change = excluded.force_change,
       version = version + 1, session_epoch = session_epoch + 1`,
    userId,
    write.hash,
    now,
    write.forceChange ? 1 : 0,
  );
  if (write.historyEntry !== null && keep > 0) {
    sql.exec(
      `INSERT INTO password_history (user_id, seq, hash, created_at)
       VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM password_history WHERE user_id = ?), ?, ?)`,
      userId,
      userId,
      write.historyEntry,
      now,
    );
  }
  // Old hashes are kept no longer than the policy needs: each one is something to crack.
  sql.exec(
    `DELETE FROM password_history WHERE user_id = ? AND seq NOT IN
       (SELECT seq FROM password_history WHERE user_id = ? ORDER BY seq DESC LIMIT ?)`,
    userId,
    userId,
    Math.max(keep, 0),
  );
  const state = readCredential(sql, userId);
  return {
    passwordChangedAt: state.passwordChangedAt!,
    forceChangePasswordNextSignIn: state.forceChangePasswordNextSignIn,
    sessionEpoch: state.sessionEpoch,
  };
}

/** Swaps a hash for a stronger one of the same password, unless the password changed meanwhile. */
export function upgradeHash(sql: SqlStorage, userId: string, previous: string, next: string): boolean {
  return (
    sql.exec("UPDATE credentials SET password_hash = ? WHERE user_id = ? AND password_hash = ?", next, userId, previous)
      .rowsWritten > 0
  );
}

/** Ends every session of the user: tokens issued under an older epoch stop being accepted. */
export function bumpSessionEpoch(sql: SqlStorage, userId: string): number {
  sql.exec(
    `INSERT INTO credentials (user_id, session_epoch) VALUES (?, 1)
     ON CONFLICT(user_id) DO UPDATE SET session_epoch = session_epoch + 1`,
    userId,
  );
  return readCredential(sql, userId).sessionEpoch;
}

export function deleteCredentialRows(sql: SqlStorage, userId: string): void {
  sql.exec("DELETE FROM password_history WHERE user_id = ?", userId);
  sql.exec("DELETE FROM credentials WHERE user_id = ?", userId);
}
