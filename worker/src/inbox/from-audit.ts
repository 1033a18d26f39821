import type { AuditEvent } from "#contract/audit";
import type { AlertKind } from "#contract/extension";
import type { Env } from "../env";
import { log } from "../http/log";
import { inboxOf } from "./stubs";

/**
 * Which audit events the user hears about in the extension. The audit log is where every flow
 * already reports what happened to whom, so alerts come from it: nothing a flow does can reach
 * the log without reaching the user's inbox too.
 */
export function alertKindOf(event: AuditEvent): { kind: AlertKind; via?: string } | null {
  const success = event.result === "success";
  switch (event.activity) {
    case "Self-service password reset flow activity progress":
      return success && event.step === "identified" ? { kind: "reset_started" } : null;
    case "Reset password (self-service)":
      return success ? { kind: "reset_completed" } : null;
    case "Unlock user account (self-service)":
      return success ? { kind: "account_unlocked" } : null;
    case "Blocked from self-service password reset":
      return { kind: "reset_blocked" };
    case "Blocked from sign-in":
    case "Account locked by smart lockout":
      return { kind: "signin_blocked" };
    case "Sign-in with SMS":
      return success ? { kind: "signin", via: "sms" } : null;
    case "Sign-in with password":
      return success ? { kind: "signin", via: "password" } : null;
    case "User registered security info":
    case "Admin registered security info":
      return success ? { kind: "method_added" } : null;
    case "User deleted security info":
    case "Admin deleted security info":
      return success ? { kind: "method_removed" } : null;
    case "User changed default security info":
      return success ? { kind: "method_changed" } : null;
    case "User reported suspicious activity":
      return { kind: "fraud_reported" };
    default:
      return null;
  }
}

/** Hands the event to the user's inbox, after the response, when it is one the user hears about. */
export function alertFromAudit(env: Env, ctx: Pick<ExecutionContext, "waitUntil">, tenantId: string, event: AuditEvent): void {
  if (!event.userId) return;
  const alert = alertKindOf(event);
  if (!alert) return;
  const delivered = inboxOf(env, tenantId, event.userId)
    .deliver({ tenantId, userId: event.userId, kind: alert.kind, ip: event.ip, country: event.country, device: event.device, methods: event.methods, via: alert.via ?? null, flowId: event.flowId })
    .then(() => undefined)
    .catch((error: unknown) => log("error", "alert not delivered", { tenant: tenantId, activity: event.activity, name: (error as Error)?.name }));
  ctx.waitUntil(delivered);
}
