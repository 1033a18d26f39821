import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, errorCode } from "../../../test/api";
import { codeSentTo, startFlow, submit, userWithMethods } from "../../../test/flows";
import { auditOf, signInTenant, startAt, submitAt } from "../../../test/signin";
import { lockoutOf, unknownAccountKey } from "../../signin/account";

let origin = "";
let key = "";
const T = "lock-in";
const PASSWORD = "Original-Passw0rd-Kestrel";
let ip = 10;
/** A fresh client address per test, so the per-IP password budget never gets in the way. */
const nextIp = () => `198.51.100.${ip++}`;

beforeAll(async () => {
  ({ origin, key } = await signInTenant(T, { smsSignIn: false }));
});

/** One password attempt in a fresh flow, at the real time or a fake one. */
async function attempt(userName: string, password: string, address: string, now?: number) {
  if (now === undefined) {
    const id = (await startFlow(T, origin, "signin", address)).json.id as string;
    return submit(id, origin, { userName, password }, address);
  }
  const id = (await startAt(T, "signin", now)).json.id as string;
  return submitAt(id, { userName, password }, now, address);
}

const state = (userId: string, now?: number) => lockoutOf(env, T, userId).status(now === undefined ? {} : { now });

describe("smart lockout", () => {
  it("locks after 10 different wrong passwords, and then refuses the right one with the same answer", async () => {
    const user = await userWithMethods(T, key, { userName: "ten@lock.example", phone: "+1 201 555 0191" });
    const address = nextIp();
    for (let i = 1; i <= 9; i++) expect(errorCode(await attempt("ten@lock.example", `Wrong-Guess-${i}`, address))).toBe("SIGNIN_FAILED");
    expect(await state(user.id)).toMatchObject({ locked: false, failures: 9 });
    const tenth = await attempt("ten@lock.example", "Wrong-Guess-10", address);
    expect(await state(user.id)).toMatchObject({ locked: true, strikes: 1 });
    const right = await attempt("ten@lock.example", PASSWORD, address);
    expect(right.status).toBe(tenth.status);
    expect(right.json.error.code).toBe("SIGNIN_FAILED");
    expect(right.json.flow.state).toBe("identify");
    expect(right.headers.get("retry-after")).toBeNull();
  });

  it("does not count the same wrong password again (the last 3 are remembered)", async () => {
    const user = await userWithMethods(T, key, { userName: "same@lock.example", phone: "+1 201 555 0192" });
    const address = nextIp();
    for (let i = 0; i < 12; i++) await attempt("same@lock.example", "Typo-Passw0rd", address);
    expect(await state(user.id)).toMatchObject({ locked: false, failures: 1 });
    for (const guess of ["A-Guess-1", "A-Guess-2", "A-Guess-1", "A-Guess-2", "Typo-Passw0rd"]) await attempt("same@lock.example", guess, address);
    expect((await state(user.id)).failures).toBe(3);
    // Only three are remembered: four wrong passwords in turn count every time.
    for (const guess of ["B-1", "B-2", "B-3", "B-4", "B-1"]) await attempt("same@lock.example", `${guess}-Guess`, address);
    expect((await state(user.id)).failures).toBe(8);
    expect((await attempt("same@lock.example", PASSWORD, address)).json.state).toBe("done");
    expect(await state(user.id)).toMatchObject({ locked: false, failures: 0 });
  });

  it("locks for 60 s, then twice as long on each repeat (fake clock)", async () => {
    const user = await userWithMethods(T, key, { userName: "grow@lock.example", phone: "+1 201 555 0193" });
    const address = nextIp();
    let now = Date.now();
    for (let i = 1; i <= 10; i++) await attempt("grow@lock.example", `Guess-${i}`, address, now);
    expect(await state(user.id, now)).toMatchObject({ locked: true, retryAfter: 60 });
    expect(await state(user.id, now + 59_000)).toMatchObject({ locked: true });
    expect(errorCode(await attempt("grow@lock.example", PASSWORD, address, now + 59_000))).toBe("SIGNIN_FAILED");
    for (const [strike, seconds] of [[2, 120], [3, 240], [4, 480]] as const) {
      now += (seconds / 2) * 1000 + 1000;
      expect((await state(user.id, now)).locked).toBe(false);
      await attempt("grow@lock.example", `Another-Guess-${strike}`, address, now);
      expect(await state(user.id, now)).toMatchObject({ locked: true, strikes: strike, retryAfter: seconds });
    }
    now += 481_000;
    expect((await attempt("grow@lock.example", PASSWORD, address, now)).json.state).toBe("done");
  });

  it("locks an unknown user name the same way", async () => {
    const address = nextIp();
    for (let i = 1; i <= 10; i++) await attempt("ghost@lock.example", `Guess-${i}`, address);
    const unknown = await unknownAccountKey(env, T, "user:ghost@lock.example");
    expect(await lockoutOf(env, T, unknown).status()).toMatchObject({ locked: true, strikes: 1 });
  });

  it("is cleared by a self-service unlock, and by an admin's unlock", async () => {
    const user = await userWithMethods(T, key, { userName: "sspr@lock.example", phone: "+1 201 555 0194" });
    const address = nextIp();
    for (let i = 1; i <= 10; i++) await attempt("sspr@lock.example", `Guess-${i}`, address);
    expect((await state(user.id)).locked).toBe(true);
    const unlock = (await startFlow(T, origin, "unlock")).json.id as string;
    await submit(unlock, origin, { identifier: "sspr@lock.example" });
    await submit(unlock, origin, { method: "sms-1", confirm: "+12015550194" });
    await submit(unlock, origin, { action: "verify", code: await codeSentTo("+12015550194") });
    expect((await submit(unlock, origin, { choice: "unlock" })).json.state).toBe("done");
    expect(await state(user.id)).toMatchObject({ locked: false, failures: 0, strikes: 0 });
    expect((await attempt("sspr@lock.example", PASSWORD, address)).json.state).toBe("done");

    for (let i = 1; i <= 10; i++) await attempt("sspr@lock.example", `Again-${i}`, address);
    expect((await state(user.id)).locked).toBe(true);
    await call("PATCH", `/v1/tenants/${T}/users/${user.id}`, { token: key, body: { locked: false } });
    expect((await state(user.id)).locked).toBe(false);
  });

  it("follows the tenant's threshold and duration", async () => {
    await call("PATCH", `/v1/tenants/${T}/policies/signIn`, { token: key, body: { lockout: { threshold: 3, durationSeconds: 300 } } });
    const user = await userWithMethods(T, key, { userName: "three@lock.example", phone: "+1 201 555 0195" });
    const address = nextIp();
    for (let i = 1; i <= 3; i++) await attempt("three@lock.example", `Guess-${i}`, address);
    expect(await state(user.id)).toMatchObject({ locked: true, retryAfter: 300 });
    await call("PATCH", `/v1/tenants/${T}/policies/signIn`, { token: key, body: { lockout: { threshold: 10, durationSeconds: 60 } } });
  });

  it("audits each lockout, with the wrong passwords never in the log", async () => {
    await expect.poll(async () => (await auditOf(T, key, "Account locked by smart lockout")).length).toBeGreaterThanOrEqual(5);
    const log = await auditOf(T, key);
    expect(log.some((e) => e.activity === "Sign-in with password" && e.reason === "SMART_LOCKOUT")).toBe(true);
    expect(JSON.stringify(log)).not.toMatch(/Guess|Passw0rd/);
  });
});
