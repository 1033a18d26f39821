import type { AlertKind } from "#contract/admin/alerts";
import { ALERT_BASELINE_HOURS, ALERT_RULES } from "../limits";

export const HOUR_MS = 3_600_000;
export const hourOf = (time: number) => Math.floor(time / HOUR_MS) * HOUR_MS;

export interface Spike {
  count: number;
  baseline: number;
}

/**
 * Whether `count` in the current hour is a spike over `previous` (the counts of the hours before,
 * missing hours being zero): at least the rule's minimum (its share, over `shards` counters) and
 * `factor` times the mean. Checked as each event is counted, so it fires once, the moment the
 * threshold is crossed, and never again in that hour.
 *
 * @example
 * spikeAt("reset_spike", 5, [0, 1, 0], 4) // { count: 5, baseline: 0.04… } (5 ≥ 20/4 and ≥ 5 × mean)
 */
export function spikeAt(kind: AlertKind, count: number, previous: readonly number[], shards: number): Spike | null {
  const rule = ALERT_RULES[kind];
  const baseline = previous.reduce((sum, n) => sum + n, 0) / ALERT_BASELINE_HOURS;
  const threshold = Math.max(Math.ceil(rule.minCount / shards), Math.ceil(rule.factor * baseline));
  return count === threshold ? { count, baseline } : null;
}
