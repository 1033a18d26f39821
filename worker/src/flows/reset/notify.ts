import { deliverInBackground } from "../../delivery/deliver";
import { renderNotice, type NoticeKind } from "../../delivery/messages/notices";
import type { Subject } from "../../directory/subjects";
import { directoryOf } from "../../directory/stub";
import type { Env } from "../../env";
import { newId } from "../../lib/crypto";
import type { FlowContext } from "./ports";
import type { ResetRecord } from "./record";

type Background = Pick<ExecutionContext, "waitUntil">;

/**
 * Tells the user, on every address they registered, that their password or lockout changed (so
 * a user whose account was taken over hears of it wherever they still can), and, when an admin's
 * password was reset, every other admin too: the tenant's notification settings decide.
 */
export async function notifyChanged(
  env: Env,
  background: Background,
  record: ResetRecord,
  locale: string,
  subject: Subject,
  kind: NoticeKind,
  { tenant, policy }: FlowContext,
): Promise<void> {
  const tenantName = tenant.branding.name ?? tenant.displayName;
  const send = (channel: "sms" | "email", to: string, notice: NoticeKind, userName?: string) => {
    const rendered = renderNotice({ kind: notice, channel, locale, tenantName, userName });
    deliverInBackground(background, env, {
      messageId: newId("msg"),
      tenantId: record.tenantId,
      flowId: record.id,
      channel,
      to,
      locale: rendered.locale,
      text: rendered.text,
      ...("subject" in rendered ? { subject: rendered.subject } : {}),
    });
  };
  if (kind === "unlock" || policy.notifications.notifyUserOnReset) {
    const emails = new Set([...subject.user.emails, ...subject.methods.flatMap((m) => (m.email ? [m.email] : []))]);
    const phones = new Set(subject.methods.flatMap((m) => (m.phoneType === "mobile" && m.phoneNumber ? [m.phoneNumber] : [])));
    for (const email of emails) send("email", email, kind);
    for (const phone of phones) send("sms", phone, kind);
  }
  if (kind === "reset" && subject.user.roles.includes("admin") && policy.notifications.notifyAdminsOnAdminReset) {
    const admins = await directoryOf(env, record.tenantId).listUsers({ top: 100, filter: [{ field: "role", op: "eq", value: "admin" }] });
    if (!admins.ok) return;
    for (const admin of admins.value.value) {
      if (admin.id === subject.user.id) continue;
      for (const email of admin.emails) send("email", email, "adminReset", subject.user.userName);
    }
  }
}
