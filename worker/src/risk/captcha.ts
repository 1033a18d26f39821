import type { PhoneProtectionPolicy } from "#contract/admin/phone-protection";
import type { FlowUi } from "#contract/flows/envelope";
import type { Env } from "../env";
import { CAPTCHA_BLOCK_FACTOR, CAPTCHA_CHALLENGE_FACTOR } from "../limits";
import { altchaChallenge, verifyAltcha } from "./captcha/altcha";
import { assessFlowStart } from "./engine";
import { claimOf, type CaptchaProof } from "./captcha/captcha-claim";
import { TURNSTILE_ACTION, verifyTurnstile } from "./captcha/turnstile";

/**
 * The CAPTCHA every flow's first step passes through, per tenant (phoneProtection.captcha):
 * ALTCHA proof of work by default, Cloudflare Turnstile, or none (tests and development, where a
 * tenant chooses it). Flows call `captchaUi` for their first screen and `verifyCaptcha` on submit;
 * which provider runs is never their concern.
 */
export type { CaptchaProof };

type CaptchaPolicy = PhoneProtectionPolicy["captcha"];

/**
 * The proof-of-work difficulty for a risk score: the tenant's base below the challenge threshold,
 * raised in the challenge band and again at the block threshold.
 *
 * @example
 * altchaDifficulty(policy, 55) // 500_000 with the defaults (base 50,000; challenge at 40)
 */
export function altchaDifficulty(policy: Pick<PhoneProtectionPolicy, "captcha" | "thresholds">, score: number): number {
  const base = policy.captcha.altchaDifficulty;
  if (score >= policy.thresholds.block) return base * CAPTCHA_BLOCK_FACTOR;
  if (score >= policy.thresholds.challenge) return base * CAPTCHA_CHALLENGE_FACTOR;
  return base;
}

/**
 * Whether a send scored in the challenge band may go: only after a CAPTCHA. The flow's first
 * screen already asked for a harder proof of work when the request's own signals (its address,
 * its country) put it in the band, so a flow that passed its CAPTCHA has paid the challenge; a
 * flow that passed none (a tenant without CAPTCHA) has not, and its send is withheld.
 */
export function meetsChallenge(proof: CaptchaProof | null): boolean {
  return proof !== null;
}

/**
 * What the flow's first screen shows: a signed ALTCHA challenge for this flow at the difficulty
 * the request's risk calls for, Turnstile's site key, or nothing.
 *
 * @example
 * ui.captcha = await captchaUi(env, { flowId, policy, score: preScore });
 */
export async function captchaUi(
  env: Env,
  input: { flowId: string; policy: Pick<PhoneProtectionPolicy, "captcha" | "thresholds">; score: number },
): Promise<NonNullable<FlowUi["captcha"]>> {
  const captcha: CaptchaPolicy = input.policy.captcha;
  if (captcha.provider === "altcha") {
    return { provider: "altcha", challenge: await altchaChallenge(env, input.flowId, altchaDifficulty(input.policy, input.score)) };
  }
  if (captcha.provider === "turnstile" && captcha.turnstile) {
    return { provider: "turnstile", challenge: { siteKey: captcha.turnstile.siteKey, action: TURNSTILE_ACTION, cData: input.flowId } };
  }
  return { provider: "none" };
}

/**
 * Checks the token a flow's first step submitted. A solution counts once: the flow's claim
 * records it, and the send step later reads how much proof of work it paid.
 *
 * @example
 * if (!(await verifyCaptcha(env, { flowId, policy, token: input.captcha, ip }))) refuse("CAPTCHA_INVALID");
 */
export async function verifyCaptcha(
  env: Env,
  input: { flowId: string; policy: Pick<PhoneProtectionPolicy, "captcha">; token: string | undefined; ip: string | null },
): Promise<boolean> {
  const captcha = input.policy.captcha;
  if (captcha.provider === "none") return true;
  if (!input.token) return false;
  let proof: CaptchaProof | null = null;
  if (captcha.provider === "altcha") {
    const solved = await verifyAltcha(env, input.flowId, input.token);
    if (solved) proof = { provider: "altcha", difficulty: solved.difficulty, at: Date.now() };
  } else if (captcha.turnstile) {
    const passed = await verifyTurnstile(env, { secretKey: captcha.turnstile.secretKey, token: input.token, flowId: input.flowId, ip: input.ip });
    if (passed) proof = { provider: "turnstile", difficulty: 0, at: Date.now() };
  }
  return proof !== null && (await claimOf(env, input.flowId).claim(proof));
}

/** The CAPTCHA the flow passed, if any: what a send in the challenge band is judged by. */
export function captchaProof(env: Env, flowId: string): Promise<CaptchaProof | null> {
  return claimOf(env, flowId).proof();
}

/**
 * The CAPTCHA a flow's first screen shows: ALTCHA's proof of work is made harder when the
 * request's own signals (its address, its country) already look like pumping.
 *
 * @example
 * if (record.state === "identify") ui.captcha = await identifyCaptcha(env, { flowId, policy, homeCountries, meta });
 */
export async function identifyCaptcha(
  env: Env,
  input: { flowId: string; policy: PhoneProtectionPolicy; homeCountries: readonly string[]; ip: string | null; country: string | null },
): Promise<NonNullable<FlowUi["captcha"]>> {
  const { policy } = input;
  if (policy.captcha.provider !== "altcha") return captchaUi(env, { flowId: input.flowId, policy, score: 0 });
  const { score } = await assessFlowStart(env, { policy, homeCountries: input.homeCountries, ip: input.ip, requestCountry: input.country });
  return captchaUi(env, { flowId: input.flowId, policy, score });
}
