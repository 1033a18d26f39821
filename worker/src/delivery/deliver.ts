import type { ProviderName } from "#contract/admin/providers";
import type { Env } from "../env";
import { log } from "../http/log";
import { iso } from "../lib/sql";
import { DELIVERY_ATTEMPT_TIMEOUT_MS } from "../limits";
import { maskEmail, maskPhone } from "../phone/e164";
import { outboxEnabled } from "./outbox/outbox";
import { providers } from "./registry";
import { tenantProviders } from "./tenant-providers";
import { ProviderError, type DeliveryAttempt, type DeliveryRecord, type OutboundMessage } from "./types";

export interface DeliverOptions {
  /** The providers to try, in order; by default the tenant's list for the message's channel. */
  providers?: ProviderName[];
  /** Per attempt; DELIVERY_ATTEMPT_TIMEOUT_MS by default. */
  timeoutMs?: number;
}

class AttemptTimeout extends Error {}

/** The providers to try: the tenant's order, or the dev outbox when none is set outside production. */
async function orderFor(env: Env, message: OutboundMessage, options: DeliverOptions): Promise<ProviderName[]> {
  const order = options.providers ?? (await tenantProviders(env, message.tenantId))[message.channel];
  if (order.length > 0) return order;
  return outboxEnabled(env) ? ["outbox"] : [];
}

async function attempt(env: Env, name: ProviderName, message: OutboundMessage, timeoutMs: number): Promise<DeliveryAttempt> {
  const provider = providers[name];
  const started = Date.now();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AttemptTimeout());
    }, timeoutMs);
  });
  try {
    if (!provider.channels.includes(message.channel)) throw new ProviderError(`cannot send ${message.channel}`);
    // The race gives up on time even if a provider ignores its abort signal.
    const sent = await Promise.race([provider.send(message, { env, signal: controller.signal }), timeout]);
    return { provider: name, status: "sent", latencyMs: Date.now() - started, ...sent };
  } catch (error) {
    const timedOut = error instanceof AttemptTimeout;
    // Only our own errors carry a message safe to keep; anything else is named by its class.
    const reason = timedOut ? `no answer within ${timeoutMs} ms` : error instanceof ProviderError ? error.message : (error as Error).name;
    return { provider: name, status: timedOut ? "timeout" : "failed", error: reason, latencyMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

const maskTo = (message: OutboundMessage): string => (message.channel === "email" ? maskEmail(message.to) : maskPhone(message.to));

/**
 * Sends one message through the tenant's providers in order, moving to the next on an error or
 * a timeout, and returns what happened. It never throws for a provider's failure: the record
 * says `failed` and why. The record and the log line hold the masked destination, never the text.
 *
 * @example
 * const record = await deliver(env, { messageId, tenantId, flowId, channel: "sms", to, locale: "en", text });
 */
export async function deliver(env: Env, message: OutboundMessage, options: DeliverOptions = {}): Promise<DeliveryRecord> {
  const started = Date.now();
  const order = await orderFor(env, message, options);
  const attempts: DeliveryAttempt[] = [];
  for (const name of order) {
    const result = await attempt(env, name, message, options.timeoutMs ?? DELIVERY_ATTEMPT_TIMEOUT_MS);
    attempts.push(result);
    if (result.status === "sent") break;
  }
  const sent = attempts.find((a) => a.status === "sent");
  const record: DeliveryRecord = {
    messageId: message.messageId,
    tenantId: message.tenantId,
    flowId: message.flowId,
    channel: message.channel,
    to: maskTo(message),
    status: sent ? "sent" : "failed",
    provider: sent?.provider ?? null,
    error: sent ? null : order.length === 0 ? `DELIVERY_NOT_CONFIGURED: no ${message.channel} provider configured` : "DELIVERY_FAILED: every provider failed",
    latencyMs: Date.now() - started,
    attempts,
    at: iso(started),
  };
  log(sent ? "info" : "error", "delivery", { ...record });
  return record;
}

/**
 * Delivers after the response has gone: the API answers at once, whatever a provider's latency,
 * and the answer cannot differ by whether a message was sent (no enumeration). `onRecord`
 * receives the delivery record, e.g. to keep it with the flow.
 *
 * @example
 * deliverInBackground(c.executionCtx, c.env, message, { onRecord: (r) => challenge.recordDelivery(r) });
 */
export function deliverInBackground(
  ctx: Pick<ExecutionContext, "waitUntil">,
  env: Env,
  message: OutboundMessage,
  options: DeliverOptions & { onRecord?: (record: DeliveryRecord) => unknown } = {},
): void {
  ctx.waitUntil(
    deliver(env, message, options)
      .then((record) => options.onRecord?.(record))
      .catch((error: unknown) => log("error", "delivery.background", { messageId: message.messageId, name: (error as Error).name })),
  );
}
