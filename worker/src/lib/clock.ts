import type { Env } from "../env";

/**
 * The time a Durable Object acts at. Production always reads the real clock. Tests of limits
 * that last hours or days pass a fake `now`; only a worker whose SESAME_ENV is "test" accepts
 * one. Anywhere else a fake time is a bug and throws, so no request, flag or setting can move
 * production's clock. No route reads `now` from a request.
 *
 * @example
 * const now = clockNow(this.env, input.now); // Date.now() unless a test passed `now`
 */
export function clockNow(env: Pick<Env, "SESAME_ENV">, fake?: number): number {
  if (fake === undefined) return Date.now();
  if (env.SESAME_ENV !== "test") throw new FakeClockRefused();
  return fake;
}

export class FakeClockRefused extends Error {
  constructor() {
    super("A fake clock is accepted only when SESAME_ENV is \"test\".");
    this.name = "FakeClockRefused";
  }
}
