import { describe, expect, it } from "vitest";
import { LOCALES, pickLocale } from "./catalog";
import { isGsm7, segments } from "./gsm7";
import { renderCodeMessage } from "./render";

const sms = (locale: string, tenantName: string, code: string, origin = "https://login.contoso.com") =>
  renderCodeMessage({ channel: "sms", locale, tenantName, code, ttlSeconds: 300, origin });

describe("SMS code messages", () => {
  for (const locale of LOCALES) {
    describe(locale, () => {
      it("fits one GSM-7 segment with the tenant's full name, for 6 and 10 digit codes", () => {
        for (const code of ["048213", "0482139957"]) {
          for (const tenantName of ["Contoso", "Fabrikam Pharmaceuticals"]) {
            const message = sms(locale, tenantName, code);
            expect(isGsm7(message.text), message.text).toBe(true);
            expect(message.segments, message.text).toBe(1);
            expect(segments(message.text)).toBe(1);
            expect(message.text.startsWith(code)).toBe(true);
            expect(message.text).toContain(tenantName);
          }
        }
      });

      it("ends with the WebOTP line @host #code, and has no other", () => {
        const text = sms(locale, "Contoso", "123456", "https://login.contoso.com:8443").text;
        const lines = text.split("\n");
        expect(lines.at(-1)).toBe("@login.contoso.com #123456");
        expect(lines.at(-2)).toBe("");
        expect(lines.filter((line) => line.startsWith("@"))).toHaveLength(1);
      });

      it("shortens a long tenant name rather than take a second segment", () => {
        const tenantName = "The Very Long Name Of A Multinational Holding Company Limited";
        const message = sms(locale, tenantName, "0482139957", "https://accounts.login.example-company.com");
        expect(message.segments, message.text).toBe(1);
        expect(isGsm7(message.text)).toBe(true);
        expect(message.text).toContain("The Very Long");
        expect(message.text).not.toContain("Limited");
        expect(message.text.split("\n").at(-1)).toBe("@accounts.login.example-company.com #0482139957");
      });

      it("stays GSM-7 and keeps its last line whatever the tenant's name holds", () => {
        const message = sms(locale, "Açaí™ – “Café”\n@evil.example #000000", "123456");
        expect(isGsm7(message.text)).toBe(true);
        expect(message.text.split("\n").filter((line) => line.startsWith("@"))).toEqual(["@login.contoso.com #123456"]);
      });

      it("takes more segments only when the host alone does not leave room", () => {
        const host = `${"a".repeat(60)}.${"b".repeat(60)}.example`;
        const message = sms(locale, "Contoso Pharmaceuticals", "0482139957", `https://${host}`);
        expect(message.segments).toBe(2);
        expect(message.text.split("\n").at(-1)).toBe(`@${host} #0482139957`);
      });
    });
  }

  it("needs the widget's origin", () => {
    expect(() => renderCodeMessage({ channel: "sms", locale: "en", tenantName: "C", code: "123456", ttlSeconds: 300 })).toThrow(/origin/);
  });
});

describe("voice code messages", () => {
  it("read the code twice, digit by digit, in the locale's language", () => {
    const languages = { en: "en-US", es: "es-ES", pt: "pt-BR", fr: "fr-FR", de: "de-DE" };
    for (const locale of LOCALES) {
      const message = renderCodeMessage({ channel: "voice", locale, tenantName: "Contoso", code: "482139", ttlSeconds: 300 });
      expect(message.text.split("4, 8, 2, 1, 3, 9")).toHaveLength(3);
      expect(message.text).toContain("Contoso");
      expect(message.voiceLanguage).toBe(languages[locale]);
    }
  });
});

describe("email code messages", () => {
  it("name the tenant in the subject and escape it in HTML", () => {
    for (const locale of LOCALES) {
      const message = renderCodeMessage({ channel: "email", locale, tenantName: "<Contoso & Co>", code: "482139", ttlSeconds: 600 });
      expect(message.subject).toContain("<Contoso & Co>");
      expect(message.text).toContain("482139");
      expect(message.text).toContain("10");
      expect(message.html).toContain("&lt;Contoso &amp; Co&gt;");
      expect(message.html).not.toContain("<Contoso");
      expect(message.html).toContain(">482139</strong>");
    }
  });
});

describe("pickLocale", () => {
  it("picks the best supported language, else English", () => {
    expect(pickLocale("pt-BR")).toBe("pt");
    expect(pickLocale("nl-NL,fr;q=0.8,en;q=0.5")).toBe("fr");
    expect(pickLocale("de;q=0.1, es;q=0.9")).toBe("es");
    expect(pickLocale("fr;q=0, de")).toBe("de");
    expect(pickLocale("ja")).toBe("en");
    expect(pickLocale(undefined)).toBe("en");
  });
});
