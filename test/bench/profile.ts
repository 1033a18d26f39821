// `npm run bench:profile`: where the hot paths' time goes. Runs the bench's phases (fewer
// accounts) against the real worker in local workerd with the V8 CPU profiler on through the
// inspector, and prints per phase the busiest functions (self and inclusive time) and the share of
// the isolate's thread the phase kept busy. Writes each profile to test-results/profile-<phase>.cpuprofile
// (open it in Chrome DevTools). Not a test, not a benchmark: profiling slows what it measures.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import WebSocket from "ws";
import { fire, type Shot } from "./load.ts";
import { startCodeGateway, startLocalWorker } from "../support/local-worker.ts";
import { seedBench } from "./seed.ts";
import { captchaToken } from "../support/sesame-client.ts";
import { freePortPair } from "../support/start-sesame.ts";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 10);
const USERS = Number(process.env.BENCH_USERS ?? 20);
const TOP = Number(process.env.PROFILE_TOP ?? 25);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const inspectorPort = await freePortPair();
const gateway = await startCodeGateway();
const worker = await startLocalWorker({ gateway, args: ["--inspector-port", String(inspectorPort)] });
const { api } = worker;
mkdirSync("test-results", { recursive: true });

const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { webSocketDebuggerUrl: string }[];
const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
let nextId = 1;
const pending = new Map<number, (result: any) => void>();
socket.on("message", (data) => {
  const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
  if (message.id && pending.has(message.id)) pending.get(message.id)!(message.result);
});
const send = (method: string, params: object = {}) =>
  new Promise<any>((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    socket.send(JSON.stringify({ id, method, params }));
  });
await send("Profiler.enable");
await send("Profiler.setSamplingInterval", { interval: 250 });

// wrangler bundles the worker into .wrangler/tmp/dev-*/index.js with a source map beside it:
// profile frames are named by the source file and line they come from.
const devDir = readdirSync(".wrangler/tmp")
  .filter((d) => d.startsWith("dev-"))
  .map((d) => `.wrangler/tmp/${d}`)
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
const sourceMap = devDir && existsSync(`${devDir}/index.js.map`) ? new SourceMap(JSON.parse(readFileSync(`${devDir}/index.js.map`, "utf8"))) : null;
// wrangler removes its bundle when it stops: keep the map beside the profiles, so they can be read later.
if (devDir && existsSync(`${devDir}/index.js.map`)) copyFileSync(`${devDir}/index.js.map`, "test-results/profile-index.js.map");
const label = (n: ProfileNode) => {
  const { functionName, url, lineNumber, columnNumber } = n.callFrame;
  let where = url ? `${url.replace(/^.*\//, "")}:${lineNumber + 1}` : "";
  if (sourceMap && url.endsWith("index.js")) {
    const entry = sourceMap.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number };
    if (entry.originalSource) where = `${entry.originalSource.replace(/^.*?\/(worker|node_modules|contract)\//, "$1/")}:${(entry.originalLine ?? 0) + 1}`;
  }
  return `${functionName || "(anonymous)"} ${where}`.trim();
};

function summarise(name: string, profile: Profile, requests: number) {
  writeFileSync(`test-results/profile-${name.replace(/[^a-z0-9]+/gi, "-")}.cpuprofile`, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id)!;
    const own = label(node);
    if (own === "(idle)") {
      idle += dt;
      return;
    }
    self.set(own, (self.get(own) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at)!);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
    }
  });
  const busy = total - idle;
  const per = (ms: number) => `${(ms / requests).toFixed(2)} ms/req`;
  const lines = [`\n## ${name}: ${requests} requests, ${(total / 1000).toFixed(1)} s, isolate busy ${((busy / total) * 100).toFixed(0)}% (${per(busy)})`, "self:"];
  for (const [l, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) lines.push(`  ${per(ms).padStart(14)}  ${l}`);
  lines.push("inclusive:");
  for (const [l, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, TOP * 2)) lines.push(`  ${per(ms).padStart(14)}  ${l}`);
  console.log(lines.join("\n"));
}

