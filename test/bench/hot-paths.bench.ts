// `npm run bench`: Sesame's hot paths against the platform's own ceiling, in one run on this
// machine. The real worker runs in local workerd (wrangler dev, development mode, fresh state),
// SMS goes through the "bring your own gateway" webhook to a local gateway, and autocannon drives
// 50 keep-alive connections. Then the widget's figures (bench:widget). Writes BENCHMARKS.md and
// ends with one machine-readable line. Not a test: figures depend on the machine and its load.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fire, journeys, type Figures, type Shot } from "./load.ts";
import { startCodeGateway, startLocalWorker } from "../support/local-worker.ts";
import { seedBench, type BenchAccount } from "./seed.ts";
import { captchaToken } from "../support/sesame-client.ts";

const CONNECTIONS = 50;
const P99_GOAL_MS = 25;
const TENANTS = Number(process.env.BENCH_TENANTS ?? 20);
// Each account gets one reset code and one sign-in code: at most 45 a tenant keeps under the
// tenant's 100-per-calling-code send budget (limits.ts), so no row is shaped by a throttle.
const USERS_PER_TENANT = Math.min(45, Number(process.env.BENCH_USERS ?? 25));
const NOOP_REQUESTS = Number(process.env.BENCH_NOOP_REQUESTS ?? 3000);
const ONE_TENANT_REQUESTS = Number(process.env.BENCH_ONE_TENANT_REQUESTS ?? 500);

const loadBefore = loadavg();
const gateway = await startCodeGateway();
const worker = await startLocalWorker({ gateway });
const { api } = worker;
const rows: Figures[] = [];
/** Runs a row and adds the workerd CPU each of its requests cost (robust to what else the machine runs). */
async function measured<T extends { requests: number }>(run: () => Promise<T>): Promise<T & { cpuMs: number }> {
  const before = worker.workerdCpuSeconds();
  const result = await run();
  return { ...result, cpuMs: Math.round(((worker.workerdCpuSeconds() - before) * 10_000) / Math.max(1, result.requests)) / 10 };
}
const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const json = (body: unknown) => JSON.stringify(body);

try {
  // Warm the isolate and the objects' code before anything is measured.
  await fire("warm-up", api, Array.from({ length: 500 }, () => ({ method: "GET", path: "/dev/bench/noop-do" })));

  const noop = await measured(() => fire("no-op route", api, Array.from({ length: NOOP_REQUESTS }, () => ({ method: "GET" as const, path: "/dev/bench/noop" }))));
  const noopDo = await measured(() => fire("no-op Durable Object round trip", api, Array.from({ length: NOOP_REQUESTS }, () => ({ method: "GET" as const, path: "/dev/bench/noop-do" }))));
  rows.push(noop, noopDo);

  console.log(`no-op ${noop.rps} requests/s, no-op DO ${noopDo.rps} requests/s; seeding ${TENANTS} tenants × ${USERS_PER_TENANT} accounts…`);
  const accounts = await seedBench(api, worker.bootstrap, TENANTS, USERS_PER_TENANT);

  // The same request on one tenant and spread over all: the tenant's objects are not a bottleneck.
  const oneTenant = await measured(() =>
    fire(
      "create reset flow, one tenant",
      api,
      Array.from({ length: ONE_TENANT_REQUESTS }, (_, i) => ({ method: "POST" as const, path: `/v1/flows/reset?tenant=${accounts[0]!.tenant}`, headers: { "cf-connecting-ip": ip(i) } })),
    ),
  );

  const flowIds: string[] = new Array(accounts.length);
  const firstAnswers: Parameters<typeof captchaToken>[0][] = new Array(accounts.length);
  const create = await measured(() => fire(
    "create reset flow",
    api,
    accounts.map((a, i) => ({ method: "POST", path: `/v1/flows/reset?tenant=${a.tenant}`, headers: { "cf-connecting-ip": ip(i) } })),
    {
      onBody: (i, status, body) => {
        if (status !== 200) return;
        const flow = JSON.parse(body) as { id: string } & Parameters<typeof captchaToken>[0];
        flowIds[i] = flow.id;
        firstAnswers[i] = flow;
      },
    },
  ));
  // The client's proof of work is solved between the rows, outside every measurement.
  const captchas = await Promise.all(firstAnswers.map(async (flow) => (flow ? await captchaToken(flow) : null)));
  const submit = (build: (a: BenchAccount, i: number) => unknown): Shot[] =>
    accounts.map((a, i) => ({ method: "POST", path: `/v1/flows/${flowIds[i]}`, headers: { "cf-connecting-ip": ip(i) }, body: json(build(a, i)) }));
  const identify = await measured(() => fire("identify (user name)", api, submit((a, i) => ({ identifier: a.userName, ...(captchas[i] ? { captcha: captchas[i] } : {}) }))));
  const send = await measured(() => fire("send code (SMS)", api, submit((a) => ({ method: "sms-1", confirm: a.phone }))));
  // The sends' background work (phone protection, budgets, the code, delivery) is theirs too.
  const beforeDelivery = worker.workerdCpuSeconds();
  const codes = await Promise.all(flowIds.map((id) => gateway.codeFor(id, 60_000).catch(() => "000000")));
  send.cpuMs = Math.round(send.cpuMs * 10 + ((worker.workerdCpuSeconds() - beforeDelivery) * 10_000) / send.requests) / 10;
  const verify = await measured(() => fire("verify code", api, submit((_a, i) => ({ action: "verify", code: codes[i] }))));
  rows.push(oneTenant, create, identify, send, verify);

  // SMS sign-in end to end: create, phone number, the code from the gateway, verify → token.
  const signIn = await measured(() => journeys(accounts.length, CONNECTIONS, async (i, request) => {
    const a = accounts[i]!;
    const headers = { "cf-connecting-ip": ip(100_000 + i) };
    const created = await request("POST", `${api}/v1/flows/sms_signin?tenant=${a.tenant}`, undefined, headers);
    if (created.status !== 200) return false;
    // Includes the client's proof of work at the bench tenants' difficulty (1,000): a few ms.
    const captcha = await captchaToken(created.json);
    const identified = await request("POST", `${api}/v1/flows/${created.json.id}`, { phoneNumber: a.phone, ...(captcha ? { captcha } : {}) }, headers);
    if (identified.json?.state !== "verify_code") return false;
    const code = await gateway.codeFor(created.json.id, 60_000);
    const done = await request("POST", `${api}/v1/flows/${created.json.id}`, { action: "verify", code }, headers);
    return done.status === 200 && typeof done.json?.ui?.token === "string";
  }));
  rows.push({
    name: "SMS sign-in, end to end (3 requests + delivery)",
    requests: signIn.requests,
    rps: signIn.rps,
    p50: signIn.requestP50,
    p99: signIn.requestP99,
    unexpected: signIn.failed,
    cpuMs: signIn.cpuMs,
    note: `${signIn.journeysPerSecond} sign-ins/s; a whole sign-in p50 ${signIn.journeyP50} ms, p99 ${signIn.journeyP99} ms`,
  });
} finally {
  await worker.stop();
  await gateway.close();
}

