import { readFileSync } from "node:fs";
import { z } from "zod";
import { CommandSchema, parseMessage, ServerMessageSchema, WRITEBACK_PROTOCOL, type Command } from "#contract/writeback";
import { CommandRunner } from "./commands.ts";
import { connectUrl, type AgentConfig } from "./config.ts";
import { AgentConnection } from "./connection.ts";
import { activeDirectory } from "./directory/active-directory.ts";
import type { Directory } from "./directory/ldap.ts";
import { openLdapDirectory } from "./directory/openldap.ts";
import { loadOrCreateKeys } from "./keys.ts";
import { consoleLogger, type Logger } from "./log.ts";
import { CommandMemory } from "./memory.ts";

/** The agent's version, reported to Sesame at every hello: the repository's package version. */
export const AGENT_VERSION = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"))).version;

export interface RunningAgent {
  /** The id Sesame gave this agent's key, once welcomed. */
  agentId(): string | null;
  /** Resolves when Sesame has welcomed the agent on the current connection. */
  welcomed(timeoutMs?: number): Promise<void>;
  /** Drops the connection (it comes back by itself). */
  reconnect(): void;
  stop(): Promise<void>;
}

export interface AgentOptions {
  log?: Logger;
  /** Replaces the directory built from the configuration (tests wrap the real one). */
  directory?: (real: Directory) => Directory;
  pingIntervalMs?: number;
}

/** The directory of the configured kind. */
export function directoryFor(config: AgentConfig, log: Logger): Directory {
  return config.ldap.kind === "activeDirectory" ? activeDirectory(config.ldap, log) : openLdapDirectory(config.ldap, log);
}

/**
 * Starts the agent: loads (or makes) its keys, connects to Sesame, says hello with its public
 * keys and version, runs the commands it is sent, and reports the directory's health every
 * `healthIntervalMs`. Runs until `stop()`.
 *
 * @example
 * const agent = await startAgent(loadConfig(process.env));
 * process.on("SIGTERM", () => agent.stop());
 */
export async function startAgent(config: AgentConfig, options: AgentOptions = {}): Promise<RunningAgent> {
  const log = options.log ?? consoleLogger;
  const keys = await loadOrCreateKeys(config.stateDir);
  const memory = new CommandMemory(config.stateDir);
  const real = directoryFor(config, log);
  const directory = options.directory ? options.directory(real) : real;
  const runner = new CommandRunner({ directory, keys, memory, log });
  let agentId: string | null = null;
  let welcomedOn = 0;
  let connections = 0;

  const reportHealth = async () => {
    if (!connection.isOpen || welcomedOn !== connections) return;
    connection.send({ type: "health", ...(await directory.health()) });
  };

  const runCommand = async (command: Command) => {
    const outcome = await runner.run(command, Date.now());
    const signed = await keys.signResult({ commandId: command.commandId, tenant: config.tenantId, outcome, at: Date.now() });
    // If the connection dropped meanwhile, Sesame sends the command again after the reconnect
    // and it is answered from memory: nothing to queue here.
    if (!connection.send({ type: "result", commandId: command.commandId, signed })) {
      log("warn", "result not delivered; it will be answered again on reconnect", { commandId: command.commandId });
    }
  };

  const connection = new AgentConnection({
    url: connectUrl(config.workerUrl),
    agentKey: config.agentKey,
    log,
    ...(options.pingIntervalMs ? { pingIntervalMs: options.pingIntervalMs } : {}),
    events: {
      open(send) {
        connections++;
        send({
          type: "hello",
          protocol: WRITEBACK_PROTOCOL,
          version: AGENT_VERSION,
          directory: config.ldap.kind,
          encryptionKey: keys.encryptionKey,
          signingKey: keys.signingKey,
        });
      },
      message(text) {
        const message = parseMessage(ServerMessageSchema, text);
        if (!message) return log("warn", "ignored a message that is not protocol", { bytes: text.length });
        if (message.type === "welcome") {
          agentId = message.agentId;
          welcomedOn = connections;
          log("info", "registered with Sesame", { agentId, tenant: config.tenantId, version: AGENT_VERSION });
          void reportHealth();
          return;
        }
        void runCommand(CommandSchema.parse(message)).catch((error: unknown) =>
          log("error", "command failed unexpectedly", { commandId: message.commandId, error: (error as Error).name }),
        );
      },
    },
  });
  connection.start();
  const healthTimer = setInterval(() => void reportHealth().catch(() => undefined), config.healthIntervalMs);

  return {
    agentId: () => agentId,
    async welcomed(timeoutMs = 30_000) {
      const started = Date.now();
      while (!(connection.isOpen && welcomedOn === connections && connections > 0)) {
        if (Date.now() - started > timeoutMs) throw new Error("the agent was not welcomed by Sesame in time");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    reconnect: () => connection.drop(),
    async stop() {
      clearInterval(healthTimer);
      await connection.stop();
    },
  };
}
