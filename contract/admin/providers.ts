import { z } from "zod";

/**
 * Message delivery providers a tenant can put in order, per channel. Credentials are never part
 * of this: they are Worker secrets of the deployment (docs/codes-throttles-delivery.md, "Configuring a provider").
 */
export const ProviderNameSchema = z.enum(["outbox", "twilio", "vonage", "resend", "webhook"]);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

export const DeliveryChannelSchema = z.enum(["sms", "voice", "email"]);
export type DeliveryChannel = z.infer<typeof DeliveryChannelSchema>;

/** Which provider can carry which channel. `outbox` exists only in development and tests. */
export const providersByChannel = {
  sms: ["outbox", "twilio", "vonage", "webhook"],
  voice: ["outbox", "twilio", "webhook"],
  email: ["outbox", "resend", "webhook"],
} as const satisfies Record<DeliveryChannel, readonly ProviderName[]>;

const orderFor = (channel: DeliveryChannel) =>
  z
    .array(ProviderNameSchema)
    .max(5)
    .refine((names) => new Set(names).size === names.length, "a provider may appear once")
    .refine(
      (names) => names.every((name) => (providersByChannel[channel] as readonly string[]).includes(name)),
      `${channel} can use: ${providersByChannel[channel].join(", ")}`,
    );

/**
 * The tenant's providers per channel, tried in order: the next one is tried when one fails or
 * times out. An empty list means "not configured": the dev outbox in development, an error in
 * production.
 */
export const ProviderSettingsSchema = z.strictObject({
  sms: orderFor("sms"),
  voice: orderFor("voice"),
  email: orderFor("email"),
});
export type ProviderSettings = z.infer<typeof ProviderSettingsSchema>;

export const defaultProviderSettings: ProviderSettings = { sms: [], voice: [], email: [] };

/** A PATCH replaces the lists of the channels it names and keeps the others. */
export const ProviderSettingsPatchSchema = ProviderSettingsSchema.partial();
export type ProviderSettingsPatch = z.infer<typeof ProviderSettingsPatchSchema>;

/** `GET /v1/tenants/:tenant/providers`: the order, and every provider each channel can use. */
export interface ProviderSettingsView extends ProviderSettings {
  available: typeof providersByChannel;
}
