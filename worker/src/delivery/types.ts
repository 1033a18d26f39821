import { z } from "zod";
import { DeliveryChannelSchema, ProviderNameSchema, type DeliveryChannel, type ProviderName } from "#contract/admin/providers";
import type { Env } from "../env";

/** One message ready to hand to a provider: already rendered for its channel and locale. */
export interface OutboundMessage {
  /** Ours, unique per message: the webhook id, the idempotency key, the delivery record's key. */
  messageId: string;
  tenantId: string;
  flowId: string;
  channel: DeliveryChannel;
  /** E.164 for sms and voice, an address for email. */
  to: string;
  locale: string;
  /** The SMS body, the words a voice call speaks, or an email's plain text. */
  text: string;
  /** Email only. */
  subject?: string;
  html?: string;
  /** Voice only: the BCP 47 language the call speaks in. */
  voiceLanguage?: string;
}

export interface ProviderContext {
  env: Env;
  /** Aborted when the attempt's time is up; pass it to fetch. */
  signal: AbortSignal;
}

/**
 * One way of sending messages. `send` resolves when the provider has accepted the message and
 * throws a `ProviderError` when it has not; delivery then tries the tenant's next provider.
 */
export interface DeliveryProvider {
  readonly name: ProviderName;
  readonly channels: readonly DeliveryChannel[];
  send(message: OutboundMessage, context: ProviderContext): Promise<{ providerMessageId?: string }>;
}

/**
 * A provider's refusal. Its message must be safe to log and store: an HTTP status and the
 * provider's own error code, never a response body (some echo the message text, and so the code).
 */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message.slice(0, 200));
    this.name = "ProviderError";
  }
}

export const DeliveryAttemptSchema = z.strictObject({
  provider: ProviderNameSchema,
  status: z.enum(["sent", "failed", "timeout"]),
  error: z.string().max(200).optional(),
  latencyMs: z.number().int().nonnegative(),
  providerMessageId: z.string().max(100).optional(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttemptSchema>;

/** What is kept of one message: who carried it and how it went. Never its text or code. */
export const DeliveryRecordSchema = z.strictObject({
  messageId: z.string().min(1).max(64),
  tenantId: z.string().min(1).max(64),
  flowId: z.string().min(1).max(128),
  channel: DeliveryChannelSchema,
  /** Masked destination. */
  to: z.string().max(80),
  status: z.enum(["sent", "failed"]),
  provider: ProviderNameSchema.nullable(),
  error: z.string().max(200).nullable(),
  latencyMs: z.number().int().nonnegative(),
  attempts: z.array(DeliveryAttemptSchema).max(10),
  at: z.string(),
});
export type DeliveryRecord = z.infer<typeof DeliveryRecordSchema>;
