import { Webhook } from "standardwebhooks";
import { ProviderError, type DeliveryProvider, type OutboundMessage } from "../types";
import { acceptedOrThrow, required } from "./http";

/** The event a gateway receives: `sms.otp.send`, `voice.otp.send` or `email.otp.send`. */
export interface OtpSendEvent {
  type: `${OutboundMessage["channel"]}.otp.send`;
  timestamp: string;
  data: {
    messageId: string;
    tenantId: string;
    flowId: string;
    channel: OutboundMessage["channel"];
    destination: string;
    text: string;
    locale: string;
    subject?: string;
    html?: string;
  };
}

export function otpSendEvent(message: OutboundMessage, at: Date): OtpSendEvent {
  const { messageId, tenantId, flowId, channel, to, text, locale, subject, html } = message;
  return {
    type: `${channel}.otp.send`,
    timestamp: at.toISOString(),
    data: { messageId, tenantId, flowId, channel, destination: to, text, locale, subject, html },
  };
}

const signers = new Map<string, Webhook>();

/**
 * "Bring your own gateway": a signed HTTPS POST per the Standard Webhooks spec (webhook-id,
 * webhook-timestamp and webhook-signature headers), to SMS_WEBHOOK_URL for SMS and voice and to
 * EMAIL_WEBHOOK_URL for email, signed with WEBHOOK_SECRET. Any 2xx answer means accepted.
 */
export const webhook: DeliveryProvider = {
  name: "webhook",
  channels: ["sms", "voice", "email"],
  async send(message, { env, signal }) {
    const url =
      message.channel === "email"
        ? required(env.EMAIL_WEBHOOK_URL, "EMAIL_WEBHOOK_URL")
        : required(env.SMS_WEBHOOK_URL, "SMS_WEBHOOK_URL");
    const secret = required(env.WEBHOOK_SECRET, "WEBHOOK_SECRET");
    let signer = signers.get(secret);
    if (!signer) {
      try {
        signer = new Webhook(secret);
      } catch {
        throw new ProviderError("not configured: WEBHOOK_SECRET is not a whsec_ base64 secret");
      }
      signers.set(secret, signer);
    }
    const at = new Date();
    const body = JSON.stringify(otpSendEvent(message, at));
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": message.messageId,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": signer.sign(message.messageId, at, body),
      },
      body,
      signal,
    });
    await acceptedOrThrow(response);
    await response.body?.cancel();
    return {};
  },
};
