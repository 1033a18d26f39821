import type { ThrottleRuleName, ThrottleRuleSpec } from "../limits";
import { iso } from "../lib/sql";
import { objectLimit } from "./algorithm";

/** "1 h", "10 min", "24 h": how the README's table says a window. */
export function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/**
 * The readable reason of a refusal, for the audit log and the admin (never for the end user):
 * which rule, its limit, whether the wait escalated, and when it lifts. It names no key, since
 * keys are phone numbers, addresses and IPs.
 *
 * @example
 * refusalReason("sendsPerIp", spec, { liftsAt, strikes: 2 })
 * // "sendsPerIp: at most 20 codes requested from one IP address or IPv6 /64 per 1 h; escalated wait 2; lifts at 2026-…Z"
 */
export function refusalReason(
  rule: ThrottleRuleName,
  spec: ThrottleRuleSpec,
  refusal: { liftsAt: number; strikes: number },
): string {
  const shards = spec.shards ? ` (${objectLimit(spec)} in each of ${spec.shards} shards)` : "";
  // A single penalty is a plain block (as the failure cap's 24 h); only a ladder escalates.
  const ladder = (spec.penaltySeconds?.length ?? 0) > 1;
  const escalated = ladder && refusal.strikes > 0 ? `; escalated wait ${refusal.strikes}` : "";
  return `${rule}: at most ${spec.limit} ${spec.counts} per ${duration(spec.windowSeconds)}${shards}${escalated}; lifts at ${iso(refusal.liftsAt)}`;
}
