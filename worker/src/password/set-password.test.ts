import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { call, createTenant, createUser } from "../../test/api";
import { directoryOf } from "../directory/stub";
import { hashPassword, parsePhc, PASSWORD_HASH_PARAMS } from "./hash";
import { setPassword, verifyPassword } from "./set-password";

let tenant = "";
let userId = "";

beforeEach(async () => {
  tenant = `fabrikam-${crypto.randomUUID().slice(0, 8)}`;
  const created = await createTenant(tenant, { displayName: "Fabrikam" });
  userId = (await createUser(tenant, created.key, { userName: "alice@fabrikam.example", displayName: "Alice Smith" })).id;
});

/** Everything the directory stores about the user's password, to prove what did or did not change. */
const storedState = () =>
  runInDurableObject(directoryOf(env, tenant), (_instance, state) => ({
    credentials: state.storage.sql.exec("SELECT * FROM credentials WHERE user_id = ?", userId).toArray(),
    history: state.storage.sql.exec("SELECT * FROM password_history WHERE user_id = ? ORDER BY seq", userId).toArray(),
  }));

describe("setPassword", () => {
  it("stores an Argon2id PHC hash with its parameters, never the password, and verifies it", async () => {
    const result = await setPassword(env, tenant, userId, "Harbour-Lights-72");
    expect(result).toMatchObject({ ok: true, value: { sessionEpoch: 1, forceChangePasswordNextSignIn: false } });
    const { credentials, history } = await storedState();
    const hash = String(credentials[0]?.password_hash);
    expect(parsePhc(hash)?.params).toEqual(PASSWORD_HASH_PARAMS);
    expect(JSON.stringify({ credentials, history })).not.toContain("Harbour");
    expect(history).toHaveLength(1);
    expect(await verifyPassword(env, tenant, userId, "Harbour-Lights-72")).toEqual({
      ok: true,
      value: { match: true, forceChangePasswordNextSignIn: false },
    });
    expect(await verifyPassword(env, tenant, userId, "Harbour-Lights-73")).toMatchObject({ value: { match: false } });
  });

  it("refuses a password that breaks the policy and changes nothing", async () => {
    await setPassword(env, tenant, userId, "Harbour-Lights-72");
    const before = await storedState();
    for (const bad of ["short1!", "P@ssw0rd123", "Fabr1kam#99", "alice-Fabulous-1", "Summer2024!"]) {
      const result = await setPassword(env, tenant, userId, bad);
      expect(result.ok, bad).toBe(false);
      expect(result).toHaveProperty("violations");
    }
    expect(await storedState()).toEqual(before);
    expect(await verifyPassword(env, tenant, userId, "Harbour-Lights-72")).toMatchObject({ value: { match: true } });
  });

  it("counts the tenant name as banned", async () => {
    const result = await setPassword(env, tenant, userId, "F@br1kam!!9");
    expect(result).toMatchObject({ ok: false, code: "PASSWORD_BANNED" });
  });

  it("refuses the last three passwords and allows the fourth, keeping only three hashes", async () => {
    const passwords = ["Marble-Canyon-53", "Velvet-Thunder-88", "Copper-Meadow-41", "Silent-Orchard-27"];
    for (const password of passwords) expect((await setPassword(env, tenant, userId, password)).ok).toBe(true);
    for (const recent of passwords.slice(1)) {
      expect(await setPassword(env, tenant, userId, recent)).toMatchObject({ ok: false, code: "PASSWORD_REUSED" });
    }
    expect((await storedState()).history).toHaveLength(3);
    expect((await setPassword(env, tenant, userId, passwords[0]!)).ok).toBe(true);
  });

  it("ends every session on each change, and on demand", async () => {
    await setPassword(env, tenant, userId, "Marble-Canyon-53");
    await setPassword(env, tenant, userId, "Velvet-Thunder-88");
    const directory = directoryOf(env, tenant);
    expect(await directory.sessionEpoch(userId)).toEqual({ ok: true, value: { sessionEpoch: 2 } });
    expect(await directory.revokeSessions(userId)).toEqual({ ok: true, value: { sessionEpoch: 3 } });
  });

  it("refuses a change computed against a state that has moved on", async () => {
    const directory = directoryOf(env, tenant);
    const context = await directory.passwordContext(userId);
    await setPassword(env, tenant, userId, "Marble-Canyon-53");
    const stale = await directory.commitPassword(userId, {
      hash: hashPassword("Velvet-Thunder-88"),
      historyEntry: null,
      forceChange: false,
      expectedVersion: context.ok ? context.value.version : -1,
    });
    expect(stale).toEqual({ ok: false, code: "CONFLICT" });
  });

  it("refuses to store anything but a PHC Argon2id hash", async () => {
    const result = await directoryOf(env, tenant).commitPassword(userId, {
      hash: "plaintext-password",
      historyEntry: null,
      forceChange: false,
      expectedVersion: 0,
    });
    expect(result).toEqual({ ok: false, code: "VALIDATION_FAILED" });
    expect((await storedState()).credentials).toEqual([]);
  });
});

