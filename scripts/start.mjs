#!/usr/bin/env node
// `npm start`: runs Sesame locally. The worker in workerd (wrangler dev) with state under
// .wrangler/state and the built widget as its static assets, the demo partner page on the next
// port (another origin, as a partner's site is), the demo tenant seeded through the admin API,
// and the URLs printed.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { buildIfStale } from "./build-if-stale.mjs";
import { ensureDevVars } from "./dev-vars.mjs";
import { seedDemo } from "./seed.mjs";
import { demoAdminPassword } from "./demo-tenant.mjs";

const port = Number(process.env.PORT ?? 8787);
const demoPort = port + 1;
const stateDir = process.env.SESAME_STATE_DIR ?? ".wrangler/state";
const api = `http://127.0.0.1:${port}`;
const demoOrigins = [`http://127.0.0.1:${demoPort}`, `http://localhost:${demoPort}`];

const vars = ensureDevVars();
await buildIfStale();
// Local runs reach no network: no request.cf download, no telemetry.
const childEnv = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };
const children = [];

function run(command, args, name) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true, env: childEnv });
  const prefix = (stream, out) =>
    stream.on("data", (chunk) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) out.write(`[${name}] ${line}\n`);
    });
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? code}); stopping everything.`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  }
  setTimeout(() => process.exit(code), 300).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

async function waitForHealth(deadline = Date.now() + 90_000) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${api}/v1/health`);
      if (response.ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the worker did not answer ${api}/v1/health in time`);
}

// Through this very Node, so wrangler runs on the Node 22 that `npm start` put on the PATH.
const wrangler = join("node_modules", "wrangler", "bin", "wrangler.js");
run(process.execPath, [wrangler, "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", stateDir, "--show-interactive-dev-session=false", "--log-level", "warn"], "worker");
run(process.execPath, [join("scripts", "demo-server.mjs"), "--port", String(demoPort), "--api", api], "demo");

try {
  await waitForHealth();
  const { key, created } = await seedDemo({
    api,
    bootstrap: vars.SESAME_BOOTSTRAP_SECRET,
    demoOrigins,
    keyFile: join(stateDir, "demo-admin-key"),
  });
  console.log(`
Sesame is running locally${created ? " (demo tenant seeded)" : ""}.
  API:          ${api}/v1/health
  Widget:       ${api}/v1/sesame.js
  Demo page:    http://127.0.0.1:${demoPort}/  (a partner site on another origin)
  Dev outbox:   ${api}/dev/outbox
  Admin API:    ${api}/v1/tenants/demo/users
  Console:      ${api}/admin/?tenant=demo  (carol@contoso.example, password ${demoAdminPassword}, then a code from the dev outbox)
  Demo tenant:  demo (users: alice, bob, carol (admin), dave, erin @contoso.example)
Admin API key: ${key}
Press Ctrl-C to stop.`);
} catch (error) {
  console.error(String(error?.stack ?? error));
  stop(1);
}
