import { errorRegistry } from "#contract/errors";
import type { Locale } from "../../widget/src/app/i18n/i18n";
import { en } from "../../widget/src/app/i18n/en";
import { enLater } from "../../widget/src/app/i18n/en-later";
import de from "../../widget/src/app/i18n/locales/de";
import es from "../../widget/src/app/i18n/locales/es";
import fr from "../../widget/src/app/i18n/locales/fr";
import ptBR from "../../widget/src/app/i18n/locales/pt-BR";
import { browserLocale, translator } from "./i18n/i18n";

/** The widget's whole catalogue per language: its first step's strings and its later steps'. */
const widget: Record<Locale, Record<string, string>> = { en: { ...en, ...enLater }, es, "pt-BR": ptBR, fr, de };
const registry = errorRegistry as Record<string, { message: string }>;

/**
 * The sentence for an error code, as the widget words it (its catalogue in the browser's
 * language, so the extension and the page say the same thing), else the extension's own codes,
 * else the registry's English message; never the server's text.
 *
 * @example
 * errorText("METHOD_REQUIRED") // "You can't remove this method: your organization needs it. …"
 */
export function errorText(code: string, locale: Locale = browserLocale()): string {
  const catalogue = widget[locale];
  if (code === "DEVICE_KEY_MISSING") return translator(locale)("error.DEVICE_KEY_MISSING");
  return catalogue[`error.${code}`] ?? catalogue[`msg.${code}`] ?? registry[code]?.message ?? code;
}
