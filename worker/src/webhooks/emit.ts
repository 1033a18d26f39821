import type { AuditEvent } from "#contract/audit";
import type { WebhookEventType } from "#contract/admin/webhooks";
import type { Env } from "../env";
import { WEBHOOK_ENDPOINTS_CACHE_MS } from "../limits";

/** The tenant's events object: webhook endpoints, deliveries, alerts. */
export const tenantEventsOf = (env: Env, tenantId: string) => env.TENANT_EVENTS.get(env.TENANT_EVENTS.idFromName(tenantId));

const METHOD_CHANGES = new Set<string>([
  "User registered security info",
  "User deleted security info",
  "User changed default security info",
  "Admin registered security info",
  "Admin deleted security info",
]);
const BLOCKS = new Set<string>(["Blocked from self-service password reset", "Blocked from sign-in", "Account locked by smart lockout"]);
const SIGN_INS = new Set<string>(["Sign-in with SMS", "Sign-in with password", "Sign-in to admin console"]);
const SEND_REFUSALS = new Set<string>(["RISK_BLOCKED", "RISK_CHALLENGE_UNMET", "SPEND_CAP_REACHED"]);

/**
 * The webhook event an audit event is, if any. Sign-ins count once they end with a token
 * (progress events of the same activity are not sign-ins).
 *
 * @example
 * webhookTypeOf({ activity: "Reset password (self-service)", result: "success", … }) // "reset.completed"
 */
export function webhookTypeOf(event: Pick<AuditEvent, "activity" | "result" | "reason" | "step">): WebhookEventType | null {
  if (event.reason && SEND_REFUSALS.has(event.reason)) return "sms.blocked";
  if (event.activity === "Reset password (self-service)" && event.result === "success") return "reset.completed";
  if (event.activity === "Unlock user account (self-service)" && event.result === "success") return "unlock.completed";
  if (METHOD_CHANGES.has(event.activity) && event.result === "success") return "method.changed";
  if (BLOCKS.has(event.activity)) return "user.blocked";
  if (SIGN_INS.has(event.activity) && event.result === "success") return "signin.succeeded";
  return null;
}

const subscribed = new Map<string, { value: boolean; expires: number }>();

/** Forgets the cached "has endpoints" of a tenant (its endpoints just changed in this isolate). */
export function forgetEndpointsCache(tenantId: string): void {
  subscribed.delete(tenantId);
}

async function hasEndpoints(env: Env, tenantId: string): Promise<boolean> {
  const now = Date.now();
  const hit = subscribed.get(tenantId);
  if (hit && hit.expires > now) return hit.value;
  const value = await tenantEventsOf(env, tenantId).hasEndpoints();
  if (subscribed.size >= 1_000) subscribed.delete(subscribed.keys().next().value!);
  subscribed.set(tenantId, { value, expires: now + WEBHOOK_ENDPOINTS_CACHE_MS });
  return value;
}

/**
 * Hands a written audit event to the tenant's webhooks when it is one of the webhook events and
 * the tenant has endpoints (cached per isolate, so tenants without webhooks cost nothing). The
 * data is the audit entry's: never a code, password, number or address.
 */
export async function emitAuditEvent(env: Env, tenantId: string, id: string, time: number, event: AuditEvent): Promise<void> {
  const type = webhookTypeOf(event);
  if (!type || !(await hasEndpoints(env, tenantId))) return;
  const { activity, result, reason, userId, userName, methods, step, actor, ip, country, flowId } = event;
  await tenantEventsOf(env, tenantId).emit({
    type,
    eventId: id,
    time,
    data: { tenantId, auditId: id, activity, result, reason, userId, userName, methods, step, actor, ip, country, flowId },
  });
}
