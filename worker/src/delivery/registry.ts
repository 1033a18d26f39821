import type { ProviderName } from "#contract/admin/providers";
import { outbox } from "./providers/outbox";
import { resend } from "./providers/resend";
import { twilio } from "./providers/twilio";
import { vonage } from "./providers/vonage";
import { webhook } from "./providers/webhook";
import type { DeliveryProvider } from "./types";

/** Every provider by the name tenants list it under. */
export const providers: Record<ProviderName, DeliveryProvider> = { outbox, twilio, vonage, resend, webhook };
