import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { call, errorCode } from "../../../test/api";
import { agentKeys, connectAgent, FakeAgent } from "../../../test/fake-agent";
import { codeSentTo, flowTenant, startFlow, submit, userWithMethods, verifyBySms } from "../../../test/flows";
import { verifyPassword } from "../../password/set-password";

let origin = "";
let key = "";
let agentKey = "";
const T = "wb-flow";
const ORIGINAL = "Original-Passw0rd-Kestrel";
const agents: FakeAgent[] = [];

beforeAll(async () => {
  ({ origin, key } = await flowTenant(T));
  await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token: key, body: { onPremises: { writebackEnabled: true } } });
  agentKey = (await call("POST", `/v1/tenants/${T}/writeback/agents`, { token: key, body: { name: "dc01" } })).json.key;
});

afterEach(() => {
  for (const agent of agents.splice(0)) agent.close();
});

const keys = agentKeys();

async function onlineAgent(): Promise<FakeAgent> {
  const agent = await connectAgent(agentKey, await keys);
  if (!(agent instanceof FakeAgent)) throw new Error(`agent refused: ${agent.status}`);
  await agent.hello();
  agents.push(agent);
  return agent;
}

/** A user at the new-password step of a reset flow. */
async function atNewPassword(userName: string, phone: string) {
  const user = await userWithMethods(T, key, { userName, phone });
  const id = (await startFlow(T, origin)).json.id as string;
  await verifyBySms(id, origin, userName, phone, phone);
  return { user, id };
}

const matches = async (userId: string, password: string) => ((await verifyPassword(env, T, userId, password)) as { value: { match: boolean } }).value.match;

const auditOf = (activity: string) =>
  expect
    .poll(async () => (await call("GET", `/v1/tenants/${T}/auditLogs?$top=100&activity=${encodeURIComponent(activity)}`, { token: key })).json.value, {
      timeout: 3_000,
    });

