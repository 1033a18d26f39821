import { outboxEnabled, outboxOf } from "../outbox/outbox";
import { ProviderError, type DeliveryProvider } from "../types";

/** Keeps the message in the dev outbox. Refuses in production, so a stray config cannot use it. */
export const outbox: DeliveryProvider = {
  name: "outbox",
  channels: ["sms", "voice", "email"],
  async send(message, { env }) {
    if (!outboxEnabled(env)) throw new ProviderError("the dev outbox is disabled in production");
    await outboxOf(env).put(message);
    return { providerMessageId: message.messageId };
  },
};
