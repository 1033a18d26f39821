import type { Env } from "../env";

/**
 * How many objects hold one tenant's audit log. Every step of every flow writes an event, and
 * an attack (enumeration, SMS pumping) writes them at the attacker's pace: one object per tenant
 * would be the single hot spot DESIGN.md rules out (about 1,000 requests/s per object), and
 * would drop events exactly when they matter. Four shards give a tenant some 4,000 writes/s;
 * reading fans out to all four, which an admin's query or report can afford.
 *
 * Raising this later is safe (readers ask every shard below the new count, old shards included);
 * lowering it would hide the events of the shards left out.
 */
export const AUDIT_SHARDS = 4;

/**
 * The shard an event goes to: by flow, so one flow's events stay in order in one chain, else by
 * user, else any.
 *
 * @example
 * shardFor({ flowId: "contoso.abc…" }) // the same number for every event of that flow
 */
export function shardFor(event: { flowId?: string | null; userId?: string | null }): number {
  const key = event.flowId ?? event.userId;
  if (!key) return crypto.getRandomValues(new Uint8Array(1))[0]! % AUDIT_SHARDS;
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return (hash >>> 0) % AUDIT_SHARDS;
}

/**
 * The object of one shard of a tenant's audit log.
 *
 * @example
 * await auditShard(env, "contoso", 2).verifyChain();
 */
export function auditShard(env: Env, tenantId: string, shard: number) {
  return env.AUDIT.get(env.AUDIT.idFromName(`${tenantId}:${shard}`));
}

/**
 * Every shard of a tenant's audit log, in shard order.
 *
 * @example
 * await Promise.all(auditShards(env, "contoso").map(({ stub }) => stub.verifyChain()));
 */
export function auditShards(env: Env, tenantId: string) {
  return Array.from({ length: AUDIT_SHARDS }, (_, shard) => ({ shard, stub: auditShard(env, tenantId, shard) }));
}
