import { Webhook } from "standardwebhooks";

/** A new endpoint secret as Standard Webhooks writes them: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * The three Standard Webhooks headers for one attempt, the same library the SMS gateway webhook
 * (delivery/providers/webhook.ts) signs with. The id stays the same across attempts; the
 * timestamp is the attempt's, as the spec asks (receivers refuse stale timestamps).
 *
 * @example
 * const headers = signedHeaders(secret, "msg_…", new Date(), body);
 */
export function signedHeaders(secret: string, messageId: string, at: Date, body: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, at, body),
  };
}

/** A message id for an event: stable, url-safe. */
export const messageIdOf = (eventId: string) => `msg_${eventId.replace(/^[a-z]+_/, "")}`;
