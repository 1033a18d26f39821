// @ts-check
/**
 * A tenant's webhook receiver on 127.0.0.1, for the worker tests of webhook delivery: real HTTP
 * from workerd to here. Each test uses its own receiver name, so parallel test files stay apart.
 *
 *   POST /hooks/:name                 records the delivery; answers 503 for the first `failFirst`, then 204
 *   POST /_config/:name { failFirst } how many deliveries to refuse before accepting
 *   GET  /_received/:name             every delivery that arrived: { headers, body, status }
 */
import { createServer } from "node:http";

/** @type {Map<string, { failFirst: number, received: { headers: Record<string, string>, body: string, status: number, at: number }[] }>} */
const receivers = new Map();
const receiver = (/** @type {string} */ name) => {
  let found = receivers.get(name);
  if (!found) receivers.set(name, (found = { failFirst: 0, received: [] }));
  return found;
};

const server = createServer((req, res) => {
  const chunks = /** @type {Buffer[]} */ ([]);
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [, kind, name] = url.pathname.split("/");
    if (!name) return res.writeHead(404).end();
    const r = receiver(decodeURIComponent(name));
    if (kind === "_config" && req.method === "POST") {
      r.failFirst = Number(JSON.parse(body).failFirst ?? 0);
      return res.writeHead(204).end();
    }
    if (kind === "_received" && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify(r.received));
    }
    if (kind === "hooks" && req.method === "POST") {
      const status = r.received.length < r.failFirst ? 503 : 204;
      r.received.push({ headers: /** @type {Record<string, string>} */ (req.headers), body, status, at: Date.now() });
      return res.writeHead(status).end();
    }
    res.writeHead(404).end();
  });
});

/** @param {{ provide: (key: string, value: unknown) => void }} project */
export default async function setup(project) {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("webhook receiver did not start");
  project.provide("webhookReceiverPort", address.port);
  return () => new Promise((resolve) => server.close(() => resolve(undefined)));
}
