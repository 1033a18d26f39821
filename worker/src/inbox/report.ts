import { AuditMethodSchema } from "#contract/audit";
import type { Alert } from "#contract/extension";
import { audit } from "../audit/audit";
import { deliverInBackground } from "../delivery/deliver";
import { renderNotice } from "../delivery/messages/notices";
import { directoryOf } from "../directory/stub";
import type { Env } from "../env";
import { unwrap } from "../http/api-error";
import { log } from "../http/log";
import { newId } from "../lib/crypto";
import { reportAddress } from "../risk/engine";
import type { RequestMeta } from "../flows/shared/request-meta";
import type { Device } from "./device-auth";
import { inboxOf } from "./stubs";

type Background = Pick<ExecutionContext, "waitUntil">;

/**
 * "This wasn't me" on an alert: ends every session and token of the user (the session epoch),
 * blocks self-service reset for the account (a reset in progress ends at the helpdesk on its next
 * step) until an admin or a fresh verified sign-in clears it, reports the IP involved as fraud,
 * tells the tenant's admins, and writes it to the audit log. Reporting the same alert again
 * changes nothing more.
 */
export async function reportFraud(env: Env, background: Background, device: Device, alertId: string, where: RequestMeta): Promise<{ alert: Alert; blocked: true }> {
  const reported = unwrap(await inboxOf(env, device.tenantId, device.userId).report(alertId));
  if (reported.alreadyReported) return { alert: reported.alert, blocked: true };
  const directory = directoryOf(env, device.tenantId);
  unwrap(await directory.revokeSessions(device.userId));
  const { alert } = reported;
  background.waitUntil(reportToRisk(env, device.tenantId, alert).catch((error: unknown) => log("error", "fraud report not sent to risk", { name: (error as Error)?.name })));
  // The audit entry carries the suspicious request's IP, country and device, not the reporter's.
  await audit(env, background, device.tenantId, {
    activity: "User reported suspicious activity",
    result: "success",
    reason: "USER_REPORTED_FRAUD",
    userId: device.userId,
    userName: device.subject.user.userName,
    methods: alert.methods.flatMap((m) => {
      const method = AuditMethodSchema.safeParse(m);
      return method.success ? [method.data] : [];
    }),
    ip: alert.ip,
    country: alert.country,
    device: alert.device,
    requestId: where.requestId,
    flowId: reported.flowId,
  });
  background.waitUntil(notifyAdmins(env, background, device, where.locale).catch((error: unknown) => log("error", "fraud report not sent to admins", { name: (error as Error)?.name })));
  return { alert: { ...alert, reported: true }, blocked: true };
}

/**
 * The fraud signal for phone protection: the address the unwanted request came from. Not the
 * user's number: in a takeover attempt that number is the victim's, and it must stay trusted.
 */
async function reportToRisk(env: Env, tenantId: string, alert: Alert): Promise<void> {
  log("warn", "fraud reported by user", { tenant: tenantId, kind: alert.kind, country: alert.country });
  await reportAddress(env, alert.ip);
}

async function notifyAdmins(env: Env, background: Background, device: Device, locale: string): Promise<void> {
  const directory = directoryOf(env, device.tenantId);
  const [ctx, admins] = await Promise.all([directory.signInContext(), directory.listUsers({ top: 100, filter: [{ field: "role", op: "eq", value: "admin" }] })]);
  const tenant = unwrap(ctx).tenant;
  const tenantName = tenant.branding.name ?? tenant.displayName;
  for (const admin of unwrap(admins).value) {
    for (const to of admin.emails) {
      const rendered = renderNotice({ kind: "fraudReported", channel: "email", locale, tenantName, userName: device.subject.user.userName });
      deliverInBackground(background, env, {
        messageId: newId("msg"),
        tenantId: device.tenantId,
        flowId: `${device.tenantId}.report`,
        channel: "email",
        to,
        locale: rendered.locale,
        text: rendered.text,
        ...("subject" in rendered ? { subject: rendered.subject } : {}),
      });
    }
  }
}
