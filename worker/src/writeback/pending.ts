import type { Command } from "#contract/writeback";
import type { ExecuteOutcome } from "./types";

interface Waiting {
  command: Omit<Command, "startWithinMs">;
  agentId: string;
  /** When the edge stops waiting (ms since the epoch). */
  deadline: number;
  /** The latest moment the agent may start the change. */
  startBy: number;
  promise: Promise<ExecuteOutcome>;
  resolve: (outcome: ExecuteOutcome) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Commands sent to an agent and not yet answered, in memory only: the edge's RPC call waits on
 * each, which keeps the object awake (a waiting object does not hibernate), and the encrypted
 * password never touches storage. A command is answered once: by the agent's result, or by the
 * timeout, whichever comes first.
 */
export class PendingCommands {
  private readonly waiting = new Map<string, Waiting>();

  get(commandId: string): Promise<ExecuteOutcome> | null {
    return this.waiting.get(commandId)?.promise ?? null;
  }

  /** Starts waiting; `onTimeout` runs once if no result came by `deadline`. */
  add(
    command: Omit<Command, "startWithinMs">,
    agentId: string,
    timing: { deadline: number; startBy: number },
    onTimeout: () => void,
  ): Promise<ExecuteOutcome> {
    let resolve!: (outcome: ExecuteOutcome) => void;
    const promise = new Promise<ExecuteOutcome>((done) => (resolve = done));
    const timer = setTimeout(() => {
      if (this.settle(command.commandId, { ok: false, code: "TIMEOUT" })) onTimeout();
    }, Math.max(0, timing.deadline - Date.now()));
    this.waiting.set(command.commandId, { command, agentId, ...timing, promise, resolve, timer });
    return promise;
  }

  /** Answers a waiting command; false when it was not waiting (finished, timed out, unknown). */
  settle(commandId: string, outcome: ExecuteOutcome): boolean {
    const entry = this.waiting.get(commandId);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.waiting.delete(commandId);
    entry.resolve(outcome);
    return true;
  }

  /**
   * The commands of an agent that has just (re)connected, with what is left of their start
   * window: sent again so a command caught by a dropped connection is neither lost nor, thanks to
   * the agent's memory of command ids, done twice.
   */
  resendable(agentId: string, now: number): Command[] {
    const out: Command[] = [];
    for (const entry of this.waiting.values()) {
      if (entry.agentId !== agentId || entry.startBy <= now) continue;
      out.push({ ...entry.command, startWithinMs: entry.startBy - now });
    }
    return out;
  }
}
