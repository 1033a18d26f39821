import { z } from "zod";
import { ProviderError, type DeliveryProvider, type OutboundMessage } from "../types";
import { acceptedOrThrow, joinUrl, required } from "./http";

export const TWILIO_API_BASE_DEFAULT = "https://api.twilio.com";

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

/** The call's script as TwiML: the voice template already reads the code twice, digit by digit. */
export function twiml(message: OutboundMessage): string {
  const language = escapeXml(message.voiceLanguage ?? "en-US");
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="1"/><Say language="${language}">${escapeXml(message.text)}</Say></Response>`;
}

const Accepted = z.object({ sid: z.string().max(100) });

/**
 * Twilio: SMS through the Messages API, voice through the Calls API with inline TwiML. Needs
 * TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (secrets) and TWILIO_FROM (a number, or an `MG…`
 * Messaging Service for SMS).
 */
export const twilio: DeliveryProvider = {
  name: "twilio",
  channels: ["sms", "voice"],
  async send(message, { env, signal }) {
    const sid = required(env.TWILIO_ACCOUNT_SID, "TWILIO_ACCOUNT_SID");
    const token = required(env.TWILIO_AUTH_TOKEN, "TWILIO_AUTH_TOKEN");
    const from = required(env.TWILIO_FROM, "TWILIO_FROM");
    const form = new URLSearchParams({ To: message.to });
    const viaService = from.startsWith("MG");
    if (message.channel === "voice") {
      if (viaService) throw new ProviderError("not configured: voice needs TWILIO_FROM to be a phone number");
      form.set("From", from);
      form.set("Twiml", twiml(message));
    } else {
      form.set(viaService ? "MessagingServiceSid" : "From", from);
      form.set("Body", message.text);
    }
    const resource = message.channel === "voice" ? "Calls" : "Messages";
    const url = joinUrl(env.TWILIO_API_BASE ?? TWILIO_API_BASE_DEFAULT, `/2010-04-01/Accounts/${encodeURIComponent(sid)}/${resource}.json`);
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Basic ${btoa(`${sid}:${token}`)}`, "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      signal,
    });
    await acceptedOrThrow(response, "code");
    const parsed = Accepted.safeParse(await response.json().catch(() => null));
    return parsed.success ? { providerMessageId: parsed.data.sid } : {};
  },
};
