import { AuditEventSchema, type AuditEventInput } from "#contract/audit";
import type { Env } from "../env";
import { log } from "../http/log";
import { emitAuditEvent } from "../webhooks/emit";
import { alertFromAudit } from "../inbox/from-audit";
import { auditShard, shardFor } from "./shards";

/**
 * Writes an audit event for a tenant. The write is handed to `ctx.waitUntil`, so the response
 * never waits for it (and an unknown user's flow is not slower or faster than a known one's);
 * await the returned promise where the caller must know it landed, as tests do.
 *
 * The event is checked against `AuditEventSchema` here, before anything leaves the request: a
 * bad event is a bug, and throws, rather than being dropped in the background.
 *
 * @example
 * audit(c.env, c.executionCtx, tenantId, {
 *   activity: "Reset password (self-service)", result: "success", userId, userName,
 *   methods: ["mobilePhone"], ip, country, requestId: c.var.requestId, flowId,
 * });
 */
export function audit(
  env: Env,
  ctx: Pick<ExecutionContext, "waitUntil">,
  tenantId: string,
  event: AuditEventInput,
): Promise<void> {
  const parsed = AuditEventSchema.parse(event);
  const shard = shardFor(parsed);
  const written = auditShard(env, tenantId, shard)
    .append(tenantId, shard, event)
    .then(async (result) => {
      if (!result.ok) return log("error", "audit event refused", { tenant: tenantId, activity: parsed.activity, code: result.code });
      // Webhooks see what the log holds, once it holds it.
      await emitAuditEvent(env, tenantId, result.value.id, result.value.time, parsed).catch((error: unknown) =>
        log("error", "webhook event not queued", { tenant: tenantId, activity: parsed.activity, name: (error as Error)?.name }),
      );
    })
    .catch((error: unknown) => {
      log("error", "audit event not written", { tenant: tenantId, activity: parsed.activity, name: (error as Error)?.name });
    });
  ctx.waitUntil(written);
  // The user's extension hears of it at once (worker/src/inbox).
  alertFromAudit(env, ctx, tenantId, parsed);
  return written;
}
