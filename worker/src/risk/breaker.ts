/**
 * A conversion circuit breaker, free of storage and clocks so it can be tested alone. Pumped
 * numbers never type their code in: when a range's codes are sent often and verified rarely, the
 * breaker opens and sends to the range stop. After a cooldown it lets a few probe sends through
 * (half-open); one verified probe closes it, probes that stay unverified open it again, for four
 * times as long each time (up to a day), so a slow attack cannot live on probes.
 */
export interface BreakerSpec {
  /** Sends (since the breaker last closed, within the day) before conversion is judged. */
  minSends: number;
  /** Verified ÷ sent under this opens the breaker. */
  minConversion: number;
  /** The first cooldown; each reopening without a verified probe makes it four times longer, up to `maxCooldownMs`. */
  cooldownMs: number;
  maxCooldownMs: number;
  probes: number;
  /** How long probes get to be verified before the breaker opens again. */
  probeWindowMs: number;
}

export interface BreakerState {
  phase: "closed" | "open" | "half_open";
  /** When the phase began. */
  since: number;
  probesLeft: number;
  lastProbeAt: number | null;
  /** Sends and verifications before this are not judged (they led to the last trip). */
  statsFrom: number;
  /** Times it opened since it last closed. */
  trips: number;
}

export type BreakerVerdict = "closed" | "open" | "probe";

export const closedBreaker = (now: number): BreakerState => ({ phase: "closed", since: now, probesLeft: 0, lastProbeAt: null, statsFrom: now, trips: 0 });

const cooldown = (spec: BreakerSpec, state: BreakerState) => Math.min(spec.cooldownMs * 4 ** Math.max(0, state.trips - 1), spec.maxCooldownMs);
const open = (state: BreakerState, now: number): BreakerState => ({ ...state, phase: "open", since: now, trips: state.trips + 1 });

/** Scales a tenant-wide breaker to one of its shards, as sharded throttles split their limits. */
export const shardSpec = (spec: BreakerSpec, shards: number): BreakerSpec => ({ ...spec, minSends: Math.ceil(spec.minSends / shards) });

/**
 * Judges one send attempt. `stats` are the sends and verifications counted since `statsFrom`.
 *
 * @example
 * const { state: next, verdict } = onAttempt(RANGE_BREAKER, state, { sent: 12, verified: 0 }, now); // "open"
 */
export function onAttempt(
  spec: BreakerSpec,
  state: BreakerState,
  stats: { sent: number; verified: number },
  now: number,
): { state: BreakerState; verdict: BreakerVerdict } {
  switch (state.phase) {
    case "closed": {
      const lowConversion = stats.sent >= spec.minSends && stats.verified / stats.sent < spec.minConversion;
      if (!lowConversion) return { state, verdict: "closed" };
      return { state: open(state, now), verdict: "open" };
    }
    case "open": {
      if (now < state.since + cooldown(spec, state)) return { state, verdict: "open" };
      return onAttempt(spec, { ...state, phase: "half_open", since: now, probesLeft: spec.probes, lastProbeAt: null }, stats, now);
    }
    case "half_open": {
      if (state.probesLeft > 0) return { state: { ...state, probesLeft: state.probesLeft - 1, lastProbeAt: now }, verdict: "probe" };
      const lastProbe = state.lastProbeAt ?? state.since;
      if (now >= lastProbe + spec.probeWindowMs) return { state: open(state, now), verdict: "open" };
      return { state, verdict: "open" };
    }
  }
}

/** A code sent to the range was verified: a probe that converts closes the breaker afresh. */
export function onVerified(state: BreakerState, now: number): BreakerState {
  return state.phase === "half_open" ? closedBreaker(now) : state;
}
