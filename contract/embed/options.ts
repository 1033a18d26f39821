import * as z from "zod/mini";
import { EmbedFlows, TENANT_ID_PATTERN } from "./flows";

export { EmbedFlows, embedFlowType, type EmbedFlow } from "./flows";

/**
 * The options of the drop-in widget: the `data-*` attributes of `<div class="sesame">` and the
 * second argument of `sesame.render(el, options)` use the same names (`data-error-callback` is
 * `"error-callback"`, as in Turnstile; `errorCallback` is accepted too). zod/mini, because the
 * widget ships this schema to every partner page.
 */
export const EmbedThemes = ["light", "dark", "auto"] as const;
export type EmbedTheme = (typeof EmbedThemes)[number];

/** A callback given as a function, or by the name of a global function (`data-callback="onDone"`). */
const CallbackSchema = z.union([
  z.string().check(z.regex(/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/)),
  z.custom<(...args: never[]) => unknown>((value) => typeof value === "function"),
]);

export const EmbedOptionsSchema = z.strictObject({
  tenant: z.string().check(z.regex(TENANT_ID_PATTERN)),
  flow: z._default(z.enum(EmbedFlows), "reset"),
  callback: z.optional(CallbackSchema),
  errorCallback: z.optional(CallbackSchema),
  /** A BCP 47 tag; unsupported languages fall back to the closest supported one, then English. */
  locale: z.optional(z.string().check(z.regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/))),
  theme: z._default(z.enum(EmbedThemes), "auto"),
  /** "My security info" only: the ID token of the user's sign-in (your site key's audience). */
  token: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,4096}$/))),
});
export type EmbedOptions = z.output<typeof EmbedOptionsSchema>;
export type EmbedOptionsInput = z.input<typeof EmbedOptionsSchema>;

/** What the success callback and the `sesame:success` event receive. Never a password. */
export type EmbedResult =
  | { flow: "sms-signin" | "signin"; flowId: string; token: string }
  | { flow: "reset" | "unlock"; flowId: string; outcome: "password_reset" | "account_unlocked" }
  | { flow: "security-info"; flowId: string; outcome: "methods_updated" };
