import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error: plain .mjs helpers shared with `npm start`
import { buildIfStale } from "../../scripts/build-if-stale.mjs";
// @ts-expect-error: plain .mjs helpers shared with `npm start`
import { ensureDevVars } from "../../scripts/dev-vars.mjs";
import { freePortPair } from "./start-sesame.ts";

/**
 * A local SMS gateway for the "bring your own gateway" webhook. The bench and the durability test
 * read codes here rather than from the dev outbox, which keeps only the newest 200 messages.
 */
export interface CodeGateway {
  url: string;
  secret: string;
  /** Resolves with the newest code sent for a flow, waiting for background delivery. */
  codeFor(flowId: string, timeoutMs?: number): Promise<string>;
  received(): number;
  close(): Promise<void>;
}

export async function startCodeGateway(): Promise<CodeGateway> {
  const codes = new Map<string, string>();
  const waiters = new Map<string, ((code: string) => void)[]>();
  let count = 0;
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      try {
        const event = JSON.parse(body) as { data: { flowId: string; text: string } };
        const code = /\b(\d{6,10})\b/.exec(event.data.text)?.[1];
        // A flow's challenges are named `<flow id>/<n>` or `<flow id>/sms`.
        const flowId = event.data.flowId.replace(/\/[a-z0-9]+$/, "");
        if (code) {
          count++;
          codes.set(flowId, code);
          for (const wake of waiters.get(flowId) ?? []) wake(code);
          waiters.delete(flowId);
        }
      } catch {}
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/sms`,
    secret: `whsec_${randomBytes(32).toString("base64")}`,
    codeFor(flowId, timeoutMs = 30_000) {
      const known = codes.get(flowId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no code reached the gateway for ${flowId}`)), timeoutMs);
        const list = waiters.get(flowId) ?? [];
        list.push((code) => {
          clearTimeout(timer);
          resolve(code);
        });
        waiters.set(flowId, list);
      });
    },
    received: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface LocalWorker {
  api: string;
  port: number;
  stateDir: string;
  bootstrap: string;
  output: () => string;
  /**
   * CPU seconds used so far by the workerd processes serving the worker (the worker with every
   * Durable Object, and wrangler's entry proxy): what a request costs whatever else the machine runs.
   */
  workerdCpuSeconds: () => number;
  /** SIGKILL: no shutdown of any kind, as a crash or a power cut. */
  kill: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * The real worker in local workerd, started as `npm start` starts it (wrangler dev, development
 * mode, state persisted under `stateDir`), with SMS delivered to a local gateway when one is given.
 * Starting again on the same `stateDir` continues from the state a previous run left.
 */
export async function startLocalWorker(options: { gateway?: CodeGateway; stateDir?: string; port?: number; /** More `wrangler dev` flags (the profiler passes --inspector-port). */ args?: string[] } = {}): Promise<LocalWorker> {
  const vars = ensureDevVars() as Record<string, string>;
  await buildIfStale();
  const port = options.port ?? (await freePortPair());
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "sesame-bench-"));
  const extra = options.gateway ? ["--var", `SMS_WEBHOOK_URL:${options.gateway.url}`, "--var", `WEBHOOK_SECRET:${options.gateway.secret}`] : [];
  const wrangler = join("node_modules", "wrangler", "bin", "wrangler.js");
  const child: ChildProcess = spawn(
    process.execPath,
    [wrangler, "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", stateDir, "--show-interactive-dev-session=false", "--log-level", process.env.WRANGLER_LOG ?? "warn", ...extra, ...(options.args ?? [])],
    {
      // Its own process group: kill() reaches workerd too, not only wrangler.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    },
  );
  let output = "";
  child.stdout!.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr!.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Whatever happens to this process, the worker it started does not outlive it.
  const reap = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {}
  };
  process.once("exit", reap);
  const api = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    try {
      if ((await fetch(`${api}/v1/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`the worker did not come up:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const signalGroup = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, signal);
    } catch {}
    await exited;
  };
  return {
    api,
    port,
    stateDir,
    bootstrap: vars.SESAME_BOOTSTRAP_SECRET!,
    output: () => output,
    workerdCpuSeconds: () => workerdCpuSeconds(child.pid!),
    kill: () => signalGroup("SIGKILL"),
    stop: async () => {
      await signalGroup("SIGTERM");
      if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** utime + stime of the workerd processes in a process group (Linux /proc), in seconds. */
function workerdCpuSeconds(group: number): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      if (Number(fields[2]) !== group || !readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("workerd")) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  // USER_HZ is 100 on Linux.
  return ticks / 100;
}
