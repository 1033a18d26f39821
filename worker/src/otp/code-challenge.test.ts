import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FakeClockRefused } from "../lib/clock";
import { OTP_MAX_SENDS_PER_FLOW, OTP_RESEND_INTERVAL_SECONDS, OTP_TTL_SECONDS_DEFAULT } from "../limits";
import type { IssueInput } from "./challenge-types";
import { CodeChallenge } from "./code-challenge";
import { challengeOf } from "./send-code";

let flows = 0;
const newFlow = () => `flw_challenge_${flows++}_${Math.random().toString(36).slice(2)}`;
const sms = { tenantId: "contoso", destination: "+14255550100", channel: "sms" } as const;

async function issue(flowId: string, extra: Partial<IssueInput> = {}) {
  const result = await challengeOf(env, flowId).issue({ ...sms, flowId, ...extra });
  if (!result.ok) throw new Error(`not issued: ${result.code}`);
  return result.value;
}

const verify = (flowId: string, code: string, extra: { destination?: string; now?: number } = {}) =>
  challengeOf(env, flowId).verify({ code, destination: extra.destination ?? sms.destination, now: extra.now });

/**
 * The error an RPC call rejects with. (`expect(stub.call()).rejects` would also touch properties
 * of the RPC promise, which pipelines further calls that reject unhandled.)
 */
const rejection = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => null, (error: unknown) => error);

/** A code that is certainly not `code`. */
const wrong = (code: string) => code.replace(/^./, (d) => String((Number(d) + 1) % 10));

describe("CodeChallenge.issue", () => {
  it("issues a 6-digit code valid for 5 minutes by default", async () => {
    const now = Date.now();
    const issued = await issue(newFlow(), { now });
    expect(issued.code).toMatch(/^\d{6}$/);
    expect(Date.parse(issued.expiresAt)).toBe(now + OTP_TTL_SECONDS_DEFAULT * 1000);
    expect(Date.parse(issued.resendAvailableAt)).toBe(now + OTP_RESEND_INTERVAL_SECONDS * 1000);
    expect(issued.sendsLeft).toBe(OTP_MAX_SENDS_PER_FLOW - 1);
  });

  it("takes the tenant's length (6–10) and lifetime (up to 10 minutes), and refuses more", async () => {
    const issued = await issue(newFlow(), { length: 10, ttlSeconds: 600 });
    expect(issued.code).toMatch(/^\d{10}$/);
    for (const bad of [{ length: 11 }, { length: 5 }, { ttlSeconds: 601 }, { ttlSeconds: 59 }]) {
      const flowId = newFlow();
      expect(await rejection(challengeOf(env, flowId).issue({ ...sms, flowId, ...bad }))).toBeInstanceOf(Error);
    }
  });

  it("refuses a resend within 30 s with the wait, and a 6th send", async () => {
    const flowId = newFlow();
    const t0 = Date.now();
    const first = await issue(flowId, { now: t0 });
    expect(await challengeOf(env, flowId).issue({ ...sms, flowId, now: t0 + 10_000 })).toEqual({
      ok: false,
      code: "OTP_RESEND_TOO_SOON",
      retryAfter: 20,
    });
    let last = first;
    for (let send = 2; send <= OTP_MAX_SENDS_PER_FLOW; send++) last = await issue(flowId, { now: t0 + (send - 1) * 30_000 });
    expect(last.sendsLeft).toBe(0);
    expect(await challengeOf(env, flowId).issue({ ...sms, flowId, now: t0 + 10 * 60_000 })).toEqual({ ok: false, code: "OTP_SEND_LIMIT" });
    // Only the newest code is valid.
    if (first.code !== last.code) expect((await verify(flowId, first.code, { now: t0 + 130_000 })).ok).toBe(false);
    expect((await verify(flowId, last.code, { now: t0 + 130_000 })).ok).toBe(true);
  });
});

