import autocannon from "autocannon";
import { Agent, request as httpRequest } from "node:http";

/** One row of BENCHMARKS.md: what ran, how fast, how slow at the tail, and whether it all worked. */
export interface Figures {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Answers that were not the expected status (throttled, refused, 5xx): must be 0 for a fair row. */
  unexpected: number;
  /** CPU of the workerd processes per request (background work of the row included), when measured. */
  cpuMs?: number;
  note?: string;
}

export interface Shot {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Fires `shots` (one request each, in order, each used once) at `connections` concurrent
 * keep-alive connections with autocannon, and measures throughput and latency. A shot may only
 * be prepared by an earlier step, so every request does real work (a new flow, a first send, a
 * right code), never a repeat the worker can refuse cheaply.
 */
export async function fire(
  name: string,
  api: string,
  shots: Shot[],
  options: { connections?: number; expect?: number; onBody?: (index: number, status: number, body: string) => void } = {},
): Promise<Figures> {
  let next = 0;
  let unexpected = 0;
  const expected = options.expect ?? 200;
  const result = await autocannon({
    url: api,
    connections: Math.min(options.connections ?? 50, shots.length),
    amount: shots.length,
    timeout: 30,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>, context: Record<string, unknown>) => {
          const index = next++;
          const shot = shots[index % shots.length]!;
          context.index = index;
          return { ...request, method: shot.method, path: shot.path, headers: { "content-type": "application/json", ...shot.headers }, body: shot.body };
        },
        onResponse: (status: number, body: string, context: Record<string, unknown>) => {
          if (status !== expected) unexpected++;
          options.onBody?.(context.index as number, status, body);
        },
      },
    ],
  } as unknown as autocannon.Options);
  return {
    name,
    requests: result.requests.total,
    rps: Math.round(result.requests.total / (result.duration || 1)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    unexpected: unexpected + result.errors + result.timeouts,
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/**
 * A closed loop of `connections` workers, each running `journey` (several requests, e.g. a whole
 * SMS sign-in) until `count` journeys are done; for paths autocannon cannot script because a step
 * waits for something outside HTTP (the code reaching the SMS gateway). Measures each request and
 * each journey.
 */
export async function journeys(
  count: number,
  connections: number,
  journey: (index: number, request: (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; json: any }>) => Promise<boolean>,
) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const requestTimes: number[] = [];
  const journeyTimes: number[] = [];
  let failed = 0;
  let next = 0;
  const request = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const started = performance.now();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const outgoing = httpRequest(url, { method, agent, headers: { "content-type": "application/json", ...headers } }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
        response.on("error", reject);
      });
      outgoing.on("error", reject);
      outgoing.end(payload);
    });
    requestTimes.push(performance.now() - started);
    return { status, json: text ? JSON.parse(text) : null };
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count) {
        const index = next++;
        const began = performance.now();
        const ok = await journey(index, request).catch(() => false);
        if (ok) journeyTimes.push(performance.now() - began);
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  requestTimes.sort((a, b) => a - b);
  journeyTimes.sort((a, b) => a - b);
  return {
    seconds,
    failed,
    requests: requestTimes.length,
    rps: Math.round(requestTimes.length / seconds),
    journeysPerSecond: Math.round((journeyTimes.length / seconds) * 10) / 10,
    requestP50: Math.round(percentile(requestTimes, 50)),
    requestP99: Math.round(percentile(requestTimes, 99)),
    journeyP50: Math.round(percentile(journeyTimes, 50)),
    journeyP99: Math.round(percentile(journeyTimes, 99)),
  };
}
