/**
 * The extension's own English strings: popup, options page and notifications. Error codes are
 * worded by the widget's catalogues (lib/error-text.ts), so the page and the extension agree.
 * `{name}` marks a value filled in when the string is used.
 */
export const en = {
  // Alerts, in notifications, the timeline and the options page.
  "alert.reset_started": "A password reset was started",
  "alert.reset_completed": "Your password was reset",
  "alert.account_unlocked": "Your account was unlocked",
  "alert.reset_blocked": "A password reset was blocked",
  "alert.signin_blocked": "A sign-in was blocked",
  "alert.signin": "New sign-in",
  "alert.method_added": "A sign-in method was added",
  "alert.method_removed": "A sign-in method was removed",
  "alert.method_changed": "A sign-in method was changed",
  "alert.fraud_reported": "You reported this wasn't you",
  "flow.reset": "password reset",
  "flow.unlock": "account unlock",
  "flow.signin": "sign-in",
  "where.from": "from {place}",
  "where.unknown": "from an unknown place",
  "device.on": "{browser} on {os}",
  "device.aBrowser": "A browser",
  "notify.alert": '{user}, {where}. Not you? Open Sesame and choose "This wasn\'t me".',
  "notify.approvalTitle": "{tenant}: approve a {flow}?",
  "notify.approval": "{user}, {where}. Open to answer with the number the page shows.",

  // Connecting an account.
  "connect.title": "Connect your account",
  "connect.server": "Sesame server",
  "connect.tenant": "Organisation (tenant id)",
  "connect.bySms": "Sign in with a text message",
  "connect.haveCode": "I have a pairing code",
  "connect.phone": "Your mobile number",
  "connect.sendCode": "Send code",
  "connect.code": "The code we sent",
  "connect.signIn": "Sign in",
  "connect.pairingCode": "Pairing code from My security info",
  "connect.pair": "Pair",

  // The account and its methods.
  "account.add": "Add an account",
  "account.blocked": "Self-service reset is blocked after your report. Your helpdesk can lift it.",
  "account.lastUsed": "Last used {when} · confirmed {confirmed}",
  "account.never": "never",
  "account.registered": "{registered} of {required} required methods registered",
  "account.reviewDue": " · review due {date}",
  "account.change": "Change methods",
  "method.phone": "Phone",
  "method.mobile": "Mobile phone",
  "method.alternateMobile": "Alternate mobile phone",
  "method.office": "Office phone",
  "method.email": "Email",
  "method.authenticatorApp": "Authenticator app",
  "method.securityQuestions": "Security questions",
  "method.extension": "Browser extension",

  // Approvals.
  "approval.title": "Approve a {flow}?",
  "approval.asked": "Asked {where} at {time}",
  "approval.number": "Type the number the page shows",
  "approval.approve": "Approve",
  "approval.deny": "Deny, it wasn't me",
  "approval.gone": "This request has been answered or has expired.",
  "approval.approved": "Approved.",
  "approval.wrongNumber": "That number didn't match: the request was refused.",
  "approval.denied": "Denied.",

  // The activity timeline and "this wasn't me".
  "activity.title": "Activity",
  "activity.reported": "Reported. Your sessions were ended and self-service reset is blocked.",
  "activity.reportedShort": "Reported as not you.",
  "activity.confirm": "This ends all your sessions and blocks password reset until your helpdesk clears it.",
  "activity.yes": "Yes, report it",
  "activity.cancel": "Cancel",
  "activity.wasntMe": "This wasn't me",

  // Changing methods.
  "manage.title": "Change your methods",
  "manage.signInAgain": "Sign in again to change your security info.",
  "manage.password": "Password for {user}",
  "manage.signIn": "Sign in",
  "manage.phone": "Or your mobile number, for a text",
  "manage.textMe": "Text me a code",
  "manage.secondFactor": "Confirm it's you with a second method.",
  "manage.totp": "Authenticator app code",
  "manage.call": "Call {hint}",
  "manage.email": "Email {hint}",
  "manage.text": "Text {hint}",
  "manage.totpCode": "Code from your authenticator app",
  "manage.codeSent": "The code we sent",
  "manage.continue": "Continue",
  "manage.close": "Close",
  "manage.addKey": "Add this key to your authenticator app:",
  "manage.openInApp": "open in the app",
  "manage.scan": "Or scan this code with the app",
  "manage.appCode": "The code your app shows",
  "manage.verify": "Verify",
  "manage.resend": "Send a new code",
  "manage.cancel": "Cancel",
  "manage.remove": "Remove",
  "manage.registered": "{registered} of {required} required · changes allowed until {time}",
  "manage.allMine": "These are all still mine",
  "manage.addPhone": "Add a phone",
  "manage.sendCode": "Send a code",
  "manage.addEmail": "Add an email address",
  "manage.addAuthenticator": "Add an authenticator app",
  "manage.setQuestions": "Set security questions",
  "manage.question": "Question {n}",
  "manage.answer": "Answer {n}",
  "manage.saveAnswers": "Save answers",

  // Options.
  "options.accounts": "Accounts",
  "options.paired": "paired {date}",
  "options.forget": "Sign out and forget this device's key",
  "options.addHint": "Add an account from the toolbar popup: sign in there, or pair with the code My security info shows.",
  "options.notifications": "Notifications",
  "options.notify": "Show a notification for each alert",

  // Conditions of the extension itself, not answers of the API.
  "error.DEVICE_KEY_MISSING": "This browser no longer holds the account's key. Connect the account again.",
} as const;

export type Key = keyof typeof en;
export type Catalogue = Record<Key, string>;
