/**
 * The stable error codes the widget passes to the partner's error callback and `sesame:error`
 * event. They are the registry's codes (contract/errors.ts) that can end a widget, plus the few
 * that only a browser can meet. A partner may branch on these; they are never renamed.
 * Errors the user can fix inside the widget (a wrong code, a weak password) are shown to the
 * user and are not reported to the host page.
 */
export const embedErrorCodes = {
  OPTIONS_INVALID: "The widget's options are invalid (see the console for the option at fault).",
  TENANT_NOT_FOUND: "No tenant has that id.",
  ORIGIN_NOT_ALLOWED: "This page's origin is not among the tenant's allowed origins.",
  NETWORK_ERROR: "Sesame could not be reached.",
  FLOW_EXPIRED: "The flow expired before the user finished; the widget offers to start again.",
  RATE_LIMITED: "Too many requests; the widget shows when to try again.",
  STATE_UNSUPPORTED: "The server asked for a step this version of the widget cannot show.",
  INTERNAL: "Something went wrong on Sesame's side.",
  UNAUTHENTICATED: "\"My security info\" was given no token, or one that is not (or no longer) valid: sign the user in again.",
} as const;
export type EmbedErrorCode = keyof typeof embedErrorCodes;

export const isEmbedErrorCode = (code: string): code is EmbedErrorCode => Object.hasOwn(embedErrorCodes, code);
