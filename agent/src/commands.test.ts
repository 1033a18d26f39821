import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Command, CommandOutcome } from "#contract/writeback";
import { openResult, sealPassword } from "../../worker/src/writeback/seal.ts";
import { CommandRunner } from "./commands.ts";
import type { Directory, DirectoryRequest } from "./directory/ldap.ts";
import { loadOrCreateKeys } from "./keys.ts";
import { memoryLogger } from "./log.ts";
import { CommandMemory } from "./memory.ts";

let n = 0;
const commandId = () => `wbc_${String(Date.now() * 100 + n++).padStart(20, "0")}`;

/** A directory that records what it was asked and answers after `delayMs`. */
function recordingDirectory(delayMs = 0, outcome: CommandOutcome = { ok: true, passwordSet: true, unlocked: true }) {
  const calls: DirectoryRequest[] = [];
  const directory: Directory = {
    async apply(request) {
      calls.push(request);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return outcome;
    },
    health: async () => ({ directoryReachable: true, latencyMs: 1 }),
  };
  return { directory, calls };
}

async function setup(delayMs = 0) {
  const stateDir = mkdtempSync(join(tmpdir(), "agent-runner-"));
  const keys = await loadOrCreateKeys(stateDir);
  const { directory, calls } = recordingDirectory(delayMs);
  const log = memoryLogger();
  const runner = new CommandRunner({ directory, keys, memory: new CommandMemory(stateDir), log });
  const command = async (password: string | null, overrides: Partial<Command> = {}): Promise<Command> => {
    const id = overrides.commandId ?? commandId();
    return {
      type: "command",
      commandId: id,
      user: { id: "usr_AAAAAAAAAAAAAAAAAAAA", userName: "pat@contoso.example" },
      password: password === null ? null : await sealPassword(keys.encryptionKey, "agk_AAAAAAAAAAAAAAAAAAAA", id, password),
      unlock: true,
      startWithinMs: 5_000,
      ...overrides,
    };
  };
  return { stateDir, keys, runner, calls, log, command };
}

describe("the agent's command runner", () => {
  it("opens what the edge sealed, applies it once, and signs what the edge can verify", async () => {
    const { keys, runner, calls, command } = await setup();
    const cmd = await command("Lighthouse-Quartz-Meadow-31");
    const outcome = await runner.run(cmd, Date.now());
    expect(calls).toEqual([{ userName: "pat@contoso.example", password: "Lighthouse-Quartz-Meadow-31", unlock: true }]);
    const signed = await keys.signResult({ commandId: cmd.commandId, tenant: "contoso", outcome, at: Date.now() });
    expect(await openResult(keys.signingKey, signed)).toMatchObject({ commandId: cmd.commandId, tenant: "contoso", outcome });
    const stranger = await loadOrCreateKeys(mkdtempSync(join(tmpdir(), "agent-other-")));
    expect(await openResult(stranger.signingKey, signed)).toBeNull();
  });

  it("changes the directory once per command id: copies in flight join, later copies are answered from memory", async () => {
    const { runner, calls, command, stateDir, keys } = await setup(50);
    const cmd = await command("Saffron-Willow-Anchor-2048");
    const [a, b] = await Promise.all([runner.run(cmd, Date.now()), runner.run(cmd, Date.now())]);
    expect(a).toEqual(b);
    expect(await runner.run(cmd, Date.now())).toEqual(a);
    expect(calls).toHaveLength(1);
    // Even after a restart of the agent.
    const { directory, calls: after } = recordingDirectory();
    const restarted = new CommandRunner({ directory, keys, memory: new CommandMemory(stateDir), log: memoryLogger() });
    expect(await restarted.run(cmd, Date.now())).toEqual(a);
    expect(after).toHaveLength(0);
    expect(readFileSync(join(stateDir, "recent-commands.json"), "utf8")).not.toContain("Saffron");
  });

  it("refuses, untouched, a command past its start window or sealed for another command", async () => {
    const { runner, calls, command } = await setup();
    expect(await runner.run(await command("Copper-Lark-Meadow-90", { startWithinMs: 0 }), Date.now() - 10)).toEqual({ ok: false, code: "EXPIRED" });
    const sealedElsewhere = await command("Copper-Lark-Meadow-90");
    const replayed = { ...sealedElsewhere, commandId: commandId() };
    expect(await runner.run(replayed, Date.now())).toEqual({ ok: false, code: "BAD_COMMAND" });
    expect(await runner.run(await command(null, { unlock: false }), Date.now())).toEqual({ ok: false, code: "BAD_COMMAND" });
    expect(calls).toHaveLength(0);
  });

  it("keeps its keys across restarts and never logs the password", async () => {
    const { stateDir, keys, runner, command, log } = await setup();
    const again = await loadOrCreateKeys(stateDir);
    expect(again.encryptionKey).toEqual(keys.encryptionKey);
    expect(again.signingKey).toEqual(keys.signingKey);
    await runner.run(await command("Never-Logged-Secret-Value-77"), Date.now());
    expect(JSON.stringify(log.lines)).not.toContain("Never-Logged");
    expect(log.lines.some((line) => line.msg === "command done")).toBe(true);
  });
});
