import { describe, expect, it } from "vitest";
import { embedErrorCodes } from "#contract/embed/errors";
import { SUPPORTED_LOCALES, loadI18n } from "../i18n/i18n";
import { errorText, messageText } from "./messages";

/** Every code the widget may meet: the flows' refusals, the registry's public ones, and its own. */
const CODES = [
  ...Object.keys(embedErrorCodes),
  "OTP_INVALID",
  "OTP_EXPIRED",
  "OTP_ATTEMPTS_EXCEEDED",
  "CODE_INVALID",
  "CODE_EXPIRED",
  "TOO_MANY_ATTEMPTS",
  "ANSWERS_INVALID",
  "CAPTCHA_INVALID",
  "METHOD_NOT_AVAILABLE",
  "OTP_ALREADY_USED",
  "OTP_NOT_FOUND",
  "OTP_RESEND_TOO_SOON",
  "OTP_SEND_LIMIT",
  "DELIVERY_FAILED",
  "DELIVERY_NOT_CONFIGURED",
  "FLOW_COMPLETED",
  "FLOW_BUSY",
  "METHOD_ALREADY_USED",
  "CONFIRMATION_REQUIRED",
  "WRITEBACK_FAILED",
  "CONFLICT",
  "FLOW_STATE_INVALID",
  "FLOW_NOT_FOUND",
  "VALIDATION_FAILED",
  "BAD_JSON",
  "PHONE_NUMBER_INVALID",
  "PASSWORD_REJECTED",
  "PASSWORD_TOO_SHORT",
  "PASSWORD_TOO_LONG",
  "PASSWORD_COMPLEXITY",
  "PASSWORD_CONTAINS_NAME",
  "PASSWORD_BANNED",
  "PASSWORD_WEAK",
  "PASSWORD_REUSED",
  "SOMETHING_NEW_FROM_A_LATER_SERVER",
];

/** Words that would tell an attacker whether an account or a number exists. */
const ENUMERATING = /not found|no (such )?(user|account)|doesn't exist|does not exist|unknown user|not registered|isn't registered/i;

describe("error copy by code", () => {
  it("has a sentence of its own for every code the registry has for flows, OTP and passwords", async () => {
    const { errorRegistry } = await import("#contract/errors");
    const i18n = await loadI18n("en");
    const generic = i18n.t("error.INTERNAL");
    const flowCodes = Object.keys(errorRegistry).filter((code) => /^(OTP_|FLOW_|RATE_|DELIVERY_|CAPTCHA_|METHOD_NOT_AVAILABLE$|METHOD_ALREADY_USED$|CONFIRMATION_|ANSWERS_|WRITEBACK_|PASSWORD_REJECTED)/.test(code));
    for (const code of flowCodes) expect(errorText(i18n, { code, retryAt: Date.now() + 5000 }, 5), code).not.toBe(generic);
  });

  it.each(SUPPORTED_LOCALES)("%s: every code has a sentence, none says whether an account exists", async (locale) => {
    const i18n = await loadI18n(locale);
    for (const code of CODES) {
      const text = errorText(i18n, { code, retryAt: null }, null);
      expect(text, `${locale} ${code}`).toMatch(/\S{2,}/);
      expect(text, `${locale} ${code}`).not.toMatch(ENUMERATING);
    }
  });

  it("tells the user when a throttle ends, and drops the message once it has", async () => {
    const i18n = await loadI18n("en");
    expect(errorText(i18n, { code: "RATE_LIMITED", retryAt: Date.now() + 90_000 }, 90)).toBe("Too many attempts. Try again in 2 minutes.");
    expect(errorText(i18n, { code: "RATE_LIMITED", retryAt: Date.now() + 5_000 }, 5)).toBe("Too many attempts. Try again in 5 seconds.");
    expect(errorText(i18n, { code: "RATE_LIMITED", retryAt: Date.now() }, 0)).toBeNull();
    expect(errorText(i18n, { code: "RATE_LIMITED", retryAt: null }, null)).toBe("Too many attempts. Try again later.");
    const fr = await loadI18n("fr");
    expect(errorText(fr, { code: "RATE_LIMITED", retryAt: Date.now() + 30_000 }, 30)).toBe("Trop de tentatives. Réessayez dans 30 secondes.");
  });

  it("gives the partner, not the user, the reason a widget is misconfigured", async () => {
    const i18n = await loadI18n("en");
    for (const code of ["TENANT_NOT_FOUND", "ORIGIN_NOT_ALLOWED", "OPTIONS_INVALID"]) {
      expect(errorText(i18n, { code, retryAt: null }, null)).toBe(i18n.t("app.misconfigured"));
    }
  });

  it("translates the flow's messages by key, keeping the server's text for keys it does not know", async () => {
    const es = await loadI18n("es");
    expect(messageText(es, { id: 1010001, key: "CODE_SENT_IF_MATCH", type: "info", text: "If that matches…" })).toBe(
      "Si coincide con nuestros registros, te hemos enviado un código.",
    );
    expect(messageText(es, { id: 1019999, key: "BRAND_NEW", type: "info", text: "Something new." })).toBe("Something new.");
  });
});
