import { Hono } from "hono";
import type { AppEnv } from "../env";

export const VERSION = "0.1.0";

export const health = new Hono<AppEnv>().get("/v1/health", (c) =>
  c.json({ status: "ok", version: VERSION, time: new Date().toISOString() }),
);
