import { Hono } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../http/api-error";

/** Objects the no-op round trip spreads over, as the hot paths spread over flows and accounts. */
export const BENCH_NOOP_OBJECTS = 64;

/**
 * The platform's own ceiling for `npm run bench` (scripts/bench): a route that does nothing and
 * one that makes a single no-op Durable Object call. They exist only when SESAME_ENV is
 * "development" (`npm start`, `wrangler dev` with `.dev.vars`); production and tests answer 404
 * exactly as for any unknown path, so nothing here is reachable once deployed.
 */
export const devBenchRoutes = new Hono<AppEnv>()
  .use("/dev/bench/*", async (c, next) => {
    if (c.env.SESAME_ENV !== "development") throw new ApiError("NOT_FOUND");
    await next();
  })
  .get("/dev/bench/noop", (c) => c.json({ ok: true }))
  .get("/dev/bench/noop-do", async (c) => {
    const n = Math.floor(Math.random() * BENCH_NOOP_OBJECTS);
    const stub = c.env.OUTBOX.get(c.env.OUTBOX.idFromName(`bench-noop-${n}`));
    return c.json({ ok: (await stub.ping()) === 1 });
  });