/** CPU seconds so far of every process serving the worker (wrangler, its two workerd) and of this one. */
function cpuByProcess(): Map<string, number> {
  const ticks = 100;
  const out = new Map<string, number>([["bench client (node)", process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6]]);
  // wrangler runs in its own process group (local-worker.ts), its workerd processes with it.
  const stats = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map((pid) => {
      try {
        return { pid, args: readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"), stat: readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ") };
      } catch {
        return null;
      }
    })
    .filter((p) => p !== null);
  const wrangler = stats.find((p) => p.args.some((a) => a.includes(worker.stateDir)) && !p.args[0]!.includes("workerd"));
  for (const p of stats) {
    if (!wrangler || p.stat[2] !== wrangler.stat[2]) continue;
    const name = p.args[0]!.includes("workerd") ? `workerd ${p.args.some((a) => a.includes(`entry=127.0.0.1:${worker.port}`)) ? "(entry)" : "(worker)"}` : p.args[0]!.includes("esbuild") ? "esbuild" : "wrangler (node)";
    out.set(name, (out.get(name) ?? 0) + (Number(p.stat[11]) + Number(p.stat[12])) / ticks);
  }
  return out;
}

async function profiled(name: string, shots: Shot[], onBody?: (i: number, status: number, body: string) => void) {
  const cpuBefore = cpuByProcess();
  await send("Profiler.start");
  const figures = await fire(name, api, shots, { ...(onBody ? { onBody } : {}) });
  // Let the background work of the last requests land inside the profile.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const { profile } = (await send("Profiler.stop")) as { profile: Profile };
  console.log(`${name}: ${figures.rps} requests/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, unexpected ${figures.unexpected}`);
  const cpuAfter = cpuByProcess();
  console.log(`CPU per request: ${[...cpuAfter].map(([n, s]) => `${n} ${(((s - (cpuBefore.get(n) ?? 0)) * 1000) / shots.length).toFixed(1)} ms`).join(", ")}`);
  summarise(name, profile, shots.length);
  return figures;
}

const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
try {
  await fire("warm-up", api, Array.from({ length: 300 }, () => ({ method: "GET", path: "/dev/bench/noop-do" })));
  await profiled("no-op DO", Array.from({ length: 1000 }, () => ({ method: "GET" as const, path: "/dev/bench/noop-do" })));
  const accounts = await seedBench(api, worker.bootstrap, TENANTS, USERS);
  const flowIds: string[] = [];
  const firsts: any[] = [];
  await profiled(
    "create",
    accounts.map((a, i) => ({ method: "POST", path: `/v1/flows/reset?tenant=${a.tenant}`, headers: { "cf-connecting-ip": ip(i) } })),
    (i, status, body) => {
      if (status !== 200) return;
      const flow = JSON.parse(body);
      flowIds[i] = flow.id;
      firsts[i] = flow;
    },
  );
  const captchas = await Promise.all(firsts.map((f) => (f ? captchaToken(f) : null)));
  const submit = (build: (i: number) => unknown): Shot[] =>
    accounts.map((_a, i) => ({ method: "POST", path: `/v1/flows/${flowIds[i]}`, headers: { "cf-connecting-ip": ip(i) }, body: JSON.stringify(build(i)) }));
  await profiled("identify", submit((i) => ({ identifier: accounts[i]!.userName, ...(captchas[i] ? { captcha: captchas[i] } : {}) })));
  await profiled("send", submit((i) => ({ method: "sms-1", confirm: accounts[i]!.phone })));
  const codes = await Promise.all(flowIds.map((id) => gateway.codeFor(id, 60_000).catch(() => "000000")));
  await profiled("verify", submit((i) => ({ action: "verify", code: codes[i] })));
} finally {
  socket.close();
  await worker.stop();
  await gateway.close();
}
