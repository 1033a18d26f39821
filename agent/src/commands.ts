import type { Command, CommandOutcome } from "#contract/writeback";
import type { Directory } from "./directory/ldap.ts";
import type { AgentKeys } from "./keys.ts";
import type { Logger } from "./log.ts";
import type { CommandMemory } from "./memory.ts";

/**
 * Runs commands from Sesame, each at most once per command id: a command already done is
 * answered from memory, one in progress is joined, and one that arrives after its start window is
 * refused untouched (the edge has stopped waiting for it). The outcome is remembered before it is
 * sent, so a result lost with the connection is answered again from memory when the command comes
 * back after the reconnect.
 */
export class CommandRunner {
  private readonly running = new Map<string, Promise<CommandOutcome>>();
  private readonly deps: { directory: Directory; keys: AgentKeys; memory: CommandMemory; log: Logger };

  constructor(deps: { directory: Directory; keys: AgentKeys; memory: CommandMemory; log: Logger }) {
    this.deps = deps;
  }

  /** The outcome of `command`, received at `receivedAt` (ms). */
  run(command: Command, receivedAt: number): Promise<CommandOutcome> {
    const remembered = this.deps.memory.recall(command.commandId);
    if (remembered) {
      this.deps.log("info", "command answered from memory", { commandId: command.commandId });
      return Promise.resolve(remembered);
    }
    const running = this.running.get(command.commandId);
    if (running) return running;
    const work = this.execute(command, receivedAt).then((outcome) => {
      this.deps.memory.remember(command.commandId, outcome);
      return outcome;
    });
    this.running.set(command.commandId, work);
    void work.finally(() => this.running.delete(command.commandId)).catch(() => undefined);
    return work;
  }

  private async execute(command: Command, receivedAt: number): Promise<CommandOutcome> {
    const { commandId } = command;
    if (Date.now() > receivedAt + command.startWithinMs) return { ok: false, code: "EXPIRED" };
    let password: string | null = null;
    if (command.password !== null) {
      try {
        password = await this.deps.keys.openPassword(command.password, commandId);
      } catch {
        this.deps.log("warn", "command refused: its password cannot be opened with this agent's key", { commandId });
        return { ok: false, code: "BAD_COMMAND" };
      }
    }
    if (password === null && !command.unlock) return { ok: false, code: "BAD_COMMAND" };
    const started = Date.now();
    const outcome = await this.deps.directory.apply({ userName: command.user.userName, password, unlock: command.unlock });
    this.deps.log("info", "command done", {
      commandId,
      kind: password === null ? "unlock" : "password",
      ok: outcome.ok,
      ...(outcome.ok ? { unlocked: outcome.unlocked } : { code: outcome.code, rules: outcome.violations?.map((v) => v.code) ?? [] }),
      ms: Date.now() - started,
    });
    return outcome;
  }
}
