import { flowMessages, type FlowMessageKey } from "#contract/flows/messages";

/**
 * The English catalogue: inline in the app bundle, and the source of every key. Other locales
 * are typed as `Catalog`, so a missing translation fails the type check. `{name}` is replaced by
 * `t(key, { name })`; keys ending in `.one` / `.other` are plural forms (Intl.PluralRules).
 * Error copy never says whether an account exists (DESIGN.md: no enumeration).
 */
const flowMessageText = Object.fromEntries(Object.entries(flowMessages).map(([key, value]) => [`msg.${key}`, value.text])) as Record<
  `msg.${FlowMessageKey}`,
  string
>;

export const en = {
  ...flowMessageText,
  "app.loading": "Loading…",
  "app.next": "Next",
  "app.back": "Back",
  "app.startOver": "Start over",
  "app.tryAgain": "Try again",
  "app.required": "Fill in this field.",
  "app.misconfigured": "This form isn't set up correctly. If you run this site, see the browser console.",
  "app.unsupported": "This step can't be completed here. Contact your helpdesk.",
  "app.expired": "This session has expired. Start over to continue.",

  "identify.reset.title": "Reset your password",
  "identify.reset.intro": "Enter your user name, email address or phone number, and we'll help you get back into your account.",
  "identify.unlock.title": "Unlock your account",
  "identify.unlock.intro": "Enter your user name, email address or phone number, and we'll help you unlock your account.",
  "identify.sms_signin.title": "Sign in with a text message",
  "identify.sms_signin.intro": "Enter your mobile phone number and we'll text you a code.",
  "identify.signin.title": "Sign in",
  "identify.signin.intro": "Enter your user name, email address or phone number.",
  "identify.security_info.title": "My security info",
  "identify.security_info.intro": "Sign in to see and change how you prove who you are.",
  "identify.identifier": "User name, email or phone number",
  "identify.phoneNumber": "Mobile phone number",
  "identify.phoneHint": "Include the country code, for example +1 425 555 0100.",

  "choose.title": "Choose how to verify",
  "choose.intro": "How would you like to confirm it's you?",
  "choose.progress": "Verification step {current} of {total}",
  "choose.method": "Verification method",
  "method.sms": "Text my mobile phone {hint}",
  "method.voice": "Call my phone {hint}",
  "method.email": "Email my alternate address {hint}",
  "method.totp": "Enter a code from my authenticator app",
  "method.questions": "Answer my security questions",
  "method.extension": "Approve a request in the Sesame extension",
  "choose.confirmPhone": "To protect your account, enter your full phone number ({hint}). We'll then send a code to it.",
  "choose.confirmPhoneLabel": "Full phone number",
  "choose.confirmEmail": "To protect your account, enter your full email address ({hint}). We'll then send a code to it.",
  "choose.confirmEmailLabel": "Full email address",
  "choose.pick": "Choose a method.",

  "verify.title": "Enter your code",
  "verify.sms": "Enter the {length}-digit code from the text message.",
  "verify.voice": "Enter the {length}-digit code from the phone call.",
  "verify.email": "Enter the {length}-digit code from the email.",
  "verify.totp": "Enter the {length}-digit code shown in your authenticator app.",
  "verify.code": "Verification code",
  "verify.submit": "Verify",
  "verify.resend": "Send a new code",
  "verify.resendIn": "You can ask for a new code {time}.",
  "verify.otherMethod": "Use a different method",
  "verify.attemptsLeft.one": "{count} attempt left.",
  "verify.attemptsLeft.other": "{count} attempts left.",
  "verify.incomplete": "Enter all {length} digits.",

  "questions.title": "Answer your security questions",
  "questions.intro": "Answer each question as you did when you registered.",

  "unlock.title": "Unlock your account",
  "unlock.intro": "You've proved it's you. Do you also want a new password?",
  "unlock.choice": "What would you like to do?",
  "unlock.unlock": "Unlock my account and keep my current password",
  "unlock.reset": "Unlock my account and choose a new password",

  "password.title": "Choose a new password",
  "password.new": "New password",
  "password.confirm": "Confirm new password",
  "password.show": "Show password",
  "password.submit": "Reset password",
  "password.rules": "Your password must:",
  "password.met": "(done)",
  "password.unmet": "(not yet)",
  "rule.length": "Have at least {min} characters",
  "rule.maxLength": "Have at most {max} characters",
  "rule.classes": "Use at least {count} of: lower case, upper case, digits, symbols",
  "rule.match": "Match in both fields",
  "rule.PASSWORD_BANNED": "Not be a common or banned password, or close to one",
  "rule.PASSWORD_WEAK": "Be harder to guess",
  "rule.PASSWORD_REUSED": "Not be one of your recent passwords",
  "rule.PASSWORD_CONTAINS_NAME": "Not contain your name or user name",

  "helpdesk.title": "Contact your helpdesk",
  "helpdesk.intro": "You can't reset your password here.",
  "helpdesk.link": "Get help from your helpdesk",
  "helpdesk.email": "Email your helpdesk",

  "done.reset.title": "Your password has been reset",
  "done.unlock.title": "Your account is unlocked",
  "done.signin.title": "You're signed in",
  "done.info.title": "Your security info is up to date",

  "error.NETWORK_ERROR": "We couldn't reach the server. Check your connection and try again.",
  "error.INTERNAL": "Something went wrong on our side. Try again.",
  "error.RATE_LIMITED": "Too many attempts. Try again {time}.",
  "error.RATE_LIMITED.later": "Too many attempts. Try again later.",
  "error.FLOW_STATE_INVALID": "This step has changed. Check the page and try again.",
  "error.VALIDATION_FAILED": "Check what you entered and try again.",
  "error.PHONE_NUMBER_INVALID": "Enter a valid phone number, including the country code.",
  "error.OTP_INVALID": "That code didn't work. Check it and try again.",
  "error.OTP_EXPIRED": "That code has expired. Ask for a new one.",
  "error.OTP_ATTEMPTS_EXCEEDED": "Too many wrong codes. Ask for a new code, or try again later.",
  "error.ANSWERS_INVALID": "One or more answers didn't match. Try these questions.",
  "error.CAPTCHA_FAILED": "We couldn't check that you're human. Try again.",
  "error.METHOD_UNAVAILABLE": "That method can't be used right now. Choose another.",
  "error.PASSWORD_REJECTED": "Choose a different password: it doesn't meet every rule below.",
  "error.PASSWORD_MISMATCH": "The two passwords don't match.",
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;
