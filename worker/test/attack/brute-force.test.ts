import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { OTP_MAX_FAILURES_PER_FLOW, OTP_MAX_SENDS_PER_FLOW, OTP_RESEND_INTERVAL_SECONDS, THROTTLE_RULES } from "../../src/limits";
import { challengeOf } from "../../src/otp/send-code";
import { call, errorCode } from "../api";
import { codeSentTo, flowTenant, startFlow, submit, userWithMethods } from "../flows";

/**
 * Brute force of a one-time code. The attacker's guesses include the right code, placed after
 * the caps are spent: a cap that leaked would let it through, so "zero successes" is earned by
 * the caps, not by luck. Volume runs against the CodeChallenge object itself (the same object
 * every HTTP verify reaches), the account's caps through the real flow API.
 */

const sms = { tenantId: "brute", destination: "+12015550160", channel: "sms" } as const;
const six = (n: number) => String(n % 1_000_000).padStart(6, "0");

describe("brute force of a code, at volume, on the code's own object", () => {
  it("gives zero successes over 100,000 guesses across resends and parallel waves, and counts only 5 checks", { timeout: 300_000 }, async () => {
    const FLOWS = 4;
    const WAVES = OTP_MAX_SENDS_PER_FLOW; // a resend before every wave but the first
    const PER_WAVE = 5_000;
    let guesses = 0;
    let successes = 0;
    const refusals = new Map<string, number>();
    for (let f = 0; f < FLOWS; f++) {
      const flowId = `brute-${f}-${crypto.randomUUID()}`;
      const stub = challengeOf(env, flowId);
      const t0 = Date.now();
      for (let wave = 0; wave < WAVES; wave++) {
        const now = t0 + wave * (OTP_RESEND_INTERVAL_SECONDS + 1) * 1000;
        const issued = await stub.issue({ ...sms, flowId, now });
        // The first code is issued; once the flow's failures are spent no resend is either.
        if (wave === 0) expect(issued.ok).toBe(true);
        else expect(issued).toEqual({ ok: false, code: "OTP_ATTEMPTS_EXCEEDED" });
        const right = issued.ok ? issued.value.code : null;
        // Every guess of the wave in parallel, the right code last but still in the same wave.
        const batch = Array.from({ length: PER_WAVE }, (_, i) => six(wave * PER_WAVE + i + f * 7919)).filter((g) => g !== right);
        const candidates = right ? [...batch.slice(0, PER_WAVE - 1), right] : batch.slice(0, PER_WAVE);
        for (let start = 0; start < candidates.length; start += 1_000) {
          const results = await Promise.all(candidates.slice(start, start + 1_000).map((code) => stub.verify({ code, destination: sms.destination, now: now + 1 })));
          for (const result of results) {
            guesses++;
            if (result.ok) successes++;
            else refusals.set(result.code, (refusals.get(result.code) ?? 0) + 1);
          }
        }
      }
      const status = await stub.status();
      expect(status.failures).toBe(OTP_MAX_FAILURES_PER_FLOW);
      expect(status.sends).toBe(1);
    }
    expect(guesses).toBeGreaterThanOrEqual(100_000);
    expect(successes).toBe(0);
    // Five guesses per flow were checked; every other one was refused without a check.
    expect(refusals.get("OTP_INVALID")).toBe(FLOWS * OTP_MAX_FAILURES_PER_FLOW);
    expect(refusals.get("OTP_ATTEMPTS_EXCEEDED")).toBe(guesses - FLOWS * OTP_MAX_FAILURES_PER_FLOW);
  });
});

describe("brute force through the flow API", () => {
  const T = "brute-http";
  let origin = "";

  beforeAll(async () => {
    let key: string;
    ({ origin, key } = await flowTenant(T));
    await userWithMethods(T, key, { userName: "victim@brute.example", phone: "+1 201 555 0161" });
  });

  async function codeWaiting(ip: string) {
    const id = (await startFlow(T, origin, "reset", ip)).json.id as string;
    await submit(id, origin, { identifier: "victim@brute.example" }, ip);
    const since = Date.now();
    const chosen = await submit(id, origin, { method: "sms-1", confirm: "+12015550161" }, ip);
    // Once the account's failures are spent, a new flow is refused before any code is sent.
    if (errorCode(chosen) === "RATE_LIMITED") return { id, code: null };
    expect(chosen.json.state, JSON.stringify(chosen.json)).toBe("verify_code");
    return { id, code: await codeSentTo("+12015550161", since) };
  }

  it("holds the flow's and the account's caps under parallel guesses on several flows, from many addresses", { timeout: 180_000 }, async () => {
    let successes = 0;
    let checked = 0;
    const flows: string[] = [];
    const accountCap = THROTTLE_RULES.failedVerificationsPerUser.limit;
    let blockedFlows = 0;
    for (let round = 0; round < 3; round++) {
      const waiting = await codeWaiting(`198.51.100.${10 + round}`);
      const id = waiting.id;
      if (waiting.code === null) blockedFlows++;
      else flows.push(id);
      // A blocked flow never got a code: the attacker guesses anyway, around a code it cannot know.
      const code = waiting.code ?? "500000";
      // 150 wrong guesses at once, each from its own address, so no per-address limit helps.
      const wrong = Array.from({ length: 150 }, (_, i) => six(Number(code) + 1 + i));
      const answers = await Promise.all(wrong.map((guess, i) => submit(id, origin, { action: "verify", code: guess }, `10.${round}.${i >> 8}.${i & 255}`)));
      for (const answer of answers) {
        if (answer.status === 200) successes++;
        if (errorCode(answer) === "OTP_INVALID") checked++;
        expect(answer.status).toBeLessThan(500);
      }
      // Then the right code, in parallel with more guesses and a resend: refused as well.
      const late = await Promise.all([
        submit(id, origin, { action: "verify", code }, "10.9.9.9"),
        submit(id, origin, { action: "resend" }, "10.9.9.10"),
        ...wrong.slice(0, 20).map((guess, i) => submit(id, origin, { action: "verify", code: guess }, `10.8.${round}.${i}`)),
      ]);
      for (const answer of late) if (answer.status === 200 && answer.json.state !== "verify_code") successes++;
      expect(errorCode(late[0]!)).not.toBeUndefined();
    }
    expect(blockedFlows).toBeGreaterThan(0);
    expect(successes).toBe(0);
    // However many flows and addresses: only as many wrong codes were ever checked as the
    // account allows in a day (Entra's 5), the first flow's own 5 among them.
    expect(checked).toBeLessThanOrEqual(Math.max(accountCap, OTP_MAX_FAILURES_PER_FLOW));
    const failures = await Promise.all(flows.map(async (id) => (await challengeOf(env, `${id}/0`).status()).failures));
    expect(failures.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(accountCap);
    // The account stays blocked from reset: a new flow is refused before any code is sent.
    expect((await codeWaiting("198.51.100.50")).code).toBeNull();
    expect((await call("GET", `/v1/flows/${flows[0]}`, { headers: { origin } })).json.state).toBe("verify_code");
  });
});
