import * as z from "zod/mini";
import type { FlowType } from "../flows/envelope";

/**
 * The options of the drop-in widget: the `data-*` attributes of `<div class="sesame">` and the
 * second argument of `sesame.render(el, options)` use the same names (`data-error-callback` is
 * `"error-callback"`, as in Turnstile; `errorCallback` is accepted too). zod/mini, because the
 * widget ships this schema to every partner page.
 */
export const EmbedFlows = ["reset", "unlock", "sms-signin", "signin", "security-info"] as const;
export type EmbedFlow = (typeof EmbedFlows)[number];

/** The API's flow type for each `data-flow` value (the API uses snake case, HTML kebab case). */
export const embedFlowType = {
  reset: "reset",
  unlock: "unlock",
  "sms-signin": "sms_signin",
  signin: "signin",
  "security-info": "security_info",
} as const satisfies Record<EmbedFlow, FlowType>;

export const EmbedThemes = ["light", "dark", "auto"] as const;
export type EmbedTheme = (typeof EmbedThemes)[number];

/** A callback given as a function, or by the name of a global function (`data-callback="onDone"`). */
const CallbackSchema = z.union([
  z.string().check(z.regex(/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/)),
  z.custom<(...args: never[]) => unknown>((value) => typeof value === "function"),
]);

export const EmbedOptionsSchema = z.strictObject({
  /** Same shape as the admin API's tenant ids; repeated here so the widget does not ship full zod. */
  tenant: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/)),
  flow: z._default(z.enum(EmbedFlows), "reset"),
  callback: z.optional(CallbackSchema),
  errorCallback: z.optional(CallbackSchema),
  /** A BCP 47 tag; unsupported languages fall back to the closest supported one, then English. */
  locale: z.optional(z.string().check(z.regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/))),
  theme: z._default(z.enum(EmbedThemes), "auto"),
});
export type EmbedOptions = z.output<typeof EmbedOptionsSchema>;
export type EmbedOptionsInput = z.input<typeof EmbedOptionsSchema>;

/** What the success callback and the `sesame:success` event receive. Never a password. */
export type EmbedResult =
  | { flow: "sms-signin" | "signin"; flowId: string; token: string }
  | { flow: "reset" | "unlock"; flowId: string; outcome: "password_reset" | "account_unlocked" }
  | { flow: "security-info"; flowId: string; outcome: "methods_updated" };
