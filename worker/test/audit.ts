import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import type { AuditEventInput } from "#contract/audit";
import { audit } from "../src/audit/audit";
import { auditShards } from "../src/audit/shards";

/** A `waitUntil` for calling `audit()` from a test, which then awaits the returned promise. */
export const testContext = { waitUntil: (_promise: Promise<unknown>) => {} };

/** Writes events as the worker would, and waits until every one has landed. */
export async function writeEvents(tenantId: string, events: AuditEventInput[]): Promise<void> {
  for (const event of events) await audit(env, testContext, tenantId, event);
}

/** Every stored row of every shard of a tenant's audit log, hash columns included. */
export async function allAuditRows(tenantId: string): Promise<Record<string, unknown>[]> {
  const perShard = await Promise.all(
    auditShards(env, tenantId).map(({ stub }) =>
      runInDurableObject(stub, (_instance, state) => state.storage.sql.exec("SELECT * FROM entries").toArray()),
    ),
  );
  return perShard.flat();
}

/** Retries `check` until it stops throwing: for work the worker does after answering. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 3_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** An ISO time `minutes` ago. */
export const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();
