// @ts-check
/**
 * Fake SMS, voice and email providers on 127.0.0.1, started by vitest's globalSetup for the
 * worker project. The worker under test (in workerd) sends real HTTP requests here; tests read
 * back what arrived through `/_requests` and choose how a provider behaves for one destination
 * through `/_scenario`. Keying both by destination keeps test files that run in parallel apart.
 *
 * Routes (each provider under its own prefix, so its base URL var points at the prefix):
 *   POST /twilio/2010-04-01/Accounts/:sid/Messages.json   (form)  Twilio SMS
 *   POST /twilio/2010-04-01/Accounts/:sid/Calls.json      (form)  Twilio voice (TwiML)
 *   POST /vonage/sms/json                                 (json)  Vonage SMS API
 *   POST /resend/emails                                   (json)  Resend
 *   POST /webhook/sms, /webhook/email                     (json)  Standard Webhooks receiver
 *   POST /turnstile/siteverify                          (form)  Cloudflare Turnstile: a token
 *        `pass:<cdata>` passes once (then timeout-or-duplicate), anything else fails; the
 *        secret must be `test-turnstile-secret`
 *   POST /risk/assess?score=N&hang=1&status=N           (json)  an external fraud provider
 *   POST /_scenario { destination, fail?: string[], hang?: string[] }
 *   GET  /_requests?destination=...
 */
import { createServer } from "node:http";

/** @typedef {{ provider: string, method: string, path: string, headers: Record<string, string>, body: string, destination: string, at: number }} Recorded */

/** @type {Recorded[]} */
const recorded = [];
/** @type {Map<string, { fail: string[], hang: string[] }>} */
const scenarios = new Map();
/** @type {Set<import("node:http").ServerResponse>} */
const hanging = new Set();

/** Turnstile tokens already redeemed: siteverify answers a second use with timeout-or-duplicate. */
const redeemed = new Set();
/** @type {string[]} Bodies the fake fraud provider received. */
const riskQueries = [];

/** @param {import("node:http").ServerResponse} res @param {string} body */
function siteverify(res, body) {
  const form = new URLSearchParams(body);
  const token = form.get("response") ?? "";
  if (form.get("secret") !== "test-turnstile-secret") return json(res, 200, { success: false, "error-codes": ["invalid-input-secret"] });
  if (redeemed.has(token)) return json(res, 200, { success: false, "error-codes": ["timeout-or-duplicate"] });
  if (!token.startsWith("pass:")) return json(res, 200, { success: false, "error-codes": ["invalid-input-response"] });
  redeemed.add(token);
  return json(res, 200, { success: true, "error-codes": [], action: "sesame-flow", cdata: token.slice(5), hostname: "partner.example" });
}

/** @param {string} provider @param {string} contentType @param {string} body */
function destinationOf(provider, contentType, body) {
  try {
    if (contentType.includes("application/x-www-form-urlencoded")) return new URLSearchParams(body).get("To") ?? "";
    const json = JSON.parse(body);
    if (provider === "vonage") return `+${json.to}`;
    if (provider === "resend") return Array.isArray(json.to) ? json.to[0] : json.to;
    if (provider === "webhook") return json.data?.destination ?? "";
  } catch {
    // An unparsable body is recorded with no destination; the test that sent it will notice.
  }
  return "";
}

/** @param {string} path */
function providerOf(path) {
  if (/^\/twilio\/2010-04-01\/Accounts\/[^/]+\/(Messages|Calls)\.json$/.test(path)) return "twilio";
  if (path === "/vonage/sms/json") return "vonage";
  if (path === "/resend/emails") return "resend";
  if (path === "/webhook/sms" || path === "/webhook/email") return "webhook";
  return null;
}

/** @param {import("node:http").ServerResponse} res @param {number} status @param {unknown} body */
function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** @param {string} provider @param {string} path */
function success(provider, path) {
  const id = Math.random().toString(36).slice(2, 12);
  if (provider === "twilio") return [201, { sid: `${path.includes("Calls") ? "CA" : "SM"}${id}`, status: "queued" }];
  if (provider === "vonage") return [200, { "message-count": "1", messages: [{ status: "0", "message-id": id }] }];
  if (provider === "resend") return [200, { id }];
  return [204, null];
}

/** @param {string} provider */
function failure(provider) {
  if (provider === "twilio") return [500, { code: 20500, message: "Internal Server Error", status: 500 }];
  // Vonage reports most errors with HTTP 200 and a non-zero status.
  if (provider === "vonage") return [200, { "message-count": "1", messages: [{ status: "5", "error-text": "Internal Error" }] }];
  return [503, { message: "unavailable" }];
}

const server = createServer((req, res) => {
  const chunks = /** @type {Buffer[]} */ ([]);
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/turnstile/siteverify" && req.method === "POST") return siteverify(res, body);
    if (url.pathname === "/risk/assess" && req.method === "POST") {
      riskQueries.push(body);
      if (url.searchParams.get("hang")) {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      const status = Number(url.searchParams.get("status") ?? 200);
      return json(res, status, { score: Number(url.searchParams.get("score") ?? 0) });
    }
    if (url.pathname === "/_risk" && req.method === "GET") return json(res, 200, riskQueries.map((q) => JSON.parse(q)));
    if (url.pathname === "/_scenario" && req.method === "POST") {
      const { destination, fail = [], hang = [] } = JSON.parse(body);
      scenarios.set(destination, { fail, hang });
      return json(res, 204, null);
    }
    if (url.pathname === "/_requests" && req.method === "GET") {
      const destination = url.searchParams.get("destination");
      return json(res, 200, recorded.filter((r) => r.destination === destination));
    }
    const provider = providerOf(url.pathname);
    if (!provider || req.method !== "POST") return json(res, 404, { message: "no such fake route" });
    const headers = /** @type {Record<string, string>} */ ({});
    for (const [name, value] of Object.entries(req.headers)) headers[name] = String(value);
    const destination = destinationOf(provider, headers["content-type"] ?? "", body);
    recorded.push({ provider, method: req.method, path: url.pathname, headers, body, destination, at: Date.now() });
    const scenario = scenarios.get(destination);
    if (scenario?.hang.includes(provider)) {
      // Never answers: the worker's per-attempt timeout must give up on its own.
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    const [status, answer] = scenario?.fail.includes(provider) ? failure(provider) : success(provider, url.pathname);
    if (status === 204) {
      res.writeHead(204);
      return res.end();
    }
    return json(res, /** @type {number} */ (status), answer);
  });
});

/**
 * vitest globalSetup: starts the fakes, provides their port to the worker project's config and
 * tests, and stops them when the run ends.
 * @param {{ provide: (key: string, value: unknown) => void }} project
 */
export default async function setup(project) {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fake providers did not start");
  project.provide("fakeProvidersPort", address.port);
  return async () => {
    for (const res of hanging) res.destroy();
    await new Promise((resolve) => server.close(() => resolve(undefined)));
  };
}
