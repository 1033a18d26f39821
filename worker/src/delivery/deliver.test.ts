import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { call, createTenant } from "../../test/api";
import { fakeRequests, fakeScenario, freshPhone } from "../../test/fakes";
import type { AppEnv } from "../env";
import { DELIVERY_ATTEMPT_TIMEOUT_MS } from "../limits";
import { deliver, deliverInBackground } from "./deliver";
import type { DeliveryRecord, OutboundMessage } from "./types";

let messages = 0;
const smsTo = (to: string, tenantId = "contoso"): OutboundMessage => ({
  messageId: `msg_deliver_${messages++}`,
  tenantId,
  flowId: "flw_deliver",
  channel: "sms",
  to,
  locale: "en",
  text: "482139 is your Contoso verification code.\n\n@login.contoso.com #482139",
});

describe("failover", () => {
  it("moves to the next provider when one answers with an error", async () => {
    const to = freshPhone();
    await fakeScenario(to, { fail: ["twilio"] });
    const record = await deliver(env, smsTo(to), { providers: ["twilio", "vonage"] });
    expect(record).toMatchObject({ status: "sent", provider: "vonage", error: null });
    expect(record.attempts.map(({ provider, status, error }) => ({ provider, status, error }))).toEqual([
      { provider: "twilio", status: "failed", error: "HTTP 500 (code 20500)" },
      { provider: "vonage", status: "sent", error: undefined },
    ]);
    expect((await fakeRequests(to)).map((r) => r.provider)).toEqual(["twilio", "vonage"]);
  });

  it("treats Vonage's non-zero status as a failure", async () => {
    const to = freshPhone();
    await fakeScenario(to, { fail: ["vonage"] });
    const record = await deliver(env, smsTo(to), { providers: ["vonage", "webhook"] });
    expect(record.attempts.map((a) => [a.provider, a.status, a.error])).toEqual([
      ["vonage", "failed", "status 5"],
      ["webhook", "sent", undefined],
    ]);
  });

  it("gives up on a provider that does not answer in time, then tries the next", async () => {
    const to = freshPhone();
    await fakeScenario(to, { hang: ["twilio"] });
    const record = await deliver(env, smsTo(to), { providers: ["twilio", "webhook"], timeoutMs: 300 });
    expect(record).toMatchObject({ status: "sent", provider: "webhook" });
    expect(record.attempts[0]).toMatchObject({ provider: "twilio", status: "timeout", error: "no answer within 300 ms" });
    expect(record.attempts[0]!.latencyMs).toBeGreaterThanOrEqual(300);
  });

  it("says so when every provider failed", async () => {
    const to = freshPhone();
    await fakeScenario(to, { fail: ["twilio", "vonage"] });
    const record = await deliver(env, smsTo(to), { providers: ["twilio", "vonage"] });
    expect(record).toMatchObject({ status: "failed", provider: null, error: "DELIVERY_FAILED: every provider failed" });
  });
});

describe("deliverInBackground", () => {
  it("lets the API answer at once while a provider times out after the response", { timeout: DELIVERY_ATTEMPT_TIMEOUT_MS + 10_000 }, async () => {
    const to = freshPhone();
    await fakeScenario(to, { hang: ["twilio"] });
    let record: DeliveryRecord | undefined;
    // A route shaped like the flows' send step: it answers 202 and delivers after the response.
    const app = new Hono<AppEnv>().post("/send", (c) => {
      deliverInBackground(c.executionCtx, c.env, smsTo(to), { providers: ["twilio", "vonage"], onRecord: (r) => (record = r) });
      return c.json({ accepted: true }, 202);
    });
    const ctx = createExecutionContext();
    const started = Date.now();
    const response = await app.fetch(new Request("http://sesame.test/send", { method: "POST" }), env, ctx);
    const answeredAfter = Date.now() - started;
    expect(response.status).toBe(202);
    expect(record).toBeUndefined();

    await waitOnExecutionContext(ctx);
    const deliveredAfter = Date.now() - started;
    expect(answeredAfter).toBeLessThan(1_000);
    expect(deliveredAfter).toBeGreaterThanOrEqual(DELIVERY_ATTEMPT_TIMEOUT_MS);
    expect(record?.attempts.map((a) => [a.provider, a.status])).toEqual([
      ["twilio", "timeout"],
      ["vonage", "sent"],
    ]);
  });
});

describe("the tenant's provider order", () => {
  it("is read from the tenant's settings and tried in order", async () => {
    const { key } = await createTenant("deliver-order");
    const patched = await call("PATCH", "/v1/tenants/deliver-order/providers", { token: key, body: { sms: ["vonage", "twilio"] } });
    expect(patched.status).toBe(200);
    const to = freshPhone();
    await fakeScenario(to, { fail: ["vonage"] });
    const record = await deliver(env, smsTo(to, "deliver-order"));
    expect(record.attempts.map((a) => a.provider)).toEqual(["vonage", "twilio"]);
    expect(record.provider).toBe("twilio");
  });

  it("falls back to the dev outbox when nothing is configured, outside production", async () => {
    const record = await deliver(env, smsTo(freshPhone(), "no-such-tenant"));
    expect(record).toMatchObject({ status: "sent", provider: "outbox" });
  });

  it("fails clearly in production when nothing is configured", async () => {
    const production = { ...env, SESAME_ENV: "production" as const };
    expect(await deliver(production, smsTo(freshPhone(), "no-such-tenant"))).toMatchObject({
      status: "failed",
      provider: null,
      error: "DELIVERY_NOT_CONFIGURED: no sms provider configured",
      attempts: [],
    });
    // Nor can a tenant's list reach the outbox there.
    const record = await deliver(production, smsTo(freshPhone()), { providers: ["outbox"] });
    expect(record.attempts[0]).toMatchObject({ provider: "outbox", status: "failed", error: "the dev outbox is disabled in production" });
  });
});