describe("CodeChallenge.verify", () => {
  it("accepts 100 parallel checks of the right code exactly once", async () => {
    const flowId = newFlow();
    const { code } = await issue(flowId);
    const results = await Promise.all(Array.from({ length: 100 }, () => verify(flowId, code)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === "OTP_ALREADY_USED")).toHaveLength(99);
    expect(await verify(flowId, code)).toEqual({ ok: false, code: "OTP_ALREADY_USED" });
  });

  it("fails the 6th check of a code even with the right code", async () => {
    const flowId = newFlow();
    const { code } = await issue(flowId);
    const left = [];
    for (let i = 0; i < 5; i++) {
      const result = await verify(flowId, wrong(code));
      if (result.ok || result.code !== "OTP_INVALID") throw new Error("wrong code not refused");
      left.push(result.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect(await verify(flowId, code)).toEqual({ ok: false, code: "OTP_ATTEMPTS_EXCEEDED" });
  });

  it("does not reset the failure count on a resend", async () => {
    const flowId = newFlow();
    const t0 = Date.now();
    const first = await issue(flowId, { now: t0 });
    for (let i = 0; i < 3; i++) await verify(flowId, wrong(first.code), { now: t0 + 1000 });
    const second = await issue(flowId, { now: t0 + 31_000 });
    expect(await verify(flowId, wrong(second.code), { now: t0 + 32_000 })).toEqual({ ok: false, code: "OTP_INVALID", attemptsLeft: 1 });
    expect(await verify(flowId, wrong(second.code), { now: t0 + 33_000 })).toEqual({ ok: false, code: "OTP_INVALID", attemptsLeft: 0 });
    expect(await verify(flowId, second.code, { now: t0 + 34_000 })).toEqual({ ok: false, code: "OTP_ATTEMPTS_EXCEEDED" });
    // Nor can a new code buy more guesses.
    expect(await challengeOf(env, flowId).issue({ ...sms, flowId, now: t0 + 70_000 })).toEqual({ ok: false, code: "OTP_ATTEMPTS_EXCEEDED" });
  });

  it("binds the code to the destination it was sent to", async () => {
    const flowId = newFlow();
    const { code } = await issue(flowId, { destination: "Alice@Contoso.com", channel: "email" });
    expect(await verify(flowId, code, { destination: "bob@contoso.com" })).toMatchObject({ ok: false, code: "OTP_INVALID" });
    expect(await verify(flowId, code, { destination: "alice@contoso.com" })).toMatchObject({ ok: true, value: { channel: "email" } });
  });

  it("answers OTP_NOT_FOUND for a flow that sent nothing", async () => {
    expect(await verify(newFlow(), "123456")).toEqual({ ok: false, code: "OTP_NOT_FOUND" });
  });

  it("fails an expired code", async () => {
    const flowId = newFlow();
    const t0 = Date.now();
    const { code } = await issue(flowId, { now: t0 });
    expect(await verify(flowId, code, { now: t0 + OTP_TTL_SECONDS_DEFAULT * 1000 })).toEqual({ ok: false, code: "OTP_EXPIRED" });
  });

  it("purges an expired code by its alarm, and forgets the flow at retention's end", async () => {
    const flowId = newFlow();
    const challenge = challengeOf(env, flowId);
    const row = () =>
      runInDurableObject(challenge.stub, (_, state) =>
        state.storage.sql.exec<{ code_mac: ArrayBuffer | null; code_state: string }>("SELECT code_mac, code_state FROM challenges WHERE key = ?", flowId).toArray()[0] ?? null,
      );
    // The bucket's alarm walks through its challenges' due times in order, others' included.
    const alarmUntil = async (done: (r: Awaited<ReturnType<typeof row>>) => boolean) => {
      for (let i = 0; i < 50 && !done(await row()); i++) expect(await runDurableObjectAlarm(challenge.stub)).toBe(true);
    };
    const { code } = await issue(flowId);
    expect((await row())?.code_mac).not.toBeNull();
    await alarmUntil((r) => r?.code_state !== "active");
    expect(await row()).toEqual({ code_mac: null, code_state: "expired" });
    expect(await verify(flowId, code)).toEqual({ ok: false, code: "OTP_EXPIRED" });
    // The next alarm is the end of retention: then nothing of the flow is left.
    await alarmUntil((r) => r === null);
    expect(await challenge.status()).toMatchObject({ exists: false });
    expect(await row()).toBeNull();
    expect(await verify(flowId, code)).toEqual({ ok: false, code: "OTP_NOT_FOUND" });
    // A forgotten flow can start over.
    expect((await challenge.issue({ ...sms, flowId })).ok).toBe(true);
  });

  it("keeps the challenges that share a bucket apart, and purges only what is due", async () => {
    const first = newFlow();
    let second = newFlow();
    while (challengeOf(env, second).stub.id.toString() !== challengeOf(env, first).stub.id.toString()) second = newFlow();
    const t0 = Date.now();
    const a = await issue(first, { now: t0 - OTP_TTL_SECONDS_DEFAULT * 1000 });
    const b = await issue(second);
    expect(await verify(second, a.code === b.code ? wrong(b.code) : a.code)).toMatchObject({ ok: false, code: "OTP_INVALID" });
    expect(await challengeOf(env, first).status(t0)).toMatchObject({ failures: 0, codeState: "expired" });
    await runDurableObjectAlarm(challengeOf(env, first).stub);
    expect(await verify(second, b.code)).toMatchObject({ ok: true });
    expect(await verify(first, a.code, { now: t0 })).toEqual({ ok: false, code: "OTP_EXPIRED" });
  });
});

describe("the fake clock", () => {
  it("is refused by a challenge whose SESAME_ENV is production", async () => {
    const key = newFlow();
    await runInDurableObject(challengeOf(env, key).stub, async (_, state) => {
      const production = new CodeChallenge(state, { ...env, SESAME_ENV: "production" });
      await expect(production.issue(key, { ...sms, flowId: "f", now: Date.now() + 3_600_000 })).rejects.toThrow(FakeClockRefused);
      await expect(production.verify(key, { code: "123456", destination: sms.destination, now: 1 })).rejects.toThrow(FakeClockRefused);
      // Without `now` production works as usual.
      expect((await production.issue(key, { ...sms, flowId: "f" })).ok).toBe(true);
    });
  });
});
