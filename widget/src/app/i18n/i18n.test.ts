import { describe, expect, it } from "vitest";
import { en as inline } from "./en";
import { enLater } from "./en-later";
import { SUPPORTED_LOCALES, addEnglish, createI18n, loadI18n, matchLocale, pickLocale } from "./i18n";

// The lazily loaded steps' English is checked with the rest: every locale must carry it too.
const en = { ...inline, ...enLater };
addEnglish(enLater);

describe("locale choice", () => {
  it("takes data-locale first, then the browser's languages, then English", () => {
    expect(pickLocale("fr", ["de-DE"])).toBe("fr");
    expect(pickLocale(undefined, ["it-IT", "pt-PT", "en"])).toBe("pt-BR");
    expect(pickLocale("xx", ["es-MX"])).toBe("es");
    expect(pickLocale(undefined, ["ja"])).toBe("en");
  });

  it("matches tags case-insensitively, with either separator, falling back to the language", () => {
    expect(matchLocale("PT_br")).toBe("pt-BR");
    expect(matchLocale("de-AT")).toBe("de");
    expect(matchLocale("fr-CA")).toBe("fr");
    expect(matchLocale("nl")).toBeUndefined();
  });
});

describe("catalogues", () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

  it.each(SUPPORTED_LOCALES.filter((locale) => locale !== "en"))("%s has every English key, translated, with the same placeholders", async (locale) => {
    const i18n = await loadI18n(locale);
    expect(i18n.locale).toBe(locale);
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const text = i18n.maybe(key);
      expect(text, `${locale} ${key}`).toBeTruthy();
      expect(placeholders(i18n.t(key)), `${locale} ${key}`).toEqual(placeholders(en[key]));
    }
    // Translated, not copied: most entries differ from the English.
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((key) => i18n.t(key) === en[key]);
    expect(same.length).toBeLessThan(3);
  });

  it("fills placeholders, picks plural forms and says times in the locale's words", () => {
    const english = createI18n("en", en);
    expect(english.t("choose.progress", { current: 2, total: 2 })).toBe("Verification step 2 of 2");
    expect(english.plural("verify.attemptsLeft", 1)).toBe("1 attempt left.");
    expect(english.plural("verify.attemptsLeft", 3)).toBe("3 attempts left.");
    expect(english.inTime(42)).toBe("in 42 seconds");
    expect(english.inTime(600)).toBe("in 10 minutes");
    expect(createI18n("de", en).inTime(30)).toBe("in 30 Sekunden");
    expect(english.maybe("error.NO_SUCH_CODE")).toBeUndefined();
  });
});
