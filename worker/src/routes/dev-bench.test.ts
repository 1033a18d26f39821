import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, errorCode } from "../../test/api";
import { app } from "../app";
import type { Env } from "../env";

const as = (sesameEnv: Env["SESAME_ENV"], path: string) =>
  app.fetch(new Request(`http://sesame.test${path}`), { ...env, SESAME_ENV: sesameEnv } as Env, createExecutionContext());

describe("the benchmark's no-op routes", () => {
  it("exist in development: a no-op answer and a no-op Durable Object round trip", async () => {
    for (const path of ["/dev/bench/noop", "/dev/bench/noop-do"]) {
      const response = await as("development", path);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    }
  });

  it("do not exist in production or tests: 404 NOT_FOUND like any unknown path", async () => {
    for (const path of ["/dev/bench/noop", "/dev/bench/noop-do"]) {
      const production = await as("production", path);
      expect(production.status).toBe(404);
      expect(((await production.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
      const test = await call("GET", path);
      expect(test.status).toBe(404);
      expect(errorCode(test)).toBe("NOT_FOUND");
    }
  });
});
