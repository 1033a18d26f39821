import type { PasswordPolicy, PasswordResetPolicy } from "#contract/admin/policies";
import type { Tenant } from "#contract/admin/tenant";
import type { FlowEnvelope, FlowUi } from "#contract/flows/envelope";
import { flowMessages } from "#contract/flows/messages";
import type { ResetState } from "#contract/flows/reset";
import { questionText } from "#contract/security-questions";
import { publicChoice } from "./choices";
import type { ResetRecord } from "./record";
import { CODE_CHECKS_PER_FLOW, CODE_RESEND_AFTER_MS, CODE_SENDS_PER_FLOW } from "./steps";

export interface EnvelopeContext {
  tenant: Tenant;
  policy: PasswordResetPolicy;
  passwordPolicy: PasswordPolicy;
  codeLength: number;
  questions?: { custom: { id: string; text: string }[] };
  /** The first screen's CAPTCHA, issued for this flow (worker/src/risk/captcha.ts). */
  captcha?: FlowUi["captcha"];
}

/** What the client sees of a flow: built from the record, never the record itself. */
export function resetEnvelope(record: ResetRecord, context: EnvelopeContext): FlowEnvelope<ResetState> {
  const ui: FlowUi = {};
  const progress = { verified: record.verified.length, required: record.required };
  let methods: FlowEnvelope["methods"];
  switch (record.state) {
    case "identify":
      ui.captcha = context.captcha ?? { provider: "none" };
      break;
    case "choose_method":
      methods = record.choices.filter((c) => !record.verified.includes(c.methodRef)).map(publicChoice);
      ui.progress = progress;
      break;
    case "verify_code": {
      const choice = record.choices.find((c) => c.id === record.current?.choiceId);
      const totp = choice?.kind === "totp";
      const canResend = !totp && record.sends < CODE_SENDS_PER_FLOW && record.lastSendAt !== null;
      ui.code = {
        channel: totp ? "totp" : ((choice?.kind ?? "sms") as "sms" | "voice" | "email"),
        length: totp ? 6 : context.codeLength,
        resendAvailableAt: canResend ? new Date(record.lastSendAt! + CODE_RESEND_AFTER_MS).toISOString() : null,
        attemptsLeft: Math.max(CODE_CHECKS_PER_FLOW - record.failures, 0),
      };
      ui.progress = progress;
      break;
    }
    case "verify_extension":
      if (record.approval) ui.approval = { number: record.approval.number, expiresAt: new Date(record.approval.expiresAt).toISOString() };
      ui.progress = progress;
      break;
    case "answer_questions":
      ui.questions = record.questionIds.map((id) => ({ id, text: questionText(id, context.questions?.custom) }));
      ui.progress = progress;
      break;
    case "unlock_options":
      ui.unlock = { canKeepPassword: true };
      break;
    case "new_password": {
      const { minLength, maxLength, requiredCharacterClasses } = context.passwordPolicy;
      ui.password = { minLength, maxLength, requiredCharacterClasses };
      break;
    }
    case "helpdesk": {
      const { text, link, email } = context.tenant.helpdesk;
      ui.helpdesk = context.policy.customization.customHelpdeskEnabled
        ? { text, ...(link ? { link } : {}), ...(email ? { email } : {}) }
        : { text: "Contact your administrator to reset your password." };
      break;
    }
    case "done":
      break;
  }
  return {
    id: record.id,
    type: record.type,
    state: record.state,
    expiresAt: new Date(record.expiresAt).toISOString(),
    ...(methods ? { methods } : {}),
    messages: record.notices.map((key) => ({ key, ...flowMessages[key] })),
    ui,
  };
}
