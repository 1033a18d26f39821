import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAgent, type RunningAgent } from "../../agent/src/agent.ts";
import { loadConfig } from "../../agent/src/config.ts";
import type { Directory } from "../../agent/src/directory/ldap.ts";
import { memoryLogger } from "../../agent/src/log.ts";
import { addPerson, bindsWith, lockOut, policyState } from "../support/ldap-users";
import { sesameClient, type SesameClient } from "../support/sesame-client";
import { startSesame } from "../support/start-sesame";

/**
 * Password writeback through the whole system: the real worker (wrangler dev, workerd), the real
 * agent in Node connected to it over a real WebSocket, and a real OpenLDAP with ppolicy.
 */
const slapd = inject("slapd");
const DIRECTORY_PASSWORD = "Directory-Original-Passw0rd-1";
let sesame: Awaited<ReturnType<typeof startSesame>>;
let client: SesameClient;
let agentKeys: { cli: string; inProcess: string };
const agentLog = memoryLogger();
const stateDir = mkdtempSync(join(tmpdir(), "sesame-agent-e2e-"));
let agent: RunningAgent | null = null;
let drop: "before" | "after" | null = null;

const agentEnv = (key: string, dir: string): Record<string, string> => ({
  SESAME_URL: sesame.api,
  SESAME_AGENT_KEY: key,
  SESAME_AGENT_STATE_DIR: dir,
  LDAP_KIND: "openldap",
  LDAP_URL: slapd.ldapsUrl,
  LDAP_CA_FILE: slapd.caFile,
  LDAP_BIND_DN: slapd.agentDn,
  LDAP_BIND_PASSWORD: slapd.agentPassword,
  LDAP_BASE_DN: slapd.peopleDn,
  LDAP_PPOLICY_DN: slapd.policyDn,
});

/** The in-process agent, whose connection a test can drop just before or after the directory changes. */
async function startInProcessAgent(): Promise<RunningAgent> {
  const faulty = (real: Directory): Directory => ({
    health: () => real.health(),
    async apply(request) {
      if (drop === "before") agent?.reconnect();
      const outcome = await real.apply(request);
      if (drop === "after") agent?.reconnect();
      drop = null;
      return outcome;
    },
  });
  agent = await startAgent(loadConfig(agentEnv(agentKeys.inProcess, stateDir)), { log: agentLog, directory: faulty });
  await agent.welcomed();
  return agent;
}

const status = async () => (await client.admin("GET", "/writeback")).json;

/** A person in both Sesame and the directory, under the same user name, at the new-password step. */
let people = 0;
async function atNewPassword(type: "reset" | "unlock" = "reset") {
  const uid = `e2e${Date.now().toString(36)}${people}`;
  const userName = `${uid}@contoso.example`;
  const phone = `+120155501${String(80 + people++).padStart(2, "0")}`;
  const userId = await client.user(userName, phone);
  const dn = await addPerson(slapd, uid, userName, DIRECTORY_PASSWORD);
  const flowId = await client.startFlow(type);
  const verified = await client.verify(flowId, userName, phone);
  return { userId, userName, dn, flowId, verified };
}

beforeAll(async () => {
  sesame = await startSesame();
  client = sesameClient(sesame.api, sesame.adminKey, `http://127.0.0.1:${sesame.port + 1}`);
  await client.admin("PATCH", "/policies/passwordReset", { onPremises: { writebackEnabled: true, allowUnlockWithoutReset: true } });
  const issue = async (name: string) => (await client.admin("POST", "/writeback/agents", { name })).json.key as string;
  agentKeys = { cli: await issue("npm run agent"), inProcess: await issue("in-process agent") };
});

afterAll(async () => {
  await agent?.stop();
  await sesame?.stop();
});

