import type { FlowMessage } from "#contract/flows/envelope";
import type { I18n } from "../i18n/i18n";
import type { FlowError } from "../models/flow";

/** Codes that other services may use for the same thing; the widget shows one message for each. */
/** The flow messages' keys for the same events as registry codes, and request-shape codes. */
const ALIASES: Record<string, string> = {
  CODE_INVALID: "OTP_INVALID",
  CODE_EXPIRED: "OTP_EXPIRED",
  TOO_MANY_ATTEMPTS: "OTP_ATTEMPTS_EXCEEDED",
  BAD_JSON: "VALIDATION_FAILED",
  UNSUPPORTED_MEDIA_TYPE: "VALIDATION_FAILED",
  BODY_TOO_LARGE: "VALIDATION_FAILED",
};

/**
 * The user-facing sentence for an error, by code and never by the server's English text.
 * None of them says whether an account exists. A throttle whose wait is over shows nothing.
 */
export function errorText(i18n: I18n, error: Pick<FlowError, "code" | "retryAt">, retryIn: number | null): string | null {
  const code = ALIASES[error.code] ?? error.code;
  switch (code) {
    case "RATE_LIMITED":
      if (error.retryAt === null) return i18n.t("error.RATE_LIMITED.later");
      return retryIn ? i18n.t("error.RATE_LIMITED", { time: i18n.inTime(retryIn) }) : null;
    case "OTP_RESEND_TOO_SOON":
      if (error.retryAt === null) return i18n.t("error.OTP_RESEND_TOO_SOON.later");
      return retryIn ? i18n.t("error.OTP_RESEND_TOO_SOON", { time: i18n.inTime(retryIn) }) : null;
    case "TENANT_NOT_FOUND":
    case "ORIGIN_NOT_ALLOWED":
    case "OPTIONS_INVALID":
      return i18n.t("app.misconfigured");
    case "STATE_UNSUPPORTED":
      return i18n.t("app.unsupported");
    case "FLOW_EXPIRED":
    case "FLOW_NOT_FOUND":
      return i18n.t("app.expired");
    case "FLOW_COMPLETED":
      return i18n.t("app.completed");
  }
  if (code.startsWith("PASSWORD_")) return i18n.t("error.PASSWORD_REJECTED");
  return i18n.maybe(`error.${code}`) ?? i18n.t("error.INTERNAL");
}

/** A message the server put in the flow, translated by its key; its English text as fallback. */
export const messageText = (i18n: I18n, message: FlowMessage): string => i18n.maybe(`msg.${message.key}`) ?? message.text;
