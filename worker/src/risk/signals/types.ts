import { z } from "zod";
import { RiskDecisionSchema, RiskReasonSchema } from "#contract/admin/phone-protection";
import type { BreakerVerdict } from "../breaker";

/**
 * RPC inputs and outputs of the RiskSignals object. `now` is a fake time, accepted only when
 * SESAME_ENV is "test" (lib/clock.ts), as the Throttle object does.
 */
const Now = z.number().int().nonnegative().optional();

/** What a key counts distinct members of: keyed hashes of numbers, block suffixes, countries. */
export const MemberKindSchema = z.enum(["num", "sfx", "cc"]);
export type MemberKind = z.infer<typeof MemberKindSchema>;

export const ObserveInputSchema = z.strictObject({
  now: Now,
  /** Count this call as a send attempt (false: only read the signals, as the flow's first screen does). */
  attempt: z.boolean().default(false),
  members: z.array(z.strictObject({ kind: MemberKindSchema, value: z.string().min(1).max(64) })).max(4).default([]),
  /** Judge this key's conversion breaker: a prefix range's, or a tenant country shard's. */
  breaker: z.enum(["range", "country"]).optional(),
});
export type ObserveInput = z.input<typeof ObserveInputSchema>;

export const DecisionRowSchema = z.strictObject({
  id: z.string().regex(/^rsk_[A-Za-z0-9_-]{8,40}$/),
  tenantId: z.string().min(1).max(64),
  flowId: z.string().max(80).nullable(),
  channel: z.enum(["sms", "voice"]),
  score: z.number().int().min(0).max(100),
  decision: RiskDecisionSchema,
  enforced: z.boolean(),
  outcome: z.enum(["sent", "withheld", "rate_limited", "failed"]),
  signals: z.array(z.strictObject({ reason: RiskReasonSchema, points: z.number().int().min(-100).max(100) })).max(40),
  ms: z.number().min(0).max(60_000),
});
export type DecisionRow = z.infer<typeof DecisionRowSchema>;

export const RecordInputSchema = z.strictObject({
  now: Now,
  /** What happened; absent when only a decision is kept (a refused send). */
  event: z.enum(["sent", "verified", "reported"]).optional(),
  /** For number keys: the decision behind this send, kept for the explain API. */
  decision: DecisionRowSchema.optional(),
  breaker: z.enum(["range", "country"]).optional(),
});
export type RecordInput = z.input<typeof RecordInputSchema>;

export interface Windowed {
  short: number;
  hour: number;
  day: number;
}

/** Everything one key knows, counted after the attempt it was asked about. */
export interface Snapshot {
  /** When the key was first seen, before this call; null when this call is the first. */
  firstSeen: number | null;
  attempts: Windowed;
  /** Attempts per hour over the day, the last hour left out: what a spike is measured against. */
  hourlyMean: number;
  sent: { day: number; ever: number };
  verified: { day: number; ever: number };
  reported: number;
  distinct: Record<MemberKind, { hour: number; day: number }>;
  breaker: BreakerVerdict | null;
}

export interface StoredDecision extends DecisionRow {
  time: number;
}
