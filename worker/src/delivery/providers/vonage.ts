import { z } from "zod";
import { isGsm7 } from "../messages/gsm7";
import { ProviderError, type DeliveryProvider } from "../types";
import { acceptedOrThrow, joinUrl, required } from "./http";

export const VONAGE_API_BASE_DEFAULT = "https://rest.nexmo.com";

const Answer = z.object({
  messages: z.array(z.object({ status: z.string(), "message-id": z.string().max(100).optional() })).min(1),
});

/**
 * Vonage (Nexmo) SMS API, the second SMS provider. Needs VONAGE_API_KEY and VONAGE_API_SECRET
 * (secrets) and VONAGE_FROM (a number or an alphanumeric sender id). Vonage answers most
 * refusals with HTTP 200 and a non-zero status, so the status decides.
 */
export const vonage: DeliveryProvider = {
  name: "vonage",
  channels: ["sms"],
  async send(message, { env, signal }) {
    const body = {
      api_key: required(env.VONAGE_API_KEY, "VONAGE_API_KEY"),
      api_secret: required(env.VONAGE_API_SECRET, "VONAGE_API_SECRET"),
      from: required(env.VONAGE_FROM, "VONAGE_FROM"),
      to: message.to.replace(/^\+/, ""),
      text: message.text,
      type: isGsm7(message.text) ? "text" : "unicode",
      "client-ref": message.messageId,
    };
    const response = await fetch(joinUrl(env.VONAGE_API_BASE ?? VONAGE_API_BASE_DEFAULT, "/sms/json"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
    await acceptedOrThrow(response);
    const parsed = Answer.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new ProviderError("unexpected answer");
    const first = parsed.data.messages[0]!;
    if (first.status !== "0") throw new ProviderError(`status ${first.status.slice(0, 10)}`);
    return first["message-id"] ? { providerMessageId: first["message-id"] } : {};
  },
};