describe("password writeback, end to end", () => {
  it("runs `npm run agent`, which connects and reports, and a reset changes the password in LDAP", async () => {
    const child = spawn(process.execPath, ["agent/src/main.ts"], {
      env: { ...process.env, ...agentEnv(agentKeys.cli, mkdtempSync(join(tmpdir(), "sesame-agent-cli-"))) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    try {
      await expect.poll(async () => (await status()).agents.find((a: { name: string }) => a.name === "npm run agent")?.health, { timeout: 30_000 })
        .toMatchObject({ directoryReachable: true });
      const listed = (await status()).agents.find((a: { name: string }) => a.name === "npm run agent");
      expect(listed).toMatchObject({ connected: true, registered: true, version: "0.1.0", directory: "openldap" });

      const { dn, flowId, userId } = await atNewPassword();
      const done = await client.submit(flowId, { password: "Lantern-Meadow-Quartz-Falcon-31" });
      expect(done.json.state).toBe("done");
      expect(await bindsWith(slapd, dn, "Lantern-Meadow-Quartz-Falcon-31")).toBe(true);
      expect(await bindsWith(slapd, dn, DIRECTORY_PASSWORD)).toBe(false);
      const audit = await client.admin("GET", `/auditLogs?userId=${userId}&activity=${encodeURIComponent("User wrote back password to on-premises directory")}`);
      expect(audit.json.value).toEqual([expect.objectContaining({ result: "success" })]);
      expect(output).not.toContain("Lantern");
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    expect(child.exitCode).toBe(0);
    await expect.poll(async () => (await status()).connected, { timeout: 10_000 }).toBe(false);
  });

  it("brings the directory's policy refusal back as a password error, and changes neither side", async () => {
    await startInProcessAgent();
    const { dn, flowId } = await atNewPassword();
    // Long enough for Sesame's policy, too short for the directory's (20).
    const short = await client.submit(flowId, { password: "Harbor-Violet-52" });
    expect(short.status).toBe(400);
    expect(short.json.error).toMatchObject({ code: "PASSWORD_REJECTED", violations: [{ code: "PASSWORD_TOO_SHORT", minLength: 20 }] });
    // The directory's current password: Sesame has never seen it, the directory's history has.
    const reused = await client.submit(flowId, { password: DIRECTORY_PASSWORD });
    expect(reused.json.error).toMatchObject({ code: "PASSWORD_REJECTED", violations: [{ code: "PASSWORD_REUSED", historyCount: 3 }] });
    expect(reused.json.flow.state).toBe("new_password");
    expect(await bindsWith(slapd, dn, DIRECTORY_PASSWORD)).toBe(true);
    // The flow goes on with a password both accept.
    expect((await client.submit(flowId, { password: "Harbor-Violet-Ember-Saffron-52" })).json.state).toBe("done");
  });

  it("clears the directory's lockout on an unlock, keeping the password", async () => {
    const { dn, verified, flowId } = await atNewPassword("unlock");
    expect(verified.json.state).toBe("unlock_options");
    await lockOut(slapd, dn);
    expect((await policyState(slapd, dn)).locked).toBe(true);
    const done = await client.submit(flowId, { choice: "unlock" });
    expect(done.json.state).toBe("done");
    expect((await policyState(slapd, dn)).locked).toBe(false);
    expect(await bindsWith(slapd, dn, DIRECTORY_PASSWORD)).toBe(true);
  });

  it("fails cleanly while the agent is offline, and the same password goes through once it is back", async () => {
    await agent!.stop();
    await expect.poll(async () => (await status()).connected, { timeout: 10_000 }).toBe(false);
    const { dn, flowId } = await atNewPassword();
    const offline = await client.submit(flowId, { password: "Copper-Lark-Meadow-Summit-90" });
    expect(offline.status).toBe(503);
    expect(offline.json.error.code).toBe("WRITEBACK_AGENT_OFFLINE");
    expect(offline.json.flow.state).toBe("new_password");
    expect(await bindsWith(slapd, dn, DIRECTORY_PASSWORD)).toBe(true);
    await startInProcessAgent();
    // Had Sesame kept the password, its history would now refuse it.
    expect((await client.submit(flowId, { password: "Copper-Lark-Meadow-Summit-90" })).json.state).toBe("done");
    expect(await bindsWith(slapd, dn, "Copper-Lark-Meadow-Summit-90")).toBe(true);
  });

  for (const when of ["after", "before"] as const) {
    it(`neither loses nor repeats the change when the connection drops ${when} the directory changes`, async () => {
      const { dn, flowId } = await atNewPassword();
      const before = await policyState(slapd, dn);
      const remembered = agentLog.lines.filter((l) => l.msg === "command answered from memory").length;
      drop = when;
      const done = await client.submit(flowId, { password: `Granite-Fjord-Basil-Willow-${when}` });
      expect(done.json.state).toBe("done");
      expect(await bindsWith(slapd, dn, `Granite-Fjord-Basil-Willow-${when}`)).toBe(true);
      // One change in the directory's history: the command that came back was answered from memory.
      expect((await policyState(slapd, dn)).history).toBe(before.history + 1);
      expect(agentLog.lines.filter((l) => l.msg === "command answered from memory").length).toBe(remembered + 1);
      expect(JSON.stringify(agentLog.lines)).not.toContain("Granite");
    });
  }
});