// The widget, on the demo page in Chromium, after the worker above has stopped.
const widgetRun = spawnSync(process.execPath, ["test/bench/widget.bench.ts"], { stdio: "inherit", env: { ...process.env, RUNS: process.env.BENCH_WIDGET_RUNS ?? "5" } });
const widget = widgetRun.status === 0 ? (JSON.parse(readFileSync("test-results/bench-widget.json", "utf8")) as WidgetFigures) : null;
const loadAfter = loadavg();

interface WidgetFigures {
  runs: number;
  sizes: { sesameJsGzipBytes: number; firstStepGzipBytes: number };
  cls: { median: number };
  tbtMs: { median: number; max: number };
  interactiveAfterScriptMs: { median: number; max: number };
}

const ceiling = rows.find((r) => r.name.startsWith("no-op Durable Object"))!;
const hot = rows.filter((r) => !r.name.startsWith("no-op") && !r.name.includes("one tenant"));
const ratio = (r: Figures) => Math.round((r.rps / ceiling.rps) * 100) / 100;
const worst = hot.reduce((a, b) => (ratio(b) < ratio(a) ? b : a));
const worstP99 = Math.max(...hot.map((r) => r.p99));
/** The no-op round trip's CPU per request over the row's: how many times its cost a request is. */
const cpuRatio = (r: Figures) => (r.name.startsWith("no-op") || !r.cpuMs || !ceiling.cpuMs ? "—" : String(Math.round((ceiling.cpuMs / r.cpuMs) * 100) / 100));
const goal = (r: Figures) => (ratio(r) >= 0.5 && r.p99 < P99_GOAL_MS ? "yes" : "no");

