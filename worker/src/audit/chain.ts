import { createHash } from "node:crypto";

/**
 * The hash chain over a shard's entries: each entry's hash covers the previous entry's hash and
 * every stored field of its own, so changing, removing or reordering any entry breaks every
 * hash after it. Synchronous SHA-256 (node:crypto) keeps an append one synchronous step inside
 * the object, so two appends can never chain onto the same predecessor.
 */

/** The fields of a stored entry, in the fixed order the hash covers them. */
export const CHAINED_COLUMNS = [
  "seq", "id", "time", "activity", "result", "reason", "user_id", "user_name", "methods",
  "step", "actor", "actor_id", "ip", "country", "request_id", "flow_id",
] as const;

/**
 * Columns added after the first entries were chained. Each is hashed only when it holds a value,
 * so entries written before it existed keep the hashes they were written with.
 */
export const LATER_COLUMNS = ["risk", "device"] as const;

export type ChainedRow = Record<(typeof CHAINED_COLUMNS)[number], string | number | null> &
  Partial<Record<(typeof LATER_COLUMNS)[number], string | number | null>>;

/**
 * Where a shard's chain starts: bound to the tenant and shard, so entries cannot be moved between
 * logs without breaking it.
 *
 * @example
 * genesisHash("contoso", 0) // 64 hex characters
 */
export function genesisHash(tenantId: string, shard: number): string {
  return createHash("sha256").update(`sesame-audit\n${tenantId}\n${shard}`).digest("hex");
}

/**
 * The hash of one entry chained to its predecessor's.
 *
 * @example
 * const hash = entryHash(previous, row);
 */
export function entryHash(previousHash: string, row: ChainedRow): string {
  const later = LATER_COLUMNS.filter((column) => row[column] !== null && row[column] !== undefined).map((column) => [column, row[column]]);
  const canonical = JSON.stringify([...CHAINED_COLUMNS.map((column) => row[column]), ...later]);
  return createHash("sha256").update(previousHash).update("\n").update(canonical).digest("hex");
}
