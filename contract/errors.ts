import type { PasswordViolation } from "./password/rules";

/**
 * The one registry of error codes. Every error any part of Sesame reports carries one of these
 * codes; clients translate by code, never by message text. Codes are stable: add new ones,
 * never rename or reuse old ones.
 *
 * @example
 * const { status, message } = errorRegistry.USER_NOT_FOUND;
 */
export const errorRegistry = {
  // Request shape
  BAD_JSON: { status: 400, message: "The request body is not valid JSON." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Send the request body as application/json." },
  BODY_TOO_LARGE: { status: 413, message: "The request body is too large." },
  VALIDATION_FAILED: { status: 400, message: "The request does not match the expected shape." },
  NOT_FOUND: { status: 404, message: "No such resource." },
  METHOD_NOT_ALLOWED: { status: 405, message: "That HTTP method is not allowed here." },
  UPGRADE_REQUIRED: { status: 426, message: "Open this URL as a WebSocket." },

  // Who is calling
  UNAUTHENTICATED: { status: 401, message: "Missing or invalid credentials." },
  FORBIDDEN: { status: 403, message: "These credentials may not do that." },
  ORIGIN_NOT_ALLOWED: { status: 403, message: "This origin is not allowed for the tenant." },

  // Tenants and the directory
  TENANT_NOT_FOUND: { status: 404, message: "No such tenant." },
  TENANT_EXISTS: { status: 409, message: "A tenant with that id already exists." },
  USER_NOT_FOUND: { status: 404, message: "No such user." },
  USER_NAME_TAKEN: { status: 409, message: "Another user already has that user name." },
  GROUP_NOT_FOUND: { status: 404, message: "No such group." },
  GROUP_IN_USE: { status: 409, message: "A policy (password reset, SMS sign-in or MFA) is scoped to this group." },
  METHOD_NOT_FOUND: { status: 404, message: "No such authentication method." },
  METHOD_ALREADY_REGISTERED: {
    status: 409,
    message: "The user already has an authentication method of that kind.",
  },
  PHONE_NUMBER_INVALID: {
    status: 400,
    message: "That is not a valid phone number. Use international format, e.g. +1 425 555 0100.",
  },
  API_KEY_NOT_FOUND: { status: 404, message: "No such API key." },
  AGENT_KEY_NOT_FOUND: { status: 404, message: "No such writeback agent key." },
  AGENT_KEY_LIMIT: { status: 409, message: "The tenant has as many writeback agent keys as it may; revoke one first." },
  PHONE_NUMBER_IN_USE: {
    status: 409,
    message: "That phone number is already used for sign-in by another user. Use a different number.",
  },
  SITE_KEY_NOT_FOUND: { status: 404, message: "The tenant has no site key yet. Create one first." },

  // Policies
  POLICY_REQUIRED_EXCEEDS_ALLOWED: {
    status: 400,
    message: "The number of methods required is greater than the number of methods allowed.",
  },
  POLICY_QUESTIONS_ALONE: {
    status: 400,
    message: "Security questions cannot be the only method allowed for password reset.",
  },
  POLICY_QUESTIONS_INCONSISTENT: {
    status: 400,
    message: "Users cannot be asked to answer more security questions than they register.",
  },
  POLICY_SCOPE_GROUP_REQUIRED: {
    status: 400,
    message: "A policy scoped to selected users needs a group.",
  },
  POLICY_PASSWORD_LENGTH_INVALID: {
    status: 400,
    message: "The minimum password length must not exceed the maximum.",
  },
  POLICY_RISK_THRESHOLDS_INVALID: {
    status: 400,
    message: "The challenge threshold must not be above the block threshold.",
  },
  POLICY_CAPTCHA_NOT_CONFIGURED: {
    status: 400,
    message: "Turnstile needs a site key and a secret key.",
  },

  // One-time codes. The widget shows its own text per code; none of these says whether an
  // account or a destination exists.
  OTP_INVALID: { status: 400, message: "That code is not right. Check it and try again." },
  OTP_EXPIRED: { status: 400, message: "That code has expired. Ask for a new one." },
  OTP_ATTEMPTS_EXCEEDED: { status: 429, message: "Too many wrong codes. Start again later." },
  OTP_ALREADY_USED: { status: 409, message: "That code has already been used." },
  OTP_NOT_FOUND: { status: 400, message: "No code has been sent for this request." },
  OTP_RESEND_TOO_SOON: { status: 429, message: "Wait a little before asking for another code." },
  OTP_SEND_LIMIT: { status: 429, message: "No more codes can be sent for this request. Start again." },

  // Throttling: the end user sees only this and a retry time; the reason is kept for the audit log.
  RATE_LIMITED: { status: 429, message: "Too many attempts. Try again later." },

  // Delivery providers
  DELIVERY_FAILED: { status: 502, message: "The message could not be sent. Try again or use another method." },
  DELIVERY_NOT_CONFIGURED: { status: 503, message: "No message provider is configured for this channel." },
  // Passwords: one code per rule, so the widget can show every broken rule live
  PASSWORD_TOO_SHORT: { status: 400, message: "The password is shorter than the policy allows." },
  PASSWORD_TOO_LONG: { status: 400, message: "The password is longer than the policy allows." },
  PASSWORD_COMPLEXITY: {
    status: 400,
    message: "The password must mix more kinds of characters (lower case, upper case, digits, symbols).",
  },
  PASSWORD_CONTAINS_NAME: { status: 400, message: "The password must not contain the user's name." },
  PASSWORD_BANNED: {
    status: 400,
    message: "The password is too close to a commonly used or banned password.",
  },
  PASSWORD_WEAK: { status: 400, message: "The password is too easy to guess." },
  PASSWORD_REUSED: { status: 400, message: "The password was used recently; choose a new one." },
  CONFLICT: { status: 409, message: "The resource changed while the request ran. Try again." },

  // Flows
  FLOW_NOT_FOUND: { status: 404, message: "No such flow. Start again." },
  FLOW_EXPIRED: { status: 410, message: "This flow has expired. Start again." },
  FLOW_COMPLETED: { status: 409, message: "This flow is already finished. Start again." },
  FLOW_STATE_INVALID: { status: 409, message: "That step is not the current step of this flow." },
  FLOW_BUSY: { status: 409, message: "Another request for this flow is in progress. Try again." },
  CAPTCHA_INVALID: { status: 400, message: "The CAPTCHA was not solved. Try again." },
  METHOD_NOT_AVAILABLE: { status: 400, message: "That verification method is not available." },
  METHOD_ALREADY_USED: { status: 400, message: "Choose a different verification method for the second step." },
  CONFIRMATION_REQUIRED: { status: 400, message: "Type the full phone number or email address to confirm it." },
  ANSWERS_INVALID: { status: 400, message: "One or more answers didn't match." },
  PASSWORD_REJECTED: { status: 400, message: "That password does not meet the policy." },
  SMS_SIGNIN_DISABLED: { status: 403, message: "Sign-in with a text message is not turned on for this organization." },
  /** The one answer to a wrong password, an unknown user, and a locked or disabled account alike. */
  SIGNIN_FAILED: { status: 400, message: "Your account or password is incorrect." },
  REGISTRATION_INCOMPLETE: {
    status: 400,
    message: "Register the security info your organization requires before you continue.",
  },
  REAUTHENTICATION_REQUIRED: { status: 401, message: "Sign in again to change your security info." },
  METHOD_REQUIRED: {
    status: 409,
    message: "Your organization needs this method. Add another one before you remove it.",
  },
  SECURITY_QUESTIONS_INVALID: {
    status: 400,
    message: "Answer the required number of different questions, each answer 3 to 40 characters.",
  },
  WRITEBACK_FAILED: {
    status: 502,
    message: "Your password could not be changed in your organization's directory. Nothing was changed. Try again later.",
  },
  // Password writeback (hybrid tenants): what the on-premises side answered, or did not.
  WRITEBACK_AGENT_OFFLINE: {
    status: 503,
    message: "Your organization's directory cannot be reached right now. Nothing was changed. Try again later.",
  },
  WRITEBACK_TIMEOUT: {
    status: 504,
    message: "Your organization's directory did not answer in time. Try again in a few minutes.",
  },
  WRITEBACK_USER_NOT_FOUND: {
    status: 502,
    message: "Your account was not found in your organization's directory. Nothing was changed. Contact your helpdesk.",
  },
  PASSWORD_DIRECTORY_POLICY: {
    status: 400,
    message: "Your organization's directory refused that password. Choose a longer, more varied password you have not used before.",
  },
  PASSWORD_CHANGED_TOO_RECENTLY: {
    status: 400,
    message: "Your password was changed too recently for your organization's directory to allow another change. Try again later.",
  },

  // The admin console, webhooks and alerts
  CONSOLE_MFA_REQUIRED: { status: 403, message: "The admin console needs a sign-in with two methods (a password and a second factor)." },
  WEBHOOK_ENDPOINT_NOT_FOUND: { status: 404, message: "No such webhook endpoint." },
  WEBHOOK_ENDPOINTS_FULL: { status: 409, message: "The tenant has as many webhook endpoints as it may have." },
  WEBHOOK_DELIVERY_NOT_FOUND: { status: 404, message: "No such webhook delivery." },
  ALERT_NOT_FOUND: { status: 404, message: "No such alert." },
  // The companion extension (contract/extension.ts)
  PAIRING_CODE_INVALID: { status: 400, message: "That pairing code is wrong, used or expired. Make a new one in My security info." },
  APPROVAL_DENIED: { status: 403, message: "The request was not approved in the Sesame extension." },
  APPROVAL_EXPIRED: { status: 410, message: "The approval request expired. Ask for a new one." },
  APPROVAL_DECIDED: { status: 409, message: "This approval request was already answered." },

  // Everything else
  INTERNAL: { status: 500, message: "Something went wrong on our side. Try again." },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorRegistry;

/** One problem found while validating a request, safe to show (never echoes the input value). */
export interface ErrorDetail {
  path: string;
  issue: string;
}

/** The body of every error response from the worker. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    requestId: string;
    details?: ErrorDetail[];
    /** When a password is refused: every rule it broke (`code` is the first of them). */
    violations?: PasswordViolation[];
  };
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorRegistry, value);
}
