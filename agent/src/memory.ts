import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CommandIdSchema, CommandOutcomeSchema, type CommandOutcome } from "#contract/writeback";

/** How long the agent remembers a command's outcome: far longer than the edge ever retries. */
export const COMMAND_MEMORY_MS = 15 * 60 * 1000;
/** At most this many remembered commands; the oldest go first. */
export const COMMAND_MEMORY_MAX = 5_000;

const Stored = z.array(z.strictObject({ commandId: CommandIdSchema, outcome: CommandOutcomeSchema, at: z.number() }));

/**
 * The agent's memory of recent command ids and their outcomes, kept on disk so it outlives a
 * restart. It is what makes a resent command harmless: the directory is changed once per command
 * id, and every later copy is answered from here. Outcomes carry no password.
 */
export class CommandMemory {
  private readonly entries = new Map<string, { outcome: CommandOutcome; at: number }>();
  private readonly path: string | null;
  private readonly now: () => number;

  constructor(stateDir: string | null, now: () => number = Date.now) {
    this.now = now;
    this.path = stateDir ? join(stateDir, "recent-commands.json") : null;
    if (this.path && existsSync(this.path)) {
      const parsed = Stored.safeParse(JSON.parse(readFileSync(this.path, "utf8")));
      // A damaged file is dropped: losing memory is safer than refusing to start.
      if (parsed.success) for (const { commandId, outcome, at } of parsed.data) this.entries.set(commandId, { outcome, at });
    }
    this.prune();
  }

  recall(commandId: string): CommandOutcome | null {
    const entry = this.entries.get(commandId);
    return entry && this.now() - entry.at < COMMAND_MEMORY_MS ? entry.outcome : null;
  }

  remember(commandId: string, outcome: CommandOutcome): void {
    this.entries.set(commandId, { outcome, at: this.now() });
    this.prune();
    this.save();
  }

  private prune(): void {
    const oldest = this.now() - COMMAND_MEMORY_MS;
    for (const [id, { at }] of this.entries) if (at < oldest) this.entries.delete(id);
    while (this.entries.size > COMMAND_MEMORY_MAX) this.entries.delete(this.entries.keys().next().value!);
  }

  private save(): void {
    if (!this.path) return;
    const list = [...this.entries].map(([commandId, { outcome, at }]) => ({ commandId, outcome, at }));
    // Written before the result is sent, and atomically, so a crash never leaves half a file.
    writeFileSync(`${this.path}.tmp`, JSON.stringify(list), { mode: 0o600 });
    renameSync(`${this.path}.tmp`, this.path);
  }
}
