import { z } from "zod";
import { HttpsUrlSchema, ResourceId } from "./common";

/**
 * Tenant event webhooks: a tenant subscribes HTTPS endpoints to events; Sesame POSTs each event
 * signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`, with the
 * endpoint's own `whsec_` secret), at least once, retrying with backoff until a 2xx.
 */
export { WebhookEventTypes, type WebhookEventType } from "./webhook-events";
import { WebhookEventTypes, type WebhookEventType } from "./webhook-events";
export const WebhookEventTypeSchema = z.enum(WebhookEventTypes);

export const CreateWebhookEndpointSchema = z.strictObject({
  url: HttpsUrlSchema,
  events: z.array(WebhookEventTypeSchema).min(1).max(WebhookEventTypes.length),
  description: z.string().trim().max(200).default(""),
  enabled: z.boolean().default(true),
});
export type CreateWebhookEndpoint = z.input<typeof CreateWebhookEndpointSchema>;

export const PatchWebhookEndpointSchema = z.strictObject({
  url: HttpsUrlSchema.optional(),
  events: z.array(WebhookEventTypeSchema).min(1).max(WebhookEventTypes.length).optional(),
  description: z.string().trim().max(200).optional(),
  enabled: z.boolean().optional(),
});
export type PatchWebhookEndpoint = z.infer<typeof PatchWebhookEndpointSchema>;

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string;
  enabled: boolean;
  createdAt: string;
  /** The secret's last four characters, to tell secrets apart. */
  secretHint: string;
}
/** Only the answer that created the endpoint carries its secret. */
export interface WebhookEndpointCreated extends WebhookEndpoint {
  secret: string;
}

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  /** The `webhook-id` header: the same on every attempt, so a receiver can drop duplicates. */
  messageId: string;
  type: WebhookEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  /** The receiver's last HTTP status, or null when it could not be reached. */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export const DeliveriesQuerySchema = z.strictObject({
  endpointId: ResourceId.optional(),
  status: z.enum(["pending", "delivered", "failed"]).optional(),
  $top: z.coerce.number().int().min(1).max(100).default(25),
});

/** What an endpoint receives: the event's type, when it happened, and its data. */
export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}
