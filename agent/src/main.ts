#!/usr/bin/env node
// `npm run agent`: the Sesame password-writeback agent. Configuration comes from the environment
// and/or the JSON file named by SESAME_AGENT_CONFIG (docs/writeback.md lists both).
import { AGENT_VERSION, startAgent } from "./agent.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { consoleLogger } from "./log.ts";

try {
  const config = loadConfig(process.env);
  consoleLogger("info", "Sesame writeback agent starting", {
    version: AGENT_VERSION,
    tenant: config.tenantId,
    worker: config.workerUrl,
    directory: config.ldap.kind,
    ldap: config.ldap.url,
  });
  const agent = await startAgent(config);
  const stop = async (signal: string) => {
    consoleLogger("info", "stopping", { signal });
    await agent.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  // SIGHUP: reconnect now (after a network change, say) without restarting.
  process.on("SIGHUP", () => agent.reconnect());
} catch (error) {
  if (error instanceof ConfigError) {
    consoleLogger("error", error.message);
    process.exit(2);
  }
  throw error;
}
