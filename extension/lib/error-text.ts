import { errorRegistry } from "#contract/errors";
import { en } from "../../widget/src/app/i18n/en";
import { enLater } from "../../widget/src/app/i18n/en-later";

/** The widget's whole English catalogue: its first step's strings and its later steps'. */
const catalogue = { ...en, ...enLater } as Record<string, string>;
const registry = errorRegistry as Record<string, { message: string }>;

/** The popup's own codes: conditions of the extension, not answers of the API. */
const local: Record<string, string> = {
  DEVICE_KEY_MISSING: "This browser no longer holds the account's key. Connect the account again.",
};

/**
 * The sentence for an error code, as the widget words it (its English catalogue, so the extension
 * and the page say the same thing), else the registry's English message; never the server's text.
 *
 * @example
 * errorText("METHOD_REQUIRED") // "You can't remove this method: your organization needs it. …"
 */
export function errorText(code: string): string {
  return catalogue[`error.${code}`] ?? catalogue[`msg.${code}`] ?? local[code] ?? registry[code]?.message ?? code;
}
