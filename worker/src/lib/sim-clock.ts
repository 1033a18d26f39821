import type { Env } from "../env";
import { log } from "../http/log";

/**
 * The fraud simulator's clock (scripts/bench-fraud.mjs): days of traffic replayed in minutes,
 * with every window, expiry and throttle of the real worker seeing trace time. A request may
 * carry `x-sesame-sim-time` (ms since the epoch) and this isolate's `Date.now` then reads that
 * time plus the wall time since. It only moves forward, so requests the simulator sends at once
 * never take the clock back. Locally the worker and its Durable Objects share one isolate, so
 * they all see the same clock.
 *
 * It cannot be switched on in production: it needs SESAME_ENV to be "development" or "test"
 * (wrangler.toml says "production", and only `.dev.vars` or a test config says otherwise) AND
 * SESAME_SIM_CLOCK to be "on", which nothing but the simulator sets. Anywhere else the header is
 * ignored and logged, and `Date.now` is never touched.
 */
export const SIM_TIME_HEADER = "x-sesame-sim-time";

const wallNow = Date.now.bind(Date);
let offset = 0;
let installed = false;

export function simClockAllowed(env: Pick<Env, "SESAME_ENV" | "SESAME_SIM_CLOCK">): boolean {
  return (env.SESAME_ENV === "development" || env.SESAME_ENV === "test") && env.SESAME_SIM_CLOCK === "on";
}

/**
 * Moves the isolate's clock to the request's simulated time, where allowed.
 *
 * @example
 * applySimClock(env, request); // first thing in the fetch handler
 */
export function applySimClock(env: Pick<Env, "SESAME_ENV" | "SESAME_SIM_CLOCK">, request: Request): boolean {
  const value = request.headers.get(SIM_TIME_HEADER);
  if (value === null) return false;
  if (!simClockAllowed(env)) {
    log("warn", "sim-clock.refused", { env: env.SESAME_ENV });
    return false;
  }
  const target = Number(value);
  if (!Number.isSafeInteger(target) || target <= 0) return false;
  if (!installed) {
    Date.now = () => wallNow() + offset;
    installed = true;
  }
  offset = Math.max(offset, target - wallNow());
  return true;
}

/** Puts the real clock back (tests of the clock itself). */
export function resetSimClock(): void {
  offset = 0;
  if (installed) Date.now = wallNow;
  installed = false;
}
