import type { ErrorCode } from "#contract/errors";
import type { FlowUi } from "#contract/flows/envelope";
import { OTP_LENGTH_DEFAULT, OTP_MAX_FAILURES_PER_FLOW, OTP_MAX_SENDS_PER_FLOW, OTP_RESEND_INTERVAL_SECONDS } from "../../limits";

/**
 * The counters of a flow's code step, the same in every flow that sends codes: sends and wrong
 * codes are counted per flow (a resend never gives more guesses), with the OTP limits.
 */
export interface CodeCounters {
  sends: number;
  lastSendAt: number | null;
  failures: number;
}

export const noCodes: CodeCounters = { sends: 0, lastSendAt: null, failures: 0 };

const RESEND_AFTER_MS = OTP_RESEND_INTERVAL_SECONDS * 1000;

/** Why another code may not be sent yet, if it may not. */
export function sendRefusal(counters: CodeCounters, now: number): { code: ErrorCode; retryAfter?: number } | null {
  if (counters.sends >= OTP_MAX_SENDS_PER_FLOW) return { code: "OTP_SEND_LIMIT" };
  if (counters.lastSendAt !== null && now - counters.lastSendAt < RESEND_AFTER_MS) {
    return { code: "OTP_RESEND_TOO_SOON", retryAfter: Math.ceil((counters.lastSendAt + RESEND_AFTER_MS - now) / 1000) };
  }
  return null;
}

export const sent = (counters: CodeCounters, now: number): CodeCounters => ({ ...counters, sends: counters.sends + 1, lastSendAt: now });

export const attemptsSpent = (counters: CodeCounters): boolean => counters.failures >= OTP_MAX_FAILURES_PER_FLOW;

/** The code step's UI: channel, length, when a resend is possible, and guesses left. */
export function codeUi(counters: CodeCounters, channel: "sms" | "voice" | "email" | "totp"): NonNullable<FlowUi["code"]> {
  const totp = channel === "totp";
  const canResend = !totp && counters.sends < OTP_MAX_SENDS_PER_FLOW && counters.lastSendAt !== null;
  return {
    channel,
    length: totp ? 6 : OTP_LENGTH_DEFAULT,
    resendAvailableAt: canResend ? new Date(counters.lastSendAt! + RESEND_AFTER_MS).toISOString() : null,
    attemptsLeft: Math.max(OTP_MAX_FAILURES_PER_FLOW - counters.failures, 0),
  };
}
