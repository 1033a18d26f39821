import type { ThrottleRuleSpec } from "../limits";

/**
 * The arithmetic of a throttle, free of storage and clocks so it can be tested alone. Every
 * function takes the time it acts at and returns a new state.
 */
export interface ThrottleState {
  /** Window: events counted in the current window. Bucket: tokens in use; drains over time. */
  used: number;
  /** Window: when the current window opened. Bucket: when `used` was last brought up to date. */
  since: number;
  /** Refused until then (an escalating wait or a failure block); 0 when never blocked. */
  blockedUntil: number;
  /** Trips in the current streak; the next trip's wait is `penaltySeconds[strikes]`. */
  strikes: number;
}

export const freshState = (now: number): ThrottleState => ({ used: 0, since: now, blockedUntil: 0, strikes: 0 });

/** The limit one object enforces: a sharded rule's limit is split between its shards. */
export const objectLimit = (spec: ThrottleRuleSpec): number => Math.ceil(spec.limit / (spec.shards ?? 1));

const windowMs = (spec: ThrottleRuleSpec): number => spec.windowSeconds * 1000;
/** Bucket tokens regained per millisecond. */
const drainRate = (spec: ThrottleRuleSpec): number => objectLimit(spec) / windowMs(spec);

/** The state as it stands at `now`: an ended window restarts, a bucket drains, old strikes fade. */
export function advance(spec: ThrottleRuleSpec, state: ThrottleState, now: number): ThrottleState {
  const next = { ...state };
  if (spec.algorithm === "window") {
    if (now >= next.since + windowMs(spec)) Object.assign(next, { used: 0, since: now });
  } else {
    next.used = Math.max(0, next.used - Math.max(0, now - next.since) * drainRate(spec));
    next.since = now;
  }
  // A whole quiet window after the last block lifted forgives the streak.
  if (next.blockedUntil > 0 && now >= next.blockedUntil + windowMs(spec)) Object.assign(next, { blockedUntil: 0, strikes: 0 });
  return next;
}

export type Outcome =
  | { ok: true; state: ThrottleState; remaining: number }
  | { ok: false; state: ThrottleState; liftsAt: number; escalated: boolean };

/** Blocks the key: the streak's next escalating wait, or the natural wait if that is longer. */
function trip(spec: ThrottleRuleSpec, state: ThrottleState, now: number, naturalLift: number): Outcome {
  const penalties = spec.penaltySeconds ?? [];
  if (penalties.length === 0) return { ok: false, state, liftsAt: naturalLift, escalated: false };
  const strikes = state.strikes + 1;
  const penalty = penalties[Math.min(strikes, penalties.length) - 1]! * 1000;
  const liftsAt = Math.max(naturalLift, now + penalty);
  return { ok: false, state: { ...state, strikes, blockedUntil: liftsAt }, liftsAt, escalated: true };
}

/**
 * Takes `cost` from the key's budget if it has that much left. While a key is blocked its
 * refusals do not extend the block, so the time it lifts stays what the first refusal said.
 *
 * @example
 * const outcome = take(THROTTLE_RULES.sendsPerIp, state, Date.now());
 * if (!outcome.ok) retryAfter = outcome.liftsAt - Date.now();
 */
export function take(spec: ThrottleRuleSpec, state: ThrottleState, now: number, cost = 1): Outcome {
  const current = advance(spec, state, now);
  if (now < current.blockedUntil) return { ok: false, state: current, liftsAt: current.blockedUntil, escalated: true };
  const limit = objectLimit(spec);
  if (current.used + cost <= limit) {
    const used = current.used + cost;
    return { ok: true, state: { ...current, used }, remaining: Math.floor(limit - used + 1e-9) };
  }
  const naturalLift =
    spec.algorithm === "window"
      ? current.since + windowMs(spec)
      : now + Math.ceil((current.used + cost - limit) / drainRate(spec));
  return trip(spec, current, now, naturalLift);
}

/**
 * Counts one event that is not asked for but happens, such as a wrong code. When the count
 * reaches the limit the key trips at once: the limit-th failure is what blocks.
 */
export function count(spec: ThrottleRuleSpec, state: ThrottleState, now: number): Outcome {
  const current = advance(spec, state, now);
  if (now < current.blockedUntil) {
    return { ok: false, state: { ...current, used: current.used + 1 }, liftsAt: current.blockedUntil, escalated: true };
  }
  const counted = { ...current, used: current.used + 1 };
  if (counted.used < objectLimit(spec)) return { ok: true, state: counted, remaining: objectLimit(spec) - counted.used };
  return trip(spec, { ...counted, used: 0, since: now }, now, now);
}

/** Whether the key is refused now and until when, without spending anything. */
export function peek(spec: ThrottleRuleSpec, state: ThrottleState, now: number): { blocked: boolean; liftsAt: number } {
  const current = advance(spec, state, now);
  return { blocked: now < current.blockedUntil, liftsAt: current.blockedUntil };
}

/** When this state will be indistinguishable from a fresh one, so its storage can be dropped. */
export function idleAt(spec: ThrottleRuleSpec, state: ThrottleState): number {
  const drained = spec.algorithm === "window" ? state.since + windowMs(spec) : state.since + Math.ceil(state.used / drainRate(spec));
  const forgiven = state.blockedUntil > 0 ? state.blockedUntil + windowMs(spec) : 0;
  return Math.max(drained, forgiven);
}
