import type { PhoneProtectionPolicy, RiskSummary } from "#contract/admin/phone-protection";
import type { Tenant } from "#contract/admin/tenant";
import type { AuditReason } from "#contract/audit";
import { isErrorCode, type ErrorCode } from "#contract/errors";
import type { Env } from "../env";
import { OTP_LENGTH_DEFAULT } from "../limits";
import { sendCode, type SendCodeInput } from "../otp/send-code";
import { consumeSendBudgets } from "../throttle/consume";
import { captchaProof } from "./captcha";
import { allowedCountriesOf, assessSend, recordVerified } from "./engine";
import { recordSms } from "./spend/sms-stats";

type Background = Pick<ExecutionContext, "waitUntil">;

export interface ProtectedSendInput {
  tenant: Tenant;
  policy: PhoneProtectionPolicy;
  /** The flow the CAPTCHA was solved for and the risk decision is filed under. */
  flowId: string;
  /** The challenge the code is bound to (a flow may verify several destinations). */
  challengeKey: string;
  channel: "sms" | "voice" | "email";
  destination: string;
  userId: string | null;
  ip: string | null;
  requestCountry: string | null;
  locale: string;
  origin: string | null;
  /** When the user registered this destination, if the flow knows: a just-added number is a signal. */
  methodRegisteredAt?: number | null;
  /** A fake time, accepted only in tests. */
  now?: number;
}

/**
 * A refusal carries what the audit log should say; callers that must not enumerate answer it
 * exactly like a send.
 */
export type ProtectedSendOutcome =
  | { ok: true; resendAvailableAt: number; length: number }
  | { ok: false; code: AuditReason; retryAfter?: number; risk?: RiskSummary };

/**
 * Every code Sesame sends goes through here, whichever flow asks: phone protection decides
 * first (refused fraud must not drain the per-country and per-tenant budgets legitimate users
 * share), then the send budgets, then the code is issued and delivered. The risk decision is
 * settled with what finally happened, so conversion and spend are measured on real sends.
 *
 * @example
 * const sent = await protectedSend(env, ctx, { tenant, policy, flowId, challengeKey, channel: "sms", destination, ... });
 * if (!sent.ok) audit({ reason: sent.code, risk: sent.risk });
 */
export async function protectedSend(env: Env, background: Background, input: ProtectedSendInput): Promise<ProtectedSendOutcome> {
  const { tenant, policy, channel, destination } = input;
  const risk =
    channel === "email" || policy.mode === "off"
      ? null
      : await assessSend(env, background, {
          tenantId: tenant.id,
          homeCountries: tenant.homeCountries,
          policy,
          flowId: input.flowId,
          channel,
          destination,
          ip: input.ip,
          requestCountry: input.requestCountry,
          methodRegisteredAt: input.methodRegisteredAt ?? null,
          captcha: () => captchaProof(env, input.flowId),
        });
  if (risk && !risk.send) {
    risk.settle("withheld");
    recordSms(env, background, { tenantId: tenant.id, policy, destination, event: "blocked" });
    return { ok: false, code: risk.refusal ?? "RISK_BLOCKED", risk: risk.summary };
  }
  const timed = input.now !== undefined ? { now: input.now } : {};
  const budget = await consumeSendBudgets(env, { tenantId: tenant.id, ...(input.userId ? { userId: input.userId } : {}), channel, destination, ip: input.ip, ...timed });
  if (!budget.ok) {
    risk?.settle("rate_limited");
    return { ok: false, code: budget.code, retryAfter: budget.retryAfter };
  }
  const message: SendCodeInput = {
    tenantId: tenant.id,
    tenantName: tenant.branding.name ?? tenant.displayName,
    flowId: input.challengeKey,
    channel,
    destination,
    locale: input.locale,
    ...(input.origin ? { origin: input.origin } : {}),
    ...timed,
  };
  const sent = await sendCode(env, background, message);
  risk?.settle(sent.ok ? "sent" : "failed");
  if (!sent.ok) return { ok: false, code: sent.code };
  if (channel !== "email") recordSms(env, background, { tenantId: tenant.id, policy, destination, event: "sent" });
  return { ok: true, resendAvailableAt: Date.parse(sent.value.resendAvailableAt), length: OTP_LENGTH_DEFAULT };
}

/** A code to a phone was verified: what conversion (and so the circuit breakers) is measured by. */
export function phoneVerified(
  env: Env,
  background: Background,
  input: { tenant: Tenant; policy: PhoneProtectionPolicy; destination: string; ip: string | null; country: string | null; methodRegisteredAt?: number | null },
): void {
  recordSms(env, background, { tenantId: input.tenant.id, policy: input.policy, destination: input.destination, event: "verified" });
  recordVerified(env, background, {
    tenantId: input.tenant.id,
    destination: input.destination,
    ip: input.ip,
    country: input.country,
    allowedCountries: allowedCountriesOf(input.policy, input.tenant.homeCountries),
    methodRegisteredAt: input.methodRegisteredAt ?? null,
  });
}

/**
 * What a user who has already proved who they are is told of a refused send: a throttle's code
 * as it is, and phone protection's or the spend cap's refusal as "this method is not available
 * now", so they pick another (the reasons stay in the audit log).
 */
export const refusalShown = (code: AuditReason): ErrorCode => (isErrorCode(code) ? code : "METHOD_NOT_AVAILABLE");
