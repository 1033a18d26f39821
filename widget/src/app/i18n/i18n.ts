import { en, type Catalog, type MessageKey } from "./en";
import type { LaterKey } from "./en-later";

/**
 * Locale choice and translation. English is inline; the others are separate chunks fetched
 * only when chosen, from `data-locale` or else the browser's languages. Times and plurals use
 * the browser's Intl, so no locale data ships with the widget.
 */
export const SUPPORTED_LOCALES = ["en", "es", "pt-BR", "fr", "de"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

const loaders: Record<Exclude<Locale, "en">, () => Promise<{ default: Catalog }>> = {
  es: () => import("./locales/es"),
  "pt-BR": () => import("./locales/pt-BR"),
  fr: () => import("./locales/fr"),
  de: () => import("./locales/de"),
};

/** The closest supported locale: exact tag, then its language (pt-PT → pt-BR, es-MX → es). */
export function matchLocale(tag: string): Locale | undefined {
  const wanted = tag.replace("_", "-").toLowerCase();
  const exact = SUPPORTED_LOCALES.find((locale) => locale.toLowerCase() === wanted);
  if (exact) return exact;
  const language = wanted.split("-")[0];
  return SUPPORTED_LOCALES.find((locale) => locale.toLowerCase().split("-")[0] === language);
}

export function pickLocale(requested: string | undefined, browser: readonly string[]): Locale {
  for (const tag of [requested, ...browser]) {
    const match = tag ? matchLocale(tag) : undefined;
    if (match) return match;
  }
  return "en";
}

export type Vars = Record<string, string | number>;

/**
 * English for the lazily loaded steps: their chunks add it here when they load (en-later.ts),
 * so it stays out of the first step. The other locales carry every key in their own chunk.
 */
const later: Partial<Record<LaterKey, string>> = {};
export const addEnglish = (strings: Record<LaterKey, string>): void => void Object.assign(later, strings);

export interface I18n {
  locale: Locale;
  t(key: MessageKey | LaterKey, vars?: Vars): string;
  /** For codes and message keys from the server: undefined when the catalogue has no entry. */
  maybe(key: string, vars?: Vars): string | undefined;
  /** `{base}.one` / `{base}.other` by the locale's plural rules, with `{count}` filled in. */
  plural(base: string, count: number, vars?: Vars): string;
  /** "in 42 seconds", "in 3 minutes": how long until something may be tried again. */
  inTime(seconds: number): string;
}

export function createI18n(locale: Locale, catalog: Record<MessageKey, string> & Partial<Catalog>): I18n {
  const fill = (text: string, vars: Vars = {}) => text.replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole));
  const maybe = (key: string, vars?: Vars) => {
    const text = Object.hasOwn(catalog, key) ? catalog[key as MessageKey] : later[key as LaterKey];
    return text === undefined ? undefined : fill(text, vars);
  };
  // Made on first use: building an Intl formatter loads its locale data, ~20 ms on a busy
  // machine, and the first step needs neither, so it would only delay the widget's first paint.
  let rules: Intl.PluralRules | undefined;
  let relative: Intl.RelativeTimeFormat | undefined;
  const plural = (count: number) => (rules ??= new Intl.PluralRules(locale)).select(count);
  const relativeTime = (value: number, unit: "second" | "minute") => (relative ??= new Intl.RelativeTimeFormat(locale, { numeric: "always" })).format(value, unit);
  return {
    locale,
    t: (key, vars) => maybe(key, vars) ?? key,
    maybe,
    plural: (base, count, vars) =>
      maybe(`${base}.${plural(count)}`, { count, ...vars }) ?? maybe(`${base}.other`, { count, ...vars }) ?? "",
    inTime: (seconds) =>
      seconds < 90 ? relativeTime(Math.max(1, Math.ceil(seconds)), "second") : relativeTime(Math.ceil(seconds / 60), "minute"),
  };
}

export const english = createI18n("en", en);

export async function loadI18n(locale: Locale): Promise<I18n> {
  if (locale === "en") return english;
  try {
    return createI18n(locale, (await loaders[locale]()).default);
  } catch {
    // A catalogue that fails to load must not stop the flow: English is always there.
    return english;
  }
}
