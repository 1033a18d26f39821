import { z } from "zod";
import { RiskDecisionSchema, RiskReasonSchema } from "#contract/admin/phone-protection";
import type { BreakerVerdict } from "../breaker";

/**
 * RPC inputs and outputs of the RiskSignals object. `now` is a fake time, accepted only when
 * SESAME_ENV is "test" (lib/clock.ts), as the Throttle object does.
 */
const Now = z.number().int().nonnegative().optional();

/**
 * What a key counts distinct members of: keyed hashes of numbers and of client addresses, block
 * suffixes, countries, and the suffixes of numbers whose method was registered less than a day before.
 */
export const MemberKindSchema = z.enum(["num", "adr", "sfx", "cc", "new"]);
export type MemberKind = z.infer<typeof MemberKindSchema>;

const MembersSchema = z.array(z.strictObject({ kind: MemberKindSchema, value: z.string().min(1).max(64) })).max(4).default([]);
const BreakerKindSchema = z.enum(["range", "country"]);

/** One part of a key the call is about: "" the key itself, or a block of its range, a country of its tenant. */
const ScopeSchema = z.strictObject({
  scope: z.string().regex(/^[A-Za-z0-9]{0,32}$/).default(""),
  members: MembersSchema,
  /** Judge (on a read) or move on (on a write) this scope's conversion breaker. */
  breaker: BreakerKindSchema.optional(),
});
const ScopesSchema = z.array(ScopeSchema).min(1).max(3).default([{ scope: "", members: [] }]);

/**
 * A read: what the key knows, per scope, as if the attempt being judged (and its members) were
 * already counted. Reads write nothing: the flow's first screen asks before any number is known.
 * A send's decision asks with `attempt` (AttemptInput), which counts it in the same call.
 */
export const ObserveInputSchema = z.strictObject({
  now: Now,
  /** Count the attempt being judged in the answer (false: the flow's first screen, before any number). */
  attempt: z.boolean().default(false),
  scopes: ScopesSchema,
});
export type ObserveInput = z.input<typeof ObserveInputSchema>;

/**
 * A send being judged: what the key knows, per scope, with this attempt and its members counted,
 * and the attempt recorded before the object answers any other call. Sends that arrive together
 * (a burst) each see the ones before them; a decision never races its own record.
 */
export const AttemptInputSchema = z.strictObject({ now: Now, scopes: ScopesSchema });
export type AttemptInput = z.input<typeof AttemptInputSchema>;

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

/** A write: an attempt and its members, what came of it, and (for number keys) the decision. */
export const RecordInputSchema = z.strictObject({
  now: Now,
  attempt: z.boolean().default(false),
  scopes: ScopesSchema,
  /** What happened besides the attempt, in every scope. */
  event: z.enum(["sent", "verified", "reported"]).optional(),
  /** The decision behind this send, kept (under the first scope, the number's) for the explain API. */
  decision: DecisionRowSchema.optional(),
  /** With a verification: the country it came from, remembered as one this number is used from. */
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
  /** With a verification: the client address's scope (a keyed hash), remembered likewise. */
  address: z.string().regex(/^[A-Za-z0-9]{1,32}$/).optional(),
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
  /** Codes verified in the last hour: what a surge of requests is judged by. */
  verifiedHour: number;
  reported: number;
  /** Countries codes to this key were verified from (kept with its history, at most 10). */
  verifiedFrom: string[];
  /** Client addresses (their scopes, keyed hashes) codes to this key were verified from: the latest 10. */
  verifiedAddresses: string[];
  distinct: Record<MemberKind, { hour: number; day: number }>;
  breaker: BreakerVerdict | null;
}

export interface StoredDecision extends DecisionRow {
  time: number;
}

/** Distinct-member counts of a key with none yet: one entry per kind, so a new kind is never missed. */
export const noDistinct = (): Snapshot["distinct"] =>
  Object.fromEntries(MemberKindSchema.options.map((kind) => [kind, { hour: 0, day: 0 }])) as Snapshot["distinct"];
