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
  REGISTRATION_REMINDER: { id: 1010009, type: "info", text: "Your organization will soon require you to register security info." },
  REGISTRATION_REQUIRED: { id: 1010010, type: "info", text: "Your organization needs more information to keep your account secure." },
  RECONFIRM_SECURITY_INFO: { id: 1010011, type: "info", text: "Check that your security info is still correct." },
  SECOND_FACTOR_REQUIRED: { id: 1010012, type: "info", text: "Your organization requires a second verification to sign in." },
  CODE_SENT: { id: 1010013, type: "info", text: "We sent a code to the number or address you entered." },
  SCAN_AUTHENTICATOR_QR: { id: 1010014, type: "info", text: "Scan the QR code with your authenticator app, then enter the code it shows." },
  METHOD_ADDED: { id: 1010015, type: "info", text: "Your security info was updated." },
  METHOD_REMOVED: { id: 1010016, type: "info", text: "The method was removed from your security info." },
  SECURITY_INFO_CONFIRMED: { id: 1010017, type: "info", text: "Thanks for confirming your security info." },
  CONTACT_HELPDESK_SIGNIN: { id: 1010018, type: "info", text: "You can't finish signing in here. Contact your helpdesk." },
  CODE_INVALID: { id: 4010001, type: "error", text: "That code didn't work. Check it and try again." },
  CODE_EXPIRED: { id: 4010002, type: "error", text: "That code has expired. Ask for a new one." },
  TOO_MANY_ATTEMPTS: { id: 4010003, type: "error", text: "Too many attempts. Try again later." },
  ANSWERS_INVALID: { id: 4010004, type: "error", text: "One or more answers didn't match. Try these questions." },
  PASSWORD_REJECTED: { id: 4010005, type: "error", text: "Choose a different password." },
  SIGNIN_FAILED: { id: 4010006, type: "error", text: "Your account or password is incorrect." },
} as const satisfies Record<string, { id: number; type: "info" | "error"; text: string }>;

export type FlowMessageKey = keyof typeof flowMessages;
