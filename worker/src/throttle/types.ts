import { z } from "zod";
import { THROTTLE_RULES, type ThrottleRuleName } from "../limits";

export const RuleNameSchema = z.enum(Object.keys(THROTTLE_RULES) as [ThrottleRuleName, ...ThrottleRuleName[]]);

/** What a caller asks of one key's budget. `now` is a fake time, accepted only in tests (lib/clock.ts). */
export const ThrottleInputSchema = z.strictObject({
  rule: RuleNameSchema,
  cost: z.number().int().min(1).max(100).default(1),
  now: z.number().int().nonnegative().optional(),
});
export type ThrottleInput = z.input<typeof ThrottleInputSchema>;

/** RPC input of a Throttle bucket: the same, for one key (a keyed hash, see consume.ts). */
export const ThrottleCallSchema = ThrottleInputSchema.extend({ key: z.string().regex(/^[0-9a-f]{32}$/) });
export type ThrottleCall = z.input<typeof ThrottleCallSchema>;

/**
 * What the edge learns from a throttle. `reason` says which limit and when it lifts, for the
 * audit log and the admin; the end user is shown only RATE_LIMITED and `retryAfter` (seconds).
 */
export type ThrottleDecision =
  | { ok: true; remaining: number }
  | { ok: false; code: "RATE_LIMITED"; retryAfter: number; reason: string };

export interface BlockStatus {
  blocked: boolean;
  /** Seconds until the block lifts; 0 when not blocked. */
  retryAfter: number;
  reason: string | null;
}
