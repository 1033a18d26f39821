import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { fakeRequests, freshEmail, freshPhone } from "../../test/fakes";
import { deliver } from "./deliver";
import { renderCodeMessage } from "./messages/render";
import type { OutboundMessage } from "./types";

let messages = 0;

function smsTo(to: string, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  const rendered = renderCodeMessage({
    channel: "sms",
    locale: "en",
    tenantName: "Contoso",
    code: "482139",
    ttlSeconds: 300,
    origin: "https://login.contoso.com",
  });
  return { messageId: `msg_providers_${messages++}`, tenantId: "contoso", flowId: "flw_providers", channel: "sms", to, locale: "en", text: rendered.text, ...extra };
}

function emailTo(to: string): OutboundMessage {
  const rendered = renderCodeMessage({ channel: "email", locale: "de", tenantName: "Contoso", code: "482139", ttlSeconds: 300 });
  return { ...smsTo(to), channel: "email", locale: "de", text: rendered.text, subject: rendered.subject, html: rendered.html };
}

async function onlyRequest(destination: string) {
  const requests = await fakeRequests(destination);
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

describe("Twilio", () => {
  it("sends SMS through the Messages API with basic auth", async () => {
    const to = freshPhone();
    const message = smsTo(to);
    const record = await deliver(env, message, { providers: ["twilio"] });
    expect(record).toMatchObject({ status: "sent", provider: "twilio", error: null });
    expect(record.attempts[0]!.providerMessageId).toMatch(/^SM/);

    const request = await onlyRequest(to);
    expect(request.path).toBe(`/twilio/2010-04-01/Accounts/${env.TWILIO_ACCOUNT_SID}/Messages.json`);
    expect(request.headers.authorization).toBe(`Basic ${btoa(`${env.TWILIO_ACCOUNT_SID}:${env.TWILIO_AUTH_TOKEN}`)}`);
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(request.body);
    expect(Object.fromEntries(form)).toEqual({ To: to, From: env.TWILIO_FROM, Body: message.text });
  });

  it("calls through the Calls API with TwiML that reads the code twice", async () => {
    const to = freshPhone();
    const rendered = renderCodeMessage({ channel: "voice", locale: "fr", tenantName: "Contoso & Fils", code: "482139", ttlSeconds: 300 });
    const record = await deliver(env, { ...smsTo(to), channel: "voice", locale: "fr", text: rendered.text, voiceLanguage: rendered.voiceLanguage }, {
      providers: ["twilio"],
    });
    expect(record).toMatchObject({ status: "sent", provider: "twilio" });
    const request = await onlyRequest(to);
    expect(request.path).toMatch(/\/Calls\.json$/);
    const twiml = new URLSearchParams(request.body).get("Twiml") ?? "";
    expect(twiml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response>.*<Say language="fr-FR">.*<\/Say><\/Response>$/);
    expect(twiml.split("4, 8, 2, 1, 3, 9")).toHaveLength(3);
    expect(twiml).toContain("Contoso &amp; Fils");
  });
});

describe("Vonage", () => {
  it("sends SMS through the SMS API, number without +", async () => {
    const to = freshPhone();
    const message = smsTo(to);
    expect(await deliver(env, message, { providers: ["vonage"] })).toMatchObject({ status: "sent", provider: "vonage" });
    const request = await onlyRequest(to);
    expect(request.path).toBe("/vonage/sms/json");
    expect(JSON.parse(request.body)).toEqual({
      api_key: env.VONAGE_API_KEY,
      api_secret: env.VONAGE_API_SECRET,
      from: env.VONAGE_FROM,
      to: to.slice(1),
      text: message.text,
      type: "text",
      "client-ref": message.messageId,
    });
  });
});

describe("Standard Webhooks", () => {
  it("posts a signed sms.otp.send event that the library verifies", async () => {
    const to = freshPhone();
    const message = smsTo(to, { locale: "pt", flowId: "flw_webhook" });
    expect(await deliver(env, message, { providers: ["webhook"] })).toMatchObject({ status: "sent", provider: "webhook" });
    const request = await onlyRequest(to);
    expect(request.path).toBe("/webhook/sms");
    expect(request.headers["webhook-id"]).toBe(message.messageId);

    const event = new Webhook(env.WEBHOOK_SECRET!).verify(request.body, request.headers) as Record<string, any>;
    expect(event).toMatchObject({
      type: "sms.otp.send",
      data: { destination: to, text: message.text, locale: "pt", flowId: "flw_webhook", tenantId: "contoso", channel: "sms" },
    });
    expect(Date.parse(event.timestamp)).toBeGreaterThan(0);
    // The signature covers the body: a changed body no longer verifies.
    expect(() => new Webhook(env.WEBHOOK_SECRET!).verify(request.body.replace(to, freshPhone()), request.headers)).toThrow();
  });

  it("posts email.otp.send to the email hook", async () => {
    const to = freshEmail();
    await deliver(env, emailTo(to), { providers: ["webhook"] });
    const request = await onlyRequest(to);
    expect(request.path).toBe("/webhook/email");
    const event = new Webhook(env.WEBHOOK_SECRET!).verify(request.body, request.headers) as Record<string, any>;
    expect(event).toMatchObject({ type: "email.otp.send", data: { destination: to, locale: "de" } });
    expect(event.data.subject).toContain("Contoso");
  });
});

describe("Resend", () => {
  it("sends email with the API key and our message id as idempotency key", async () => {
    const to = freshEmail();
    const message = emailTo(to);
    expect(await deliver(env, message, { providers: ["resend"] })).toMatchObject({ status: "sent", provider: "resend" });
    const request = await onlyRequest(to);
    expect(request.path).toBe("/resend/emails");
    expect(request.headers.authorization).toBe(`Bearer ${env.RESEND_API_KEY}`);
    expect(request.headers["idempotency-key"]).toBe(message.messageId);
    expect(JSON.parse(request.body)).toEqual({ from: env.EMAIL_FROM, to: [to], subject: message.subject, text: message.text, html: message.html });
  });
});

describe("provider configuration", () => {
  it("fails a provider whose credential is missing, naming the setting but never a secret", async () => {
    const to = freshPhone();
    const record = await deliver({ ...env, TWILIO_AUTH_TOKEN: undefined }, smsTo(to), { providers: ["twilio"] });
    expect(record).toMatchObject({ status: "failed", provider: null });
    expect(record.attempts[0]).toMatchObject({ provider: "twilio", status: "failed", error: "not configured: TWILIO_AUTH_TOKEN is not set" });
    expect(await fakeRequests(to)).toEqual([]);
  });

  it("refuses a channel a provider cannot carry", async () => {
    const record = await deliver(env, emailTo(freshEmail()), { providers: ["twilio"] });
    expect(record.attempts[0]).toMatchObject({ provider: "twilio", status: "failed", error: "cannot send email" });
  });
});
