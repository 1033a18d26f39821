import { deliverInBackground } from "../../delivery/deliver";
import { renderNotice, type NoticeKind } from "../../delivery/messages/notices";
import type { Subject } from "../../directory/subjects";
import type { Env } from "../../env";
import { newId } from "../../lib/crypto";

export interface ChangeNotice {
  kind: NoticeKind;
  /** Addresses not to tell: the one just added, which proved itself a moment ago. */
  except?: string[];
}

/**
 * Tells the user, on every email and mobile number they have, that their security info changed,
 * after the answer (delivery runs in the background). The addresses are the subject's as it was
 * before the change, so a removed address hears of its own removal.
 */
export function notifyAddresses(
  env: Env,
  background: Pick<ExecutionContext, "waitUntil">,
  where: { tenantId: string; flowId: string; locale: string; tenantName: string },
  subject: Subject,
  notice: ChangeNotice,
): void {
  const except = new Set((notice.except ?? []).map((a) => a.toLowerCase()));
  const emails = new Set([...subject.user.emails, ...subject.methods.flatMap((m) => (m.email ? [m.email.toLowerCase()] : []))]);
  const phones = new Set(subject.methods.flatMap((m) => (m.phoneType === "mobile" && m.phoneNumber ? [m.phoneNumber] : [])));
  const send = (channel: "sms" | "email", to: string) => {
    if (except.has(to.toLowerCase())) return;
    const rendered = renderNotice({ kind: notice.kind, channel, locale: where.locale, tenantName: where.tenantName });
    deliverInBackground(background, env, {
      messageId: newId("msg"),
      tenantId: where.tenantId,
      flowId: where.flowId,
      channel,
      to,
      locale: rendered.locale,
      text: rendered.text,
      ...("subject" in rendered ? { subject: rendered.subject } : {}),
    });
  };
  for (const email of emails) send("email", email);
  for (const phone of phones) send("sms", phone);
}
