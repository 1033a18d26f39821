import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reconnectDelay, RECONNECT_CAP_MS } from "./backoff.ts";
import { COMMAND_MEMORY_MS, CommandMemory } from "./memory.ts";

const id = (n: number) => `wbc_${String(n).padStart(20, "0")}`;

describe("the agent's memory of commands", () => {
  it("remembers outcomes across a restart, privately, and forgets them after a while", () => {
    const dir = mkdtempSync(join(tmpdir(), "agent-memory-"));
    let now = 1_000_000;
    const memory = new CommandMemory(dir, () => now);
    memory.remember(id(1), { ok: true, passwordSet: true, unlocked: true });
    expect(statSync(join(dir, "recent-commands.json")).mode & 0o777).toBe(0o600);
    const restarted = new CommandMemory(dir, () => now);
    expect(restarted.recall(id(1))).toEqual({ ok: true, passwordSet: true, unlocked: true });
    expect(restarted.recall(id(2))).toBeNull();
    now += COMMAND_MEMORY_MS + 1;
    expect(restarted.recall(id(1))).toBeNull();
  });

  it("starts empty from a damaged file rather than not at all", () => {
    const dir = mkdtempSync(join(tmpdir(), "agent-memory-"));
    writeFileSync(join(dir, "recent-commands.json"), JSON.stringify([{ commandId: "nope" }]));
    expect(new CommandMemory(dir).recall(id(1))).toBeNull();
  });
});

describe("reconnect backoff", () => {
  it("starts quick, doubles, caps, and jitters", () => {
    expect(reconnectDelay(0, () => 0)).toBe(250);
    expect(reconnectDelay(0, () => 1)).toBe(500);
    expect(reconnectDelay(3, () => 0)).toBe(2_000);
    expect(reconnectDelay(50, () => 1)).toBe(RECONNECT_CAP_MS);
    expect(reconnectDelay(50, () => 0)).toBe(RECONNECT_CAP_MS / 2);
  });
});
