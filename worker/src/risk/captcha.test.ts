import { env } from "cloudflare:workers";
import type { Challenge } from "altcha-lib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultPhoneProtectionPolicy } from "#contract/admin/phone-protection";
import { errorCode } from "../../test/api";
import { flowTenant, solveAltcha, startFlow, submit } from "../../test/flows";
import { setPolicy } from "../../test/risk";
import { applySimClock, resetSimClock, SIM_TIME_HEADER } from "../lib/sim-clock";
import { CAPTCHA_BLOCK_FACTOR, CAPTCHA_CHALLENGE_FACTOR } from "../limits";
import { altchaDifficulty, captchaProof, captchaUi, verifyCaptcha } from "./captcha";

const policy = { ...defaultPhoneProtectionPolicy, captcha: { ...defaultPhoneProtectionPolicy.captcha, altchaDifficulty: 1_000 } };
let flows = 0;
const flowId = () => `captcha-t.${String(++flows).padStart(24, "0")}`;
const challengeFor = async (id: string, score = 0) => (await captchaUi(env, { flowId: id, policy, score })).challenge as Challenge;
const verify = (id: string, token: string | undefined, p = policy) => verifyCaptcha(env, { flowId: id, policy: p, token, ip: "203.0.113.9" });
const decode = (token: string) => JSON.parse(atob(token));
const encode = (payload: unknown) => btoa(JSON.stringify(payload));

afterEach(() => resetSimClock());

describe("ALTCHA proof of work", () => {
  it("accepts a solved challenge once, and remembers what it proved", async () => {
    const id = flowId();
    const token = await solveAltcha(await challengeFor(id));
    expect(await verify(id, token)).toBe(true);
    expect(await captchaProof(env, id)).toMatchObject({ provider: "altcha", difficulty: 1_000 });
    expect(await verify(id, token)).toBe(false);
  });

  it("refuses a solution replayed on another flow", async () => {
    const id = flowId();
    const token = await solveAltcha(await challengeFor(id));
    expect(await verify(flowId(), token)).toBe(false);
    expect(await verify(id, token)).toBe(true);
  });

  it("refuses forged solutions: a tampered difficulty or flow, a wrong key, a missing signature, garbage", async () => {
    const id = flowId();
    const token = await solveAltcha(await challengeFor(id));
    const payload = decode(token);
    const tampered = structuredClone(payload);
    tampered.challenge.parameters.data.difficulty = 50_000_000;
    const wrongKey = structuredClone(payload);
    wrongKey.solution.derivedKey = "00".repeat(32);
    const unsigned = structuredClone(payload);
    delete unsigned.challenge.signature;
    const otherFlow = structuredClone(payload);
    otherFlow.challenge.parameters.data.flow = "captcha-t.somebody-elses-flow-id";
    for (const forged of [encode(tampered), encode(wrongKey), encode(unsigned), encode(otherFlow), "not base64 at all", btoa("{}"), ""]) {
      expect(await verify(id, forged)).toBe(false);
    }
    expect(await verify(id, undefined)).toBe(false);
    expect(await verify(id, token)).toBe(true);
  });

  it("refuses a challenge solved after it expired", async () => {
    const id = flowId();
    const token = await solveAltcha(await challengeFor(id));
    applySimClock({ SESAME_ENV: "test", SESAME_SIM_CLOCK: "on" }, new Request("http://x/", { headers: { [SIM_TIME_HEADER]: String(Date.now() + 11 * 60_000) } }));
    expect(await verify(id, token)).toBe(false);
  });

  it("raises the difficulty with the risk score", async () => {
    expect(altchaDifficulty(policy, 0)).toBe(1_000);
    expect(altchaDifficulty(policy, 45)).toBe(1_000 * CAPTCHA_CHALLENGE_FACTOR);
    expect(altchaDifficulty(policy, 70)).toBe(1_000 * CAPTCHA_BLOCK_FACTOR);
    const hard = await challengeFor(flowId(), 45);
    expect(hard.parameters.data).toMatchObject({ difficulty: 1_000 * CAPTCHA_CHALLENGE_FACTOR });
  });
});

describe("Cloudflare Turnstile", () => {
  const turnstile = { ...policy, captcha: { provider: "turnstile" as const, altchaDifficulty: 1_000, turnstile: { siteKey: "0x4AAAAAAAtest", secretKey: "test-turnstile-secret" } } };

  it("shows the site key and binds the widget to the flow", async () => {
    const id = flowId();
    expect(await captchaUi(env, { flowId: id, policy: turnstile, score: 0 })).toEqual({
      provider: "turnstile",
      challenge: { siteKey: "0x4AAAAAAAtest", action: "sesame-flow", cData: id },
    });
  });

  it("accepts a token siteverify passes for this flow, once", async () => {
    const id = flowId();
    expect(await verify(id, `pass:${id}`, turnstile)).toBe(true);
    expect(await captchaProof(env, id)).toMatchObject({ provider: "turnstile" });
    const again = flowId();
    // siteverify itself refuses a redeemed token, and the flow's claim is already taken.
    expect(await verify(again, `pass:${id}`, turnstile)).toBe(false);
    expect(await verify(id, `pass:${id}`, turnstile)).toBe(false);
  });

  it("refuses a token for another flow, a failed token, a wrong secret, and an unreachable siteverify", async () => {
    const id = flowId();
    expect(await verify(id, `pass:${flowId()}`, turnstile)).toBe(false);
    expect(await verify(id, "fail", turnstile)).toBe(false);
    const wrongSecret = { ...turnstile, captcha: { ...turnstile.captcha, turnstile: { siteKey: "x", secretKey: "nope" } } };
    expect(await verify(flowId(), `pass:${id}-2`, wrongSecret)).toBe(false);
    const down = { ...env, TURNSTILE_SITEVERIFY_URL: "http://127.0.0.1:9/siteverify" };
    const otherId = flowId();
    expect(await verifyCaptcha(down, { flowId: otherId, policy: turnstile, token: `pass:${otherId}`, ip: null })).toBe(false);
  });
});

describe("the identify step", () => {
  let origin = "";
  let key = "";
  beforeAll(async () => {
    ({ origin, key } = await flowTenant("captcha-flow"));
  });

  it("issues an ALTCHA challenge by default and refuses an identify without its solution", async () => {
    const created = await startFlow("captcha-flow", origin);
    expect(created.json.ui.captcha.provider).toBe("altcha");
    const refused = await submit(created.json.id, origin, { identifier: "anyone@x.example", captcha: "forged" });
    expect(errorCode(refused)).toBe("CAPTCHA_INVALID");
    expect(refused.json.flow.state).toBe("identify");
    expect(refused.json.flow.ui.captcha.challenge.parameters.data.flow).toBe(created.json.id);
    expect((await submit(created.json.id, origin, { identifier: "anyone@x.example" })).json.state).toBe("choose_method");
  });

  it("lets a tenant that chose none through without a CAPTCHA", async () => {
    await setPolicy("captcha-flow", key, { captcha: { provider: "none" } });
    const created = await startFlow("captcha-flow", origin);
    expect(created.json.ui.captcha).toEqual({ provider: "none" });
    expect((await submit(created.json.id, origin, { identifier: "anyone@x.example" })).json.state).toBe("choose_method");
    await setPolicy("captcha-flow", key, { captcha: { provider: "altcha" } });
  });
});