describe("verifyPassword", () => {
  it("answers a user without a password, or an unknown user, like a wrong password", async () => {
    expect(await verifyPassword(env, tenant, userId, "anything")).toEqual({ ok: true, value: { match: false, forceChangePasswordNextSignIn: false } });
    expect(await verifyPassword(env, tenant, "usr_doesnotexist00000", "anything")).toEqual({
      ok: true,
      value: { match: false, forceChangePasswordNextSignIn: false },
    });
  });

  it("upgrades a hash made with weaker parameters after a successful check", async () => {
    await setPassword(env, tenant, userId, "Marble-Canyon-53");
    const weak = hashPassword("Marble-Canyon-53", { memoryCost: 4_096, timeCost: 1, parallelism: 1, hashLength: 32 });
    await runInDurableObject(directoryOf(env, tenant), (_instance, state) => {
      state.storage.sql.exec("UPDATE credentials SET password_hash = ? WHERE user_id = ?", weak, userId);
    });
    expect(await verifyPassword(env, tenant, userId, "Marble-Canyon-53")).toMatchObject({ value: { match: true } });
    const upgraded = String((await storedState()).credentials[0]?.password_hash);
    expect(upgraded).not.toBe(weak);
    expect(parsePhc(upgraded)?.params).toEqual(PASSWORD_HASH_PARAMS);
  });
});

describe("POST /users with a passwordProfile", () => {
  it("creates the user with the password, forcing a change by default, and never returns it", async () => {
    const { key } = await createTenant(`${tenant}-b`);
    const answer = await call("POST", `/v1/tenants/${tenant}-b/users`, {
      token: key,
      body: { userName: "bob@example.com", displayName: "Bob", passwordProfile: { password: "Velvet-Thunder-88" } },
    });
    expect(answer.status).toBe(201);
    expect(JSON.stringify(answer.json)).not.toMatch(/Velvet|password/i);
    expect(await verifyPassword(env, `${tenant}-b`, answer.json.id, "Velvet-Thunder-88")).toEqual({
      ok: true,
      value: { match: true, forceChangePasswordNextSignIn: true },
    });
  });

  it("never writes the password to the logs, accepted or refused", async () => {
    const { key } = await createTenant(`${tenant}-d`);
    const lines: unknown[][] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args)),
    );
    try {
      for (const password of ["Copper-Meadow-41", "dave-Weak1"]) {
        await call("POST", `/v1/tenants/${tenant}-d/users`, {
          token: key,
          body: { userName: `dave${password.length}@example.com`, displayName: "Dave", passwordProfile: { password } },
        });
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toMatch(/Copper-Meadow|dave-Weak1/);
  });

  it("refuses a password the policy refuses, with every violation, and creates no user", async () => {
    const { key } = await createTenant(`${tenant}-c`);
    const answer = await call("POST", `/v1/tenants/${tenant}-c/users`, {
      token: key,
      body: { userName: "carol@example.com", displayName: "Carol", passwordProfile: { password: "carol1", forceChangePasswordNextSignIn: false } },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe("PASSWORD_TOO_SHORT");
    expect(answer.json.error.violations.map((v: { code: string }) => v.code)).toEqual([
      "PASSWORD_TOO_SHORT",
      "PASSWORD_COMPLEXITY",
      "PASSWORD_CONTAINS_NAME",
      "PASSWORD_WEAK",
    ]);
    expect(JSON.stringify(answer.json)).not.toContain("carol1");
    const list = await call("GET", `/v1/tenants/${tenant}-c/users`, { token: key });
    expect(list.json.value).toEqual([]);
  });
});
