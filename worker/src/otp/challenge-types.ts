import { z } from "zod";
import { DeliveryChannelSchema, type DeliveryChannel } from "#contract/admin/providers";
import {
  OTP_LENGTH_DEFAULT,
  OTP_LENGTH_MAX,
  OTP_LENGTH_MIN,
  OTP_TTL_SECONDS_DEFAULT,
  OTP_TTL_SECONDS_MAX,
  OTP_TTL_SECONDS_MIN,
} from "../limits";

/**
 * The CodeChallenge object's RPC contract: inputs are parsed with these schemas inside the object
 * (the edge is a caller like any other), and outcomes are discriminated unions.
 */

export const ChannelSchema = DeliveryChannelSchema;
export type Channel = DeliveryChannel;

const Destination = z.string().trim().min(3).max(254);
/** A fake time in ms; only accepted when SESAME_ENV is "test" (see lib/clock.ts). */
const FakeNow = z.number().int().nonnegative().optional();

export const IssueInputSchema = z.strictObject({
  tenantId: z.string().min(1).max(64),
  flowId: z.string().min(1).max(128),
  destination: Destination,
  channel: ChannelSchema,
  length: z.number().int().min(OTP_LENGTH_MIN).max(OTP_LENGTH_MAX).default(OTP_LENGTH_DEFAULT),
  ttlSeconds: z.number().int().min(OTP_TTL_SECONDS_MIN).max(OTP_TTL_SECONDS_MAX).default(OTP_TTL_SECONDS_DEFAULT),
  now: FakeNow,
});
export type IssueInput = z.input<typeof IssueInputSchema>;

export const VerifyInputSchema = z.strictObject({
  code: z.string().trim().max(32),
  destination: Destination,
  now: FakeNow,
});
export type VerifyInput = z.input<typeof VerifyInputSchema>;

export interface IssuedCode {
  /** The plain code, returned only so the caller can hand it to delivery. Never store or log it. */
  code: string;
  channel: Channel;
  expiresAt: string;
  /** When a resend will be accepted. */
  resendAvailableAt: string;
  /** Sends left on this flow after this one. */
  sendsLeft: number;
}

export type IssueResult =
  | { ok: true; value: IssuedCode }
  | { ok: false; code: "OTP_RESEND_TOO_SOON"; retryAfter: number }
  | { ok: false; code: "OTP_SEND_LIMIT" }
  | { ok: false; code: "OTP_ATTEMPTS_EXCEEDED" };

export type VerifyResult =
  | { ok: true; value: { channel: Channel; verifiedAt: string } }
  | { ok: false; code: "OTP_INVALID"; attemptsLeft: number }
  | { ok: false; code: "OTP_EXPIRED" | "OTP_ATTEMPTS_EXCEEDED" | "OTP_ALREADY_USED" | "OTP_NOT_FOUND" };

/** What the challenge tells about itself, for the flow and for tests; never the code or its MAC. */
export interface ChallengeStatus {
  exists: boolean;
  sends: number;
  failures: number;
  codeState: "none" | "active" | "used" | "expired";
  expiresAt: string | null;
}
