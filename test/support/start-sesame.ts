import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A free TCP port on 127.0.0.1, and the one after it is free too (the demo page takes it). */
export async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const nextFree = await new Promise<boolean>((resolve) => {
      const server = createServer().once("error", () => resolve(false)).listen(port + 1, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (nextFree && port < 65000) return port;
  }
}

export interface RunningSesame {
  api: string;
  /** The demo partner page, on its own origin (the next port). */
  demo: string;
  adminKey: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Runs `npm start`'s script exactly as a developer would, on its own port and state folder. */
export async function startSesame(options: { port?: number; stateDir?: string } = {}): Promise<RunningSesame & { port: number; stateDir: string }> {
  const port = options.port ?? (await freePortPair());
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "sesame-state-"));
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: String(port), SESAME_STATE_DIR: stateDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const adminKey = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 120_000);
    const check = () => {
      const match = /^Admin API key: (\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", () => reject(new Error(`npm start exited:\n${output}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGINT");
    });
  return { api: `http://127.0.0.1:${port}`, demo: `http://127.0.0.1:${port + 1}/`, adminKey, output: () => output, stop, port, stateDir };
}