const table = [
  "| Path | Requests | Requests/s | p50 ms | p99 ms | × no-op DO | Goal met | Refused/failed | workerd CPU ms/request | × no-op DO CPU |",
  "| --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: |",
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.name.startsWith("no-op") ? "—" : ratio(r)} | ${r.name.startsWith("no-op") || r.name.includes("one tenant") ? "—" : goal(r)} | ${r.unexpected} | ${r.cpuMs ?? "—"} | ${cpuRatio(r)} |`,
  ),
].join("\n");
const notes = rows.filter((r) => r.note).map((r) => `- ${r.name}: ${r.note}.`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
const widgetTable = widget
  ? [
      "| Widget | Figure |",
      "| --- | ---: |",
      `| sesame.js (loader), gzip | ${kb(widget.sizes.sesameJsGzipBytes)} |`,
      `| first step, all files, gzip | ${kb(widget.sizes.firstStepGzipBytes)} |`,
      `| layout shift (CLS), median | ${widget.cls.median} |`,
      `| main-thread blocking (TBT), median / max | ${Math.round(widget.tbtMs.median)} / ${Math.round(widget.tbtMs.max)} ms |`,
      `| interactive after sesame.js arrives, median / max | ${Math.round(widget.interactiveAfterScriptMs.median)} / ${Math.round(widget.interactiveAfterScriptMs.max)} ms |`,
    ].join("\n")
  : "The widget bench did not complete; run `npm run bench:widget` alone to see why.";
const load = (l: number[]) => l.map((n) => n.toFixed(2)).join(", ");
const slug = (name: string) => name.split(/[,(]/)[0]!.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_");
const summary = `noop_do_rps=${ceiling.rps} worst_hot_path=${slug(worst.name)} worst_ratio=${ratio(worst)} worst_p99_ms=${worstP99}`;

const markdown = `# Benchmarks

Written by \`npm run bench\` (test/bench/hot-paths.bench.ts) on ${new Date().toISOString().slice(0, 10)}. The real worker in
local workerd (\`wrangler dev\`, development mode, fresh state), driven by autocannon at ${CONNECTIONS} concurrent
keep-alive connections, everything in one run so the rows compare. Each request of a hot path does
real work once: a new flow, a first identify, a first send, the right code. Requests of the hot paths
spread over ${TENANTS} tenants and ${TENANTS * USERS_PER_TENANT} accounts, each with its own flow, phone number and client
address, so no row is shaped by a throttle ("Refused/failed" counts answers other than the expected).

Goal: every hot path at least half the no-op Durable Object ceiling (× no-op DO ≥ 0.5) and p99 under 25 ms.

Machine: ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, shared with other work:
load average (1, 5, 15 min) ${load(loadBefore)} before the run and ${load(loadAfter)} after. Node ${process.version}.
Client, worker and workerd share the same cores, so every figure is lower than on a dedicated host.

${table}

${notes.join("\n")}
- "Refused/failed" on verify counts codes that never reached the gateway within 60 s and were
  guessed as 000000. The likely cause (not yet confirmed): under a backlog a webhook delivery taking longer than
  \`DELIVERY_ATTEMPT_TIMEOUT_MS\` (5 s) fails, as it would in production. On SMS sign-in it counts
  sign-ins that did not end with a token.
- Sends run after the answer (\`waitUntil\`), so their work (phone protection, the send budgets,
  the code, delivery, audit) lands on the requests that follow: in local workerd every object and
  the worker share one thread. Throttle budgets, code challenges and CAPTCHA claims are rows in
  shared, warm bucket objects; what still starts a new SQLite-backed object is a new flow (one
  per flow) and a user's first alert (their inbox). Starting an object costs several times a
  round trip to a warm one (\`npm run bench:profile\` shows where each path's time goes).
- "workerd CPU ms/request" is the CPU time both workerd processes (the worker with its Durable
  Objects, and wrangler's entry proxy) spent during the row, per request; for "send code" it runs
  on until the last code reached the gateway, so the sends' background work is counted. Unlike
  requests/s it hardly depends on what else the machine runs; "× no-op DO CPU" is the no-op round
  trip's CPU over the row's.
- A p99 under ${P99_GOAL_MS} ms at ${CONNECTIONS} connections needs more than ${Math.round((CONNECTIONS * 1000) / P99_GOAL_MS)} requests/s (Little's law);
  the no-op rows above are the ceiling of this machine, so that half of the goal is out of reach here.
- "one tenant" sends every request to one tenant; "create reset flow" spreads the same work over
  ${TENANTS} tenants. Similar rates mean the tenant's own objects are not the bottleneck: public config is
  cached in the isolate, each flow has its own object, and codes, budgets and CAPTCHA claims
  are spread over shared buckets by key.

## The widget

Cold loads of the demo partner page in headless Chromium (\`npm run bench:widget\`, ${widget?.runs ?? 0} runs).

${widgetTable}

\`\`\`
${summary}
\`\`\`
`;
writeFileSync("BENCHMARKS.md", markdown);
console.log(`\n${table}\n${notes.join("\n")}\n\n${widgetTable}\n\nload average ${load(loadBefore)} → ${load(loadAfter)}\n(written to BENCHMARKS.md)`);
console.log(summary);
