import type { Page } from "#contract/admin/common";
import type { AuditEntry } from "#contract/audit";
import type { Env } from "../env";
import { fail, ok, type Result } from "../http/api-error";
import { base64url, fromBase64url } from "../lib/crypto";
import type { AuditCursor, AuditFilter, ShardEntry } from "./rows";
import { auditShards } from "./shards";

/**
 * The opaque `$skiptoken` of the audit log: where the previous page ended.
 *
 * @example
 * decodeAuditCursor(encodeAuditCursor({ time: 1, shard: 2, seq: 3 })) // { time: 1, shard: 2, seq: 3 }
 */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return base64url(new TextEncoder().encode(JSON.stringify([cursor.time, cursor.shard, cursor.seq])));
}

/** Reads a `$skiptoken`; null when it is not one this API issued. */
export function decodeAuditCursor(token: string): AuditCursor | null {
  try {
    const bytes = fromBase64url(token);
    const value: unknown = bytes && JSON.parse(new TextDecoder().decode(bytes));
    if (!Array.isArray(value) || value.length !== 3 || !value.every((n) => Number.isSafeInteger(n) && n >= 0)) return null;
    const [time, shard, seq] = value as number[];
    return { time: time!, shard: shard!, seq: seq! };
  } catch {
    return null;
  }
}

/** Newest first across shards: time, then shard, then sequence, all descending. */
const newestFirst = (a: ShardEntry, b: ShardEntry) => b.time - a.time || b.shard - a.shard || b.seq - a.seq;

/**
 * One page of a tenant's audit log, newest first, merged from every shard. Each shard returns
 * its first `top + 1` matches after the cursor, which is all a page of `top` can need.
 *
 * @example
 * const page = unwrap(await queryAudit(env, "contoso", { result: "failure" }, 50));
 */
export async function queryAudit(
  env: Env,
  tenantId: string,
  filter: AuditFilter,
  top: number,
  skipToken?: string,
): Promise<Result<Page<AuditEntry>>> {
  const cursor = skipToken === undefined ? null : decodeAuditCursor(skipToken);
  if (cursor === null && skipToken !== undefined) return fail("VALIDATION_FAILED");
  const pages = await Promise.all(auditShards(env, tenantId).map(({ shard, stub }) => stub.query(shard, filter, cursor, top + 1)));
  const merged = pages.flat().sort(newestFirst);
  const value = merged.slice(0, top);
  const last = value.at(-1);
  const page: Page<AuditEntry> = { value: value.map((item) => item.entry) };
  if (merged.length > top && last) page.skipToken = encodeAuditCursor(last);
  return ok(page);
}
