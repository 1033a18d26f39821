import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BOOTSTRAP, call, createTenant, errorCode } from "../../test/api";
import { agentKeys, connectAgent, FakeAgent } from "../../test/fake-agent";

const T = "wb-admin";
let key = "";

beforeAll(async () => {
  ({ key } = await createTenant(T));
});

async function issue(name = "dc01 agent") {
  const answer = await call("POST", `/v1/tenants/${T}/writeback/agents`, { token: key, body: { name } });
  expect(answer.status).toBe(201);
  return answer.json as { id: string; key: string; hint: string };
}

async function connected(agentKey: string): Promise<FakeAgent> {
  const agent = await connectAgent(agentKey);
  if (!(agent instanceof FakeAgent)) throw new Error(`refused: ${agent.status}`);
  return agent;
}

const status = async () => (await call("GET", `/v1/tenants/${T}/writeback`, { token: key })).json;

describe("writeback admin API and agent connection", () => {
  it("issues an agent key once, lists it without the key, and reports the policy's options", async () => {
    const issued = await issue();
    expect(issued.key).toMatch(new RegExp(`^ak_${T}_[A-Za-z0-9_-]{43}$`));
    expect(issued.hint).toBe(issued.key.slice(-4));
    const now = await status();
    expect(now).toMatchObject({ enabled: false, allowUnlockWithoutReset: true, connected: false, last24h: { succeeded: 0 } });
    const listed = now.agents.find((a: { id: string }) => a.id === issued.id);
    expect(listed).toMatchObject({ name: "dc01 agent", registered: false, connected: false, version: null });
    expect(JSON.stringify(now)).not.toContain(issued.key);
  });

  it("accepts an agent's connection, pins its keys at hello, and shows it connected with its version and health", async () => {
    const issued = await issue("pinned");
    const agent = await connected(issued.key);
    await agent.hello({ version: "1.2.3" });
    expect(agent.received[0]).toEqual({ type: "welcome", agentId: issued.id, protocol: 1 });
    agent.send({ type: "health", directoryReachable: true, latencyMs: 12 });
    agent.send("ping");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const listed = (await status()).agents.find((a: { id: string }) => a.id === issued.id);
    expect(listed).toMatchObject({ registered: true, connected: true, version: "1.2.3", directory: "openldap", health: { directoryReachable: true, latencyMs: 12 } });
    expect(Date.parse(listed.lastSeenAt)).toBeGreaterThan(Date.now() - 5_000);
    agent.close();
  });

  it("refuses the same agent key with other keys once an agent registered (trust on first use)", async () => {
    const issued = await issue("tofu");
    const first = await connected(issued.key);
    await first.hello();
    first.close();
    const impostor = await connected(issued.key);
    await impostor.hello();
    await impostor.until(() => impostor.closed !== null);
    expect(impostor.closed?.code).toBe(4003);
    // The real agent, with its own keys, is still welcome.
    const back = await connectAgent(issued.key, first.keys);
    if (!(back instanceof FakeAgent)) throw new Error("refused");
    await back.hello();
    expect(back.received.some((m) => m.type === "welcome")).toBe(true);
    back.close();
  });

  it("refuses connections without a valid key, or without an upgrade", async () => {
    const refused = await connectAgent(`ak_${T}_${"A".repeat(43)}`);
    expect(refused instanceof Response && refused.status).toBe(401);
    const notAKey = await connectAgent(key);
    expect(notAKey instanceof Response && notAKey.status).toBe(401);
    const issued = await issue("no upgrade");
    const plain = await call("GET", "/v1/writeback/connect", { token: issued.key });
    expect(plain.status).toBe(426);
    expect(errorCode(plain)).toBe("UPGRADE_REQUIRED");
  });

  it("closes a connection that talks before its hello, or sends what is not protocol", async () => {
    const issued = await issue("chatty");
    const early = await connected(issued.key);
    early.send({ type: "health", directoryReachable: true, latencyMs: 1 });
    await early.until(() => early.closed !== null);
    expect(early.closed?.code).toBe(4004);
    const garbled = await connected(issued.key);
    garbled.send("{not json");
    await garbled.until(() => garbled.closed !== null);
    expect(garbled.closed?.code).toBe(4004);
    const privateKey = await connected(issued.key);
    await privateKey.hello({ encryptionKey: { kty: "EC", crv: "P-256", x: "A".repeat(43), y: "B".repeat(43), d: "C".repeat(43) } });
    expect(privateKey.closed?.code).toBe(4004);
  });

  it("closes a connection that never says hello", async () => {
    const issued = await issue("silent");
    const agent = await connected(issued.key);
    const stub = env.WRITEBACK.get(env.WRITEBACK.idFromName(T));
    // As if it had connected a minute ago.
    await runInDurableObject(stub, (_instance, state) => {
      for (const ws of state.getWebSockets(issued.id)) ws.serializeAttachment({ ...ws.deserializeAttachment(), connectedAt: Date.now() - 60_000 });
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await agent.until(() => agent.closed !== null);
    expect(agent.closed?.code).toBe(4005);
  });

  it("revokes a key: its agent is disconnected at once and cannot come back", async () => {
    const issued = await issue("revoked");
    const agent = await connected(issued.key);
    await agent.hello();
    const revoked = await call("DELETE", `/v1/tenants/${T}/writeback/agents/${issued.id}`, { token: key });
    expect(revoked.status).toBe(204);
    await agent.until(() => agent.closed !== null);
    expect(agent.closed?.code).toBe(4001);
    const again = await connectAgent(issued.key);
    expect(again instanceof Response && again.status).toBe(401);
    expect((await status()).agents.some((a: { id: string }) => a.id === issued.id)).toBe(false);
    const twice = await call("DELETE", `/v1/tenants/${T}/writeback/agents/${issued.id}`, { token: key });
    expect(errorCode(twice)).toBe("AGENT_KEY_NOT_FOUND");
  });

  it("replaces an agent's older connection when it reconnects", async () => {
    const issued = await issue("reconnects");
    const keys = await agentKeys();
    const first = await connectAgent(issued.key, keys);
    if (!(first instanceof FakeAgent)) throw new Error("refused");
    await first.hello();
    const second = await connectAgent(issued.key, keys);
    if (!(second instanceof FakeAgent)) throw new Error("refused");
    await first.until(() => first.closed !== null);
    expect(first.closed?.code).toBe(4002);
    await second.hello();
    expect((await status()).agents.find((a: { id: string }) => a.id === issued.id).connected).toBe(true);
    second.close();
  });

  it("caps live keys per tenant, and keeps each tenant's keys to itself", async () => {
    const other = await createTenant("wb-admin-other");
    for (let i = 0; i < 10; i++) {
      const answer = await call("POST", "/v1/tenants/wb-admin-other/writeback/agents", { token: other.key, body: { name: `agent ${i}` } });
      expect(answer.status).toBe(201);
    }
    const over = await call("POST", "/v1/tenants/wb-admin-other/writeback/agents", { token: other.key, body: { name: "one too many" } });
    expect(errorCode(over)).toBe("AGENT_KEY_LIMIT");
    const foreign = await call("GET", `/v1/tenants/${T}/writeback`, { token: other.key });
    expect(foreign.status).toBe(404);
    const missing = await call("GET", "/v1/tenants/no-such-tenant/writeback", { token: BOOTSTRAP });
    expect(errorCode(missing)).toBe("TENANT_NOT_FOUND");
    const badBody = await call("POST", `/v1/tenants/${T}/writeback/agents`, { token: key, body: { name: "" } });
    expect(errorCode(badBody)).toBe("VALIDATION_FAILED");
  });
});
