import type { WritebackAgent } from "#contract/admin/writeback";
import { DirectoryKindSchema, EcPublicJwkSchema, type EcPublicJwk } from "#contract/writeback";
import { newId, randomToken, sha256Hex } from "../lib/crypto";
import { iso, isoOrNull } from "../lib/sql";

/**
 * Agent keys and what their agents reported, in the Writeback object's `agents` table. A key is
 * `ak_<tenant>_<43 random characters>`: the tenant in it routes a connection to the right object
 * before any lookup, as admin keys do.
 */
export type AgentRow = {
  id: string;
  name: string;
  hash: string;
  hint: string;
  created_at: number;
  revoked_at: number | null;
  encryption_key: string | null;
  signing_key: string | null;
  pinned_at: number | null;
  version: string | null;
  directory: string | null;
  connected_at: number | null;
  disconnected_at: number | null;
  last_seen_at: number | null;
  directory_reachable: number | null;
  latency_ms: number | null;
  health_at: number | null;
};

export async function insertAgentKey(sql: SqlStorage, tenantId: string, name: string, now: number): Promise<{ row: AgentRow; key: string }> {
  const key = `ak_${tenantId}_${randomToken(32)}`;
  const id = newId("agk");
  sql.exec("INSERT INTO agents (id, name, hash, hint, created_at) VALUES (?, ?, ?, ?, ?)", id, name, await sha256Hex(key), key.slice(-4), now);
  return { row: sql.exec<AgentRow>("SELECT * FROM agents WHERE id = ?", id).one(), key };
}

export const liveAgents = (sql: SqlStorage): AgentRow[] =>
  sql.exec<AgentRow>("SELECT * FROM agents WHERE revoked_at IS NULL ORDER BY created_at, id").toArray();

export const liveAgent = (sql: SqlStorage, id: string): AgentRow | null =>
  sql.exec<AgentRow>("SELECT * FROM agents WHERE id = ? AND revoked_at IS NULL", id).toArray()[0] ?? null;

export const agentForHash = (sql: SqlStorage, hash: string): AgentRow | null =>
  sql.exec<AgentRow>("SELECT * FROM agents WHERE hash = ? AND revoked_at IS NULL", hash).toArray()[0] ?? null;

export function revokeAgentRow(sql: SqlStorage, id: string, now: number): boolean {
  return sql.exec("UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, id).rowsWritten > 0;
}

/** The registered public keys, or null before the agent's first hello. */
export function pinnedKeys(row: AgentRow): { encryptionKey: EcPublicJwk; signingKey: EcPublicJwk } | null {
  if (!row.encryption_key || !row.signing_key) return null;
  return {
    encryptionKey: EcPublicJwkSchema.parse(JSON.parse(row.encryption_key)),
    signingKey: EcPublicJwkSchema.parse(JSON.parse(row.signing_key)),
  };
}

const sameKey = (a: EcPublicJwk, b: EcPublicJwk) => a.x === b.x && a.y === b.y;

/**
 * Records a hello. The first one pins the agent's public keys to its agent key (trust on first
 * use); a later hello with other keys is refused, so a stolen agent key alone cannot stand in for
 * an agent that has registered: it would need the agent's private keys too.
 */
export function recordHello(
  sql: SqlStorage,
  row: AgentRow,
  hello: { version: string; directory: string; encryptionKey: EcPublicJwk; signingKey: EcPublicJwk },
  now: number,
): "pinned" | "matched" | "mismatch" {
  const pinned = pinnedKeys(row);
  if (pinned && !(sameKey(pinned.encryptionKey, hello.encryptionKey) && sameKey(pinned.signingKey, hello.signingKey))) return "mismatch";
  sql.exec(
    `UPDATE agents SET encryption_key = ?, signing_key = ?, pinned_at = COALESCE(pinned_at, ?), version = ?, directory = ?,
       connected_at = ?, last_seen_at = ? WHERE id = ?`,
    JSON.stringify(hello.encryptionKey),
    JSON.stringify(hello.signingKey),
    now,
    hello.version,
    hello.directory,
    now,
    now,
    row.id,
  );
  return pinned ? "matched" : "pinned";
}

export function recordHealth(sql: SqlStorage, id: string, health: { directoryReachable: boolean; latencyMs: number | null }, now: number): void {
  sql.exec(
    "UPDATE agents SET directory_reachable = ?, latency_ms = ?, health_at = ?, last_seen_at = ? WHERE id = ?",
    health.directoryReachable ? 1 : 0,
    health.latencyMs,
    now,
    now,
    id,
  );
}

export const recordSeen = (sql: SqlStorage, id: string, now: number) => sql.exec("UPDATE agents SET last_seen_at = ? WHERE id = ?", now, id);

export const recordDisconnected = (sql: SqlStorage, id: string, now: number) =>
  sql.exec("UPDATE agents SET disconnected_at = ?, last_seen_at = MAX(COALESCE(last_seen_at, 0), ?) WHERE id = ?", now, now, id);

/** The admin view of a row; `connected` and the freshest "seen" time come from the live sockets. */
export function agentView(row: AgentRow, live: { connected: boolean; seenAt: number | null }): WritebackAgent {
  const directory = DirectoryKindSchema.safeParse(row.directory);
  const lastSeen = Math.max(row.last_seen_at ?? 0, live.seenAt ?? 0);
  return {
    id: row.id,
    name: row.name,
    hint: row.hint,
    createdAt: iso(row.created_at),
    registered: row.pinned_at !== null,
    connected: live.connected,
    connectedAt: live.connected ? isoOrNull(row.connected_at) : null,
    lastSeenAt: lastSeen > 0 ? iso(lastSeen) : null,
    version: row.version,
    directory: directory.success ? directory.data : null,
    health:
      row.health_at === null
        ? null
        : { directoryReachable: row.directory_reachable === 1, latencyMs: row.latency_ms, checkedAt: iso(row.health_at) },
  };
}
