/**
 * Messages a flow shows, with stable numeric ids in Kratos' style: 1xxxxxx informs, 4xxxxxx
 * refuses. The widget and extension translate by `key`; `text` is the English default.
 */
export const flowMessages = {
  CODE_SENT_IF_MATCH: { id: 1010001, type: "info", text: "If that matches our records, we sent you a code." },
  ENTER_AUTHENTICATOR_CODE: { id: 1010002, type: "info", text: "Enter the code from your authenticator app." },
  SECOND_METHOD_REQUIRED: { id: 1010003, type: "info", text: "Your organization requires a second, different verification method." },
  PASSWORD_RESET: { id: 1010004, type: "info", text: "Your password has been reset. Sign in with your new password." },
  ACCOUNT_UNLOCKED: { id: 1010005, type: "info", text: "Your account has been unlocked." },
  CONTACT_HELPDESK: { id: 1010006, type: "info", text: "You can't reset your password here. Contact your helpdesk." },
  CODE_RESENT_IF_MATCH: { id: 1010007, type: "info", text: "If that matches our records, we sent you a new code." },
  SIGNED_IN: { id: 1010008, type: "info", text: "You're signed in." },
  CODE_INVALID: { id: 4010001, type: "error", text: "That code didn't work. Check it and try again." },
  CODE_EXPIRED: { id: 4010002, type: "error", text: "That code has expired. Ask for a new one." },
  TOO_MANY_ATTEMPTS: { id: 4010003, type: "error", text: "Too many attempts. Try again later." },
  ANSWERS_INVALID: { id: 4010004, type: "error", text: "One or more answers didn't match. Try these questions." },
  PASSWORD_REJECTED: { id: 4010005, type: "error", text: "Choose a different password." },
} as const satisfies Record<string, { id: number; type: "info" | "error"; text: string }>;

export type FlowMessageKey = keyof typeof flowMessages;
