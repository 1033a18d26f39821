/** The events a tenant can subscribe a webhook endpoint to (kept free of zod for the console). */
export const WebhookEventTypes = [
  /** A user reset their password (self-service). */
  "reset.completed",
  /** A user unlocked their account (self-service). */
  "unlock.completed",
  /** A method was registered or removed, by the user or an admin. */
  "method.changed",
  /** A user was blocked from self-service or sign-in, or locked by smart lockout. */
  "user.blocked",
  /** Phone protection or the spend cap refused to send a code. */
  "sms.blocked",
  /** A user signed in (SMS, password, or to the admin console). */
  "signin.succeeded",
  /** A spike was detected (resets, failed verifications, sends to a country). */
  "alert.raised",
] as const;
export type WebhookEventType = (typeof WebhookEventTypes)[number];
