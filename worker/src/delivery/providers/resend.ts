import { z } from "zod";
import { ProviderError, type DeliveryProvider } from "../types";
import { acceptedOrThrow, joinUrl, required } from "./http";

export const RESEND_API_BASE_DEFAULT = "https://api.resend.com";

const Accepted = z.object({ id: z.string().max(100) });

/**
 * Resend's email API. Needs RESEND_API_KEY (secret) and EMAIL_FROM. Our message id is the
 * idempotency key, so a retried request never sends the same email twice.
 */
export const resend: DeliveryProvider = {
  name: "resend",
  channels: ["email"],
  async send(message, { env, signal }) {
    const key = required(env.RESEND_API_KEY, "RESEND_API_KEY");
    const from = required(env.EMAIL_FROM, "EMAIL_FROM");
    if (!message.subject) throw new ProviderError("an email needs a subject");
    const response = await fetch(joinUrl(env.RESEND_API_BASE ?? RESEND_API_BASE_DEFAULT, "/emails"), {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": message.messageId },
      body: JSON.stringify({ from, to: [message.to], subject: message.subject, text: message.text, html: message.html }),
      signal,
    });
    await acceptedOrThrow(response, "name");
    const parsed = Accepted.safeParse(await response.json().catch(() => null));
    return parsed.success ? { providerMessageId: parsed.data.id } : {};
  },
};
