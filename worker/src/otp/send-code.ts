import { deliverInBackground, type DeliverOptions } from "../delivery/deliver";
import { renderCodeMessage } from "../delivery/messages/render";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { CODE_CHALLENGE_BUCKETS, OTP_TTL_SECONDS_DEFAULT } from "../limits";
import { shardOf } from "../throttle/keys";
import type { DeliveryRecord } from "../delivery/types";
import type { Channel, IssueInput, IssueResult, VerifyInput } from "./challenge-types";

/**
 * The code challenge of one flow step (any stable id will do, e.g. `<flow id>/0`): its bucket,
 * one of CODE_CHALLENGE_BUCKETS shared CodeChallenge objects, and that bucket's methods bound to it.
 */
export function challengeOf(env: Env, key: string) {
  const stub = env.CODE_CHALLENGE.get(env.CODE_CHALLENGE.idFromName(`bucket/${shardOf(key, CODE_CHALLENGE_BUCKETS)}`));
  return {
    stub,
    issue: (input: IssueInput) => stub.issue(key, input),
    verify: (input: VerifyInput) => stub.verify(key, input),
    status: (fakeNow?: number) => stub.status(key, fakeNow),
    recordDelivery: (record: DeliveryRecord) => stub.recordDelivery(key, record),
    deliveries: () => stub.deliveries(key),
  };
}

export interface SendCodeInput {
  tenantId: string;
  /** Shown in the message: the tenant's display name. */
  tenantName: string;
  flowId: string;
  channel: Channel;
  /** E.164 for sms and voice, an address for email; the code is bound to it. */
  destination: string;
  /** A locale or Accept-Language value. */
  locale: string;
  /** The origin the widget runs on, for the SMS's WebOTP line. */
  origin?: string;
  length?: number;
  ttlSeconds?: number;
  /** A fake time, accepted only in tests. */
  now?: number;
}

export type SendCodeResult =
  | { ok: true; value: { messageId: string; expiresAt: string; resendAvailableAt: string; sendsLeft: number } }
  | Exclude<IssueResult, { ok: true }>;

/**
 * Issues a code for the flow and sends it in the background: what the reset and sign-in flows
 * call once the user has typed a destination that matches. The answer never holds the code, and
 * does not wait for the provider. The delivery record is kept with the flow's challenge.
 *
 * @example
 * const sent = await sendCode(env, c.executionCtx, { tenantId, tenantName, flowId, channel: "sms",
 *   destination: "+14255550100", locale: c.req.header("accept-language") ?? "en", origin });
 * if (!sent.ok) throw new ApiError(sent.code);
 */
export async function sendCode(
  env: Env,
  ctx: Pick<ExecutionContext, "waitUntil">,
  input: SendCodeInput,
  options: DeliverOptions = {},
): Promise<SendCodeResult> {
  const challenge = challengeOf(env, input.flowId);
  const issued = await challenge.issue({
    tenantId: input.tenantId,
    flowId: input.flowId,
    destination: input.destination,
    channel: input.channel,
    length: input.length,
    ttlSeconds: input.ttlSeconds,
    now: input.now,
  });
  if (!issued.ok) return issued;
  const rendered = renderCodeMessage({
    channel: input.channel,
    locale: input.locale,
    tenantName: input.tenantName,
    code: issued.value.code,
    ttlSeconds: input.ttlSeconds ?? OTP_TTL_SECONDS_DEFAULT,
    origin: input.origin,
  });
  const messageId = newId("msg");
  deliverInBackground(
    ctx,
    env,
    {
      messageId,
      tenantId: input.tenantId,
      flowId: input.flowId,
      channel: input.channel,
      to: input.destination,
      locale: rendered.locale,
      text: rendered.text,
      subject: rendered.subject,
      html: rendered.html,
      voiceLanguage: rendered.voiceLanguage,
    },
    { ...options, onRecord: (record) => challenge.recordDelivery(record) },
  );
  const { expiresAt, resendAvailableAt, sendsLeft } = issued.value;
  return { ok: true, value: { messageId, expiresAt, resendAvailableAt, sendsLeft } };
}