describe("reset and unlock with password writeback", () => {
  it("sends the password sealed to the agent, and keeps it only once the agent's signed result says done", async () => {
    const agent = await onlineAgent();
    const { user, id } = await atNewPassword("ok@wb.example", "+12015550171");
    const answer = submit(id, origin, { password: "Lantern-Meadow-Quartz-31" });
    const command = await agent.command();
    expect(command).toMatchObject({ user: { id: user.id, userName: "ok@wb.example" }, unlock: true });
    expect(command.startWithinMs).toBeGreaterThan(5_000);
    expect(JSON.stringify(command)).not.toContain("Lantern");
    const opened = await agent.password(command);
    expect(opened.password).toBe("Lantern-Meadow-Quartz-31");
    expect(opened.header).toMatchObject({ alg: "ECDH-ES", enc: "A256GCM", cmd: command.commandId });
    await agent.answer(command, { ok: true, passwordSet: true, unlocked: true }, T);
    expect((await answer).json.state).toBe("done");
    expect(await matches(user.id, "Lantern-Meadow-Quartz-31")).toBe(true);
    await auditOf("User wrote back password to on-premises directory").toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: user.id, result: "success" })]),
    );
    const status = (await call("GET", `/v1/tenants/${T}/writeback`, { token: key })).json;
    expect(status.last24h.succeeded).toBeGreaterThanOrEqual(1);
  });

  it("answers the directory's policy refusal as a password error with its rules, and keeps nothing", async () => {
    const agent = await onlineAgent();
    const { user, id } = await atNewPassword("policy@wb.example", "+12015550172");
    const answer = submit(id, origin, { password: "Harbor-Violet-Ember-52" });
    const command = await agent.command();
    await agent.answer(command, { ok: false, code: "PASSWORD_POLICY", violations: [{ code: "PASSWORD_TOO_SHORT", minLength: 24 }] }, T);
    const refused = await answer;
    expect(refused.status).toBe(400);
    expect(errorCode(refused)).toBe("PASSWORD_REJECTED");
    expect(refused.json.error.violations).toEqual([{ code: "PASSWORD_TOO_SHORT", minLength: 24 }]);
    expect(refused.json.flow.state).toBe("new_password");
    expect(await matches(user.id, ORIGINAL)).toBe(true);
    // The user can try again in the same flow.
    const retry = submit(id, origin, { password: "Harbor-Violet-Ember-Saffron-Lighthouse-52" });
    await agent.answer(await agent.command(1), { ok: true, passwordSet: true, unlocked: true }, T);
    expect((await retry).json.state).toBe("done");
  });

  it("maps the directory's other refusals to clear codes", async () => {
    const agent = await onlineAgent();
    const cases = [
      [{ ok: false, code: "USER_NOT_FOUND" }, "WRITEBACK_USER_NOT_FOUND"],
      [{ ok: false, code: "PASSWORD_TOO_YOUNG" }, "PASSWORD_CHANGED_TOO_RECENTLY"],
      [{ ok: false, code: "PASSWORD_POLICY" }, "PASSWORD_DIRECTORY_POLICY"],
      [{ ok: false, code: "ACCESS_DENIED" }, "WRITEBACK_FAILED"],
      [{ ok: false, code: "EXPIRED" }, "WRITEBACK_TIMEOUT"],
    ] as const;
    const { user, id } = await atNewPassword("codes@wb.example", "+12015550173");
    for (const [index, [outcome, code]] of cases.entries()) {
      const answer = submit(id, origin, { password: `Copper-Falcon-Willow-${index}9` });
      await agent.answer(await agent.command(index), outcome, T);
      expect(errorCode(await answer), code).toBe(code);
    }
    expect(await matches(user.id, ORIGINAL)).toBe(true);
  });

  it("keeps a password the directory took even when its lockout stayed, and audits the unlock's failure", async () => {
    const agent = await onlineAgent();
    const { user, id } = await atNewPassword("stuck@wb.example", "+12015550177");
    const answer = submit(id, origin, { password: "Meadow-Falcon-Copper-Beacon-12" });
    await agent.answer(await agent.command(), { ok: true, passwordSet: true, unlocked: false }, T);
    expect((await answer).json.state).toBe("done");
    expect(await matches(user.id, "Meadow-Falcon-Copper-Beacon-12")).toBe(true);
    await auditOf("User unlocked account in on-premises directory").toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: user.id, result: "failure", reason: "WRITEBACK_FAILED" })]),
    );
  });

  it("fails cleanly when no agent is connected, and keeps nothing", async () => {
    const { user, id } = await atNewPassword("offline@wb.example", "+12015550174");
    const answer = await submit(id, origin, { password: "Ember-Glacier-Violet-66" });
    expect(answer.status).toBe(503);
    expect(errorCode(answer)).toBe("WRITEBACK_AGENT_OFFLINE");
    expect(answer.json.flow.state).toBe("new_password");
    expect(await matches(user.id, "Ember-Glacier-Violet-66")).toBe(false);
    await auditOf("User wrote back password to on-premises directory").toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: user.id, result: "failure", reason: "WRITEBACK_AGENT_OFFLINE" })]),
    );
  });

  it("ignores a result not signed by the agent's registered key", async () => {
    const agent = await onlineAgent();
    const { user, id } = await atNewPassword("forged@wb.example", "+12015550175");
    const answer = submit(id, origin, { password: "Saffron-Anchor-Willow-23" });
    const command = await agent.command();
    const forger = await agentKeys();
    await agent.answer(command, { ok: true, passwordSet: true, unlocked: true }, T, forger.signing.privateKey);
    await agent.until(() => agent.closed !== null);
    expect(agent.closed?.code).toBe(4004);
    // The real agent comes back and gets the same command again, with what is left of its window.
    const back = await onlineAgent();
    const again = await back.command();
    expect(again.commandId).toBe(command.commandId);
    expect(again.startWithinMs).toBeLessThan(command.startWithinMs);
    await back.answer(again, { ok: true, passwordSet: true, unlocked: true }, T);
    expect((await answer).json.state).toBe("done");
    expect(await matches(user.id, "Saffron-Anchor-Willow-23")).toBe(true);
  });

  it("clears the lockout on-premises first on an unlock, and stays locked when the directory refuses", async () => {
    const agent = await onlineAgent();
    const locked = async (userId: string) => (await call("GET", `/v1/tenants/${T}/users/${userId}`, { token: key })).json.locked;
    const user = await userWithMethods(T, key, { userName: "unlock@wb.example", phone: "+12015550176", locked: true });
    const id = (await startFlow(T, origin, "unlock")).json.id as string;
    await submit(id, origin, { identifier: "unlock@wb.example" });
    await submit(id, origin, { method: "sms-1", confirm: "+12015550176" });
    expect((await submit(id, origin, { action: "verify", code: await codeSentTo("+12015550176") })).json.state).toBe("unlock_options");

    const refused = submit(id, origin, { choice: "unlock" });
    const first = await agent.command();
    expect(first).toMatchObject({ password: null, unlock: true });
    await agent.answer(first, { ok: false, code: "DIRECTORY_UNAVAILABLE" }, T);
    expect(errorCode(await refused)).toBe("WRITEBACK_FAILED");
    expect(await locked(user.id)).toBe(true);

    const done = submit(id, origin, { choice: "unlock" });
    await agent.answer(await agent.command(1), { ok: true, passwordSet: false, unlocked: true }, T);
    expect((await done).json.state).toBe("done");
    expect(await locked(user.id)).toBe(false);
    expect(await matches(user.id, ORIGINAL)).toBe(true);
    await auditOf("User unlocked account in on-premises directory").toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: user.id, result: "failure", reason: "WRITEBACK_FAILED" }),
        expect.objectContaining({ userId: user.id, result: "success" }),
      ]),
    );
  });
});
