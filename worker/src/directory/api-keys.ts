import { newId, randomToken, sha256Hex } from "../lib/crypto";
import { iso, isoOrNull } from "../lib/sql";

/**
 * Admin API keys. The key is `sk_<tenant>_<43 random characters>`: 256 bits, so a plain SHA-256
 * is enough to store it (no slow hash needed for a secret nobody chose). The tenant in the key lets
 * the edge route it to the right directory, and refuse it on any other tenant, without a lookup.
 */
export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The last four characters, so an admin can tell keys apart. */
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
}

type ApiKeyRow = {
  id: string;
  name: string;
  hash: string;
  hint: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
};

const fromRow = (row: ApiKeyRow): ApiKeyInfo => ({
  id: row.id,
  name: row.name,
  hint: row.hint,
  createdAt: iso(row.created_at),
  lastUsedAt: isoOrNull(row.last_used_at),
});

const keyPattern = /^sk_([a-z0-9-]{3,40})_([A-Za-z0-9_-]{43})$/;

/** The tenant a key claims to belong to, or null when it is not shaped like a key. */
export function tenantOfKey(key: string): string | null {
  return keyPattern.exec(key)?.[1] ?? null;
}

export async function insertApiKey(
  sql: SqlStorage,
  tenantId: string,
  name: string,
  now: number,
): Promise<{ info: ApiKeyInfo; key: string }> {
  const key = `sk_${tenantId}_${randomToken(32)}`;
  const id = newId("key");
  sql.exec(
    "INSERT INTO api_keys (id, name, hash, hint, created_at) VALUES (?, ?, ?, ?, ?)",
    id,
    name,
    await sha256Hex(key),
    key.slice(-4),
    now,
  );
  const row = sql.exec<ApiKeyRow>("SELECT * FROM api_keys WHERE id = ?", id).one();
  return { info: fromRow(row), key };
}

export function listApiKeyRows(sql: SqlStorage): ApiKeyInfo[] {
  return sql
    .exec<ApiKeyRow>("SELECT * FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at, id")
    .toArray()
    .map(fromRow);
}

export function revokeApiKeyRow(sql: SqlStorage, id: string, now: number): boolean {
  return sql.exec("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, id).rowsWritten > 0;
}

/** The id of the live key whose hash this is; marks it used at most once a minute. */
export function keyIdForHash(sql: SqlStorage, hash: string, now: number): string | null {
  const row = sql
    .exec<ApiKeyRow>("SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL", hash)
    .toArray()[0];
  if (!row) return null;
  if (row.last_used_at === null || now - row.last_used_at > 60_000) {
    sql.exec("UPDATE api_keys SET last_used_at = ? WHERE id = ?", now, row.id);
  }
  return row.id;
}
