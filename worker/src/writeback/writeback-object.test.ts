import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { call, createTenant } from "../../test/api";
import { agentKeys, connectAgent, FakeAgent } from "../../test/fake-agent";
import { newId } from "../lib/crypto";
import { toSesame, writeBack, writebackOf } from "./client";
import { sealPassword } from "./seal";

const T = "wb-object";
let agentKey = "";
let agentId = "";
const keys = agentKeys();
const agents: FakeAgent[] = [];
const user = { id: "usr_AAAAAAAAAAAAAAAAAAAA", userName: "pat@wb.example" };

beforeAll(async () => {
  const { key } = await createTenant(T);
  const issued = (await call("POST", `/v1/tenants/${T}/writeback/agents`, { token: key, body: { name: "dc01" } })).json;
  ({ key: agentKey, id: agentId } = issued);
});

afterEach(() => {
  for (const agent of agents.splice(0)) agent.close();
});

async function onlineAgent(): Promise<FakeAgent> {
  const agent = await connectAgent(agentKey, await keys);
  if (!(agent instanceof FakeAgent)) throw new Error(`agent refused: ${agent.status}`);
  await agent.hello();
  agents.push(agent);
  return agent;
}

const counts = async () => (await writebackOf(env, T).status()).last24h;

describe("the Writeback object", () => {
  it("times out when the agent does not answer, and records a late result as late", async () => {
    const agent = await onlineAgent();
    const started = Date.now();
    const result = writeBack(env, T, { user, password: "Quiet-Harbor-Lupin-44", unlock: true }, 1_500);
    const command = await agent.command();
    expect(command.startWithinMs).toBeLessThanOrEqual(750);
    expect(await result).toEqual({ ok: false, code: "WRITEBACK_TIMEOUT" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    const before = await counts();
    await agent.answer(command, { ok: true, passwordSet: true, unlocked: true }, T);
    await expect.poll(async () => (await counts()).late).toBe(before.late + 1);
  });

  it("answers a retry by command id from the first try: waiting, or finished", async () => {
    const agent = await onlineAgent();
    const stub = writebackOf(env, T);
    const commandId = newId("wbc");
    const { encryptionKey } = (await stub.pickAgent()) as { encryptionKey: Parameters<typeof sealPassword>[0] };
    const input = { commandId, agentId, user, password: await sealPassword(encryptionKey, agentId, commandId, "Amber-Summit-Crane-71"), unlock: true, timeoutMs: 5_000 };
    const first = stub.execute(input);
    const second = stub.execute(input);
    const command = await agent.command();
    await agent.answer(command, { ok: true, passwordSet: true, unlocked: true }, T);
    expect(await first).toEqual({ ok: true, passwordSet: true, unlocked: true });
    expect(await second).toEqual({ ok: true, passwordSet: true, unlocked: true });
    expect(await stub.execute(input)).toEqual({ ok: true, passwordSet: true, unlocked: true });
    expect(agent.commands()).toHaveLength(1);
  });

  it("sends a waiting command again when its agent reconnects, so a dropped connection loses nothing", async () => {
    const first = await onlineAgent();
    const result = writeBack(env, T, { user, password: "Copper-Lark-Meadow-90", unlock: false }, 5_000);
    const command = await first.command();
    first.close();
    const second = await onlineAgent();
    const again = await second.command();
    expect(again.commandId).toBe(command.commandId);
    expect(again.password).toBe(command.password);
    await second.answer(again, { ok: true, passwordSet: true, unlocked: false }, T);
    expect(await result).toEqual({ ok: true, passwordSet: true, unlocked: false });
  });

  it("refuses a result bound to another tenant, even when signed by the agent", async () => {
    const agent = await onlineAgent();
    const result = writeBack(env, T, { user, password: "Violet-Anchor-Dune-18", unlock: true }, 1_500);
    await agent.answer(await agent.command(), { ok: true, passwordSet: true, unlocked: true }, "another-tenant");
    await agent.until(() => agent.closed !== null);
    expect(agent.closed?.code).toBe(4004);
    expect(await result).toEqual({ ok: false, code: "WRITEBACK_TIMEOUT" });
  });

  it("fails at once when no agent is connected", async () => {
    const started = Date.now();
    expect(await writeBack(env, T, { user, password: null, unlock: true })).toEqual({ ok: false, code: "WRITEBACK_AGENT_OFFLINE" });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("never stores the sealed password", async () => {
    const agent = await onlineAgent();
    const result = writeBack(env, T, { user, password: "Granite-Fjord-Basil-62", unlock: true }, 5_000);
    const command = await agent.command();
    await agent.answer(command, { ok: true, passwordSet: true, unlocked: true }, T);
    await result;
    const { runInDurableObject } = await import("cloudflare:test");
    const dump = await runInDurableObject(writebackOf(env, T), (_instance, state) =>
      JSON.stringify(["agents", "commands", "meta"].map((table) => state.storage.sql.exec(`SELECT * FROM ${table}`).toArray())),
    );
    expect(dump).not.toContain(command.password!.slice(0, 40));
    expect(dump).not.toContain("Granite");
  });
});

describe("toSesame", () => {
  it("turns directory violations into the first rule's code with every rule", () => {
    expect(toSesame({ ok: false, code: "PASSWORD_POLICY", violations: [{ code: "PASSWORD_REUSED", historyCount: 5 }] })).toEqual({
      ok: false,
      code: "PASSWORD_REUSED",
      violations: [{ code: "PASSWORD_REUSED", historyCount: 5 }],
    });
    expect(toSesame({ ok: false, code: "BAD_COMMAND" })).toEqual({ ok: false, code: "WRITEBACK_FAILED" });
    expect(toSesame({ ok: false, code: "INTERNAL" })).toEqual({ ok: false, code: "WRITEBACK_FAILED" });
  });
});
