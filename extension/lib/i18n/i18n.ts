import { pickLocale, type Locale } from "../../../widget/src/app/i18n/i18n";
import { de } from "./de";
import { en, type Catalogue, type Key } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { ptBR } from "./pt-BR";

/**
 * The extension speaks the widget's five languages, chosen from the browser's languages as the
 * widget chooses them. All five are bundled: an extension downloads nothing at run time.
 */
const catalogues: Record<Locale, Catalogue> = { en, es, "pt-BR": ptBR, fr, de };

export type Vars = Record<string, string | number>;

export const browserLocale = (): Locale => pickLocale(undefined, typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]));

/** A translator for one locale; `t` of this module uses the browser's. */
export function translator(locale: Locale) {
  const catalogue = catalogues[locale];
  return (key: Key, vars: Vars = {}): string => catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole));
}

export const t = translator(browserLocale());
export type { Key };
