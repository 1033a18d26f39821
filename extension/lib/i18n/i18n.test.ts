import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "../../../widget/src/app/i18n/i18n";
import { errorText } from "../error-text";
import { methodLabel } from "../method-label";
import { en, type Key } from "./en";
import { translator } from "./i18n";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the extension's languages", () => {
  it("speaks the widget's five, each string with the same placeholders as the English", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const t = translator(locale);
      for (const key of Object.keys(en) as Key[]) {
        const text = t(key);
        expect(text, `${locale} ${key}`).not.toBe("");
        expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(en[key]));
      }
    }
  });

  it("fills in the values, and is not English where it should not be", () => {
    expect(translator("en")("notify.approvalTitle", { tenant: "Contoso", flow: "sign-in" })).toBe("Contoso: approve a sign-in?");
    expect(translator("de")("approval.title", { flow: translator("de")("flow.reset") })).toBe("Kennwortzurücksetzung genehmigen?");
    expect(translator("pt-BR")("activity.wasntMe")).toBe("Não fui eu");
  });

  it("words error codes as the widget does in the same language, and its own codes too", () => {
    expect(errorText("SIGNIN_FAILED", "en")).toBe("Your user name or password is incorrect.");
    expect(errorText("SIGNIN_FAILED", "fr")).not.toBe(errorText("SIGNIN_FAILED", "en"));
    expect(errorText("DEVICE_KEY_MISSING", "es")).toMatch(/^Este navegador/);
    // A code no catalogue knows falls back to the registry's English, never to the server's text.
    expect(errorText("RATE_LIMITED", "de")).toBeTruthy();
  });

  it("names methods with their masked hint", () => {
    expect(methodLabel({ type: "phone", phoneType: "office", hint: "+1 ••• ••• ••00" })).toBe("Office phone +1 ••• ••• ••00");
    expect(methodLabel({ type: "authenticatorApp", hint: null })).toBe("Authenticator app");
    expect(methodLabel({ type: "futureKind" })).toBe("futureKind");
  });

  it("names and describes itself in the browser's extension list in the same five languages", () => {
    const messages = (folder: string) => JSON.parse(readFileSync(`extension/public/_locales/${folder}/messages.json`, "utf8")) as Record<string, { message: string }>;
    const english = messages("en");
    for (const locale of SUPPORTED_LOCALES) {
      // Chromium's folder names use an underscore: pt_BR.
      const own = messages(locale.replace("-", "_"));
      expect(Object.keys(own).sort(), locale).toEqual(Object.keys(english).sort());
      for (const entry of Object.values(own)) expect(entry.message.length, locale).toBeGreaterThan(0);
    }
  });
});
