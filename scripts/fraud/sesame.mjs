// @ts-check
/**
 * The real worker in local workerd for the fraud simulator, through wrangler's test harness
 * (Miniflare underneath): every request carries the trace's client address, its country as
 * `request.cf.country`, and the trace's time in `x-sesame-sim-time`. The simulator clock only
 * works because the harness runs the worker with SESAME_ENV=development and SESAME_SIM_CLOCK=on;
 * a deployment from wrangler.toml is production and ignores the header (lib/sim-clock.ts).
 */
import { randomBytes } from "node:crypto";
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { createTestHarness } from "wrangler";

/** Starts the worker; `close()` stops it and drops its state (the harness keeps none on disk). */
export async function startSesame() {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  process.env.WRANGLER_SEND_METRICS = "false";
  const bootstrap = randomBytes(24).toString("base64url");
  const server = createTestHarness({
    workers: [
      {
        configPath: "./wrangler.toml",
        vars: { SESAME_ENV: "development", SESAME_SIM_CLOCK: "on" },
        secrets: { SESAME_BOOTSTRAP_SECRET: bootstrap, OTP_HMAC_SECRET: randomBytes(36).toString("base64url") },
      },
    ],
  });
  await server.listen();
  // The server's own dispatch is the quickest way in; it takes `cf` per request like Miniflare's dispatchFetch.

  /**
   * One request as a client at `at` (ms) would make it.
   * @param {string} method @param {string} path
   * @param {{ at: number, token?: string, body?: unknown, ip?: string, country?: string | null, origin?: string }} options
   */
  async function call(method, path, options) {
    /** @type {Record<string, string>} */
    const headers = { "x-sesame-sim-time": String(Math.round(options.at)) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.ip) headers["cf-connecting-ip"] = options.ip;
    if (options.origin) headers.origin = options.origin;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const started = performance.now();
    const response = await server.fetch(`http://sesame.test${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cf: options.country ? { country: options.country } : {},
    });
    const text = await response.text();
    const ms = performance.now() - started;
    const route = `${method} ${path.replace(/\?.*$/, "").replace(/\/flows\/(?!reset$|unlock$)[^/]+/, "/flows/:id").replace(/\/users\/[^/]+/, "/users/:id")}`;
    const spent = profile.get(route) ?? { calls: 0, ms: 0 };
    spent.calls++;
    spent.ms += ms;
    profile.set(route, spent);
    const retryAfter = Number(response.headers.get("retry-after")) || null;
    return { status: response.status, json: text ? JSON.parse(text) : null, ms, retryAfter };
  }

  /** Time spent per route (sum of request times, so concurrent requests overlap): where a replay's time goes. */
  const profile = new Map();
  return { call, bootstrap, profile, close: () => server.close() };
}

/** Solves a flow's ALTCHA challenge as the widget (or a bot) would. */
export async function solveAltcha(challenge) {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error("ALTCHA challenge not solved");
  return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
}

/** A number with one digit changed: what a typo confirms. */
export function typo(phone) {
  const last = Number(phone.at(-1));
  return `${phone.slice(0, -1)}${(last + 1) % 10}`;
}
