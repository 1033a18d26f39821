/** The first reconnect waits about this long; each failure doubles it, up to the cap. */
export const RECONNECT_BASE_MS = 500;
export const RECONNECT_CAP_MS = 30_000;

/**
 * How long to wait before reconnect attempt `attempt` (0 for the first): exponential backoff
 * with "equal jitter" (half fixed, half random), so a fleet of agents cut off together does not
 * come back in lockstep, yet the first retry after a blip is quick.
 *
 * @example
 * reconnectDelay(0, () => 0.5) // 375
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
