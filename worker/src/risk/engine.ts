import type { PhoneProtectionPolicy, RiskSignal, RiskSummary } from "#contract/admin/phone-protection";
import type { AuditReason } from "#contract/audit";
import type { Env } from "../env";
import { log } from "../http/log";
import { newId } from "../lib/crypto";
import { keyedHash } from "../otp/code";
import { meetsChallenge, type CaptchaProof } from "./captcha";
import { askExternal } from "./external";
import { ipSignalsKey, riskKeys, signalsOf } from "./keys";
import { matchesPrefix, numberReasons, phoneFacts } from "./phone-facts";
import { decide, preScore, scoreSend, withExternal } from "./score";
import type { DecisionRow } from "./signals/types";
import { chargeSpend } from "./spend/spend";

type Background = Pick<ExecutionContext, "waitUntil">;

export interface SendRequest {
  tenantId: string;
  homeCountries: readonly string[];
  policy: PhoneProtectionPolicy;
  flowId: string | null;
  channel: "sms" | "voice";
  /** E.164. */
  destination: string;
  ip: string | null;
  requestCountry: string | null;
  /** Lookups the caller has already started; awaited alongside the signals, never after them. */
  methodRegisteredAt?: Promise<number | null>;
  captcha?: Promise<CaptchaProof | null>;
}

export type SendOutcomeKind = DecisionRow["outcome"];

export interface Assessment {
  /** Whether the send may go (in shadow mode it always may). */
  send: boolean;
  /** What the audit log records when the send is refused. */
  refusal: Extract<AuditReason, "RISK_BLOCKED" | "RISK_CHALLENGE_UNMET" | "SPEND_CAP_REACHED"> | null;
  summary: RiskSummary;
  /** Records what finally happened (sent, or refused by a throttle or delivery), in the background. */
  settle(outcome: SendOutcomeKind): void;
}

export const allowedCountriesOf = (policy: PhoneProtectionPolicy, homeCountries: readonly string[]): readonly string[] =>
  policy.allowedCountries ?? homeCountries;

const numberHash = async (env: Env, e164: string) =>
  [...(await keyedHash(env.OTP_HMAC_SECRET, `risk:number:${e164}`)).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Decides whether one SMS or call may go, before anything is spent on it: the allow and deny
 * lists, then every signal from the number's, block's, range's, address's and tenant's objects
 * (all asked at once), the optional external provider, the thresholds, the flow's CAPTCHA for
 * the challenge band and the spend caps. The answer carries the score and its reasons; the
 * caller answers the end user exactly as if the code were sent.
 *
 * @example
 * const risk = await assessSend(env, ctx, { tenantId, homeCountries, policy, flowId, channel: "sms", destination, ip, requestCountry });
 * if (!risk.send) { risk.settle("withheld"); return; }
 */
export async function assessSend(env: Env, background: Background, request: SendRequest): Promise<Assessment> {
  const started = Date.now();
  const { policy } = request;
  const facts = phoneFacts(request.destination);
  const keys = riskKeys(request.tenantId, facts, request.ip);
  const scored = await score(env, request, facts, keys);
  const decision = decide(scored.score, policy.thresholds);
  const enforced = policy.mode === "enforce";
  let refusal: Assessment["refusal"] = null;
  if (decision === "block") refusal = "RISK_BLOCKED";
  else if (decision === "challenge" && scored.signals.some((s) => s.reason === "CHALLENGE_UNMET")) refusal = "RISK_CHALLENGE_UNMET";
  if (!enforced) refusal = null;
  // Spend is charged last, once nothing else refuses: a refused send costs nothing.
  if (refusal === null && policy.mode !== "off") {
    const paid = await chargeSpend(env, request.tenantId, policy.spend, facts.e164, facts.country);
    if (!paid) {
      scored.signals.push({ reason: "SPEND_CAP_REACHED", points: 0 });
      refusal = "SPEND_CAP_REACHED";
    }
  }
  const summary: RiskSummary = { score: scored.score, decision, reasons: scored.signals.map((s) => s.reason) };
  // What the decision itself cost the send, from the first lookup to the spend charge.
  const decidedIn = Date.now() - started;
  return {
    send: refusal === null,
    refusal,
    summary,
    settle(outcome) {
      if (policy.mode === "off") return;
      const row: DecisionRow = {
        id: newId("rsk"),
        tenantId: request.tenantId,
        flowId: request.flowId,
        channel: request.channel,
        score: scored.score,
        decision,
        enforced,
        outcome,
        signals: scored.signals,
        ms: decidedIn,
      };
      const sent = outcome === "sent";
      const writes = [
        signalsOf(env, keys.number).record({ ...(sent ? { event: "sent" as const } : {}), decision: row }),
        ...(sent ? sentTo(keys).map((key) => signalsOf(env, key).record({ event: "sent" })) : []),
      ];
      background.waitUntil(Promise.all(writes).catch((error: unknown) => log("error", "risk.settle.failed", { name: (error as Error)?.name })));
      log("info", "risk.decision", { tenant: request.tenantId, score: row.score, decision, outcome, ms: row.ms, reasons: summary.reasons });
    },
  };
}

/** Lists first, then every signal at once; the score with the reasons that make it up. */
async function score(
  env: Env,
  request: SendRequest,
  facts: ReturnType<typeof phoneFacts>,
  keys: ReturnType<typeof riskKeys>,
): Promise<{ signals: RiskSignal[]; score: number }> {
  const { policy } = request;
  if (policy.mode === "off") return { signals: [], score: 0 };
  if (matchesPrefix(facts.e164, [...policy.deny.numbers, ...policy.deny.prefixes])) return { signals: [{ reason: "DENY_LISTED", points: 100 }], score: 100 };
  if (matchesPrefix(facts.e164, [...policy.allow.numbers, ...policy.allow.prefixes])) return { signals: [{ reason: "ALLOW_LISTED", points: 0 }], score: 0 };
  const allowedCountries = allowedCountriesOf(policy, request.homeCountries);
  const members = keys.ip ? [{ kind: "num" as const, value: await numberHash(env, facts.e164) }, { kind: "cc" as const, value: facts.country ?? "ZZ" }] : [];
  const [number, block, range, ip, country, tenant, external, methodRegisteredAt, proof] = await Promise.all([
    signalsOf(env, keys.number).observe({ attempt: true }),
    signalsOf(env, keys.block).observe({ attempt: true, members: [{ kind: "sfx", value: facts.e164.slice(-3) }] }),
    signalsOf(env, keys.range).observe({ attempt: true, breaker: "range" }),
    keys.ip ? signalsOf(env, keys.ip).observe({ attempt: true, members }) : Promise.resolve(null),
    signalsOf(env, keys.country).observe({ attempt: true, breaker: "country" }),
    signalsOf(env, keys.tenant).observe({ attempt: true }),
    policy.external
      ? askExternal(env, policy.external, {
          tenantId: request.tenantId,
          flowId: request.flowId,
          channel: request.channel,
          phoneNumber: facts.e164,
          numberCountry: facts.country,
          ip: request.ip,
          requestCountry: request.requestCountry,
        })
      : Promise.resolve(null),
    request.methodRegisteredAt ?? Promise.resolve(null),
    request.captcha ?? Promise.resolve(null),
  ]);
  const reasons = numberReasons(facts, request.channel, { allowed: allowedCountries, highRisk: policy.highRiskPrefixes });
  const inputs = { channel: request.channel, facts, numberReasons: reasons, number, block, range, ip, country, tenant };
  const scored = withExternal(
    scoreSend({ ...inputs, requestCountry: request.requestCountry, allowedCountries, methodRegisteredAt, now: Date.now() }, policy),
    external,
    policy.external?.failMode ?? "open",
  );
  if (decide(scored.score, policy.thresholds) === "challenge") {
    scored.signals.push({ reason: meetsChallenge(proof) ? "CHALLENGE_MET" : "CHALLENGE_UNMET", points: 0 });
  }
  return scored;
}

/** The keys whose conversion a send and its verification count towards (the number's own is recorded with its decision). */
const sentTo = (keys: ReturnType<typeof riskKeys>): string[] => [keys.block, keys.range, keys.country, ...(keys.ip ? [keys.ip] : [])];

/**
 * A code sent to this number was verified: the number's history, and the conversion of its
 * block, range, country and the address it was verified from.
 */
export function recordVerified(env: Env, background: Background, tenantId: string, destination: string, ip: string | null): void {
  if (!destination.startsWith("+")) return;
  const keys = riskKeys(tenantId, phoneFacts(destination), ip);
  const breakers: Record<string, "range" | "country"> = { [keys.range]: "range", [keys.country]: "country" };
  background.waitUntil(
    Promise.all([keys.number, ...sentTo(keys)].map((key) => signalsOf(env, key).record({ event: "verified", ...(breakers[key] ? { breaker: breakers[key] } : {}) }))).catch(
      (error: unknown) => log("error", "risk.verified.failed", { name: (error as Error)?.name }),
    ),
  );
}

/** A number reported by its owner ("this wasn't me") or an admin: every later send to it scores higher. */
export async function reportNumber(env: Env, e164: string): Promise<void> {
  await signalsOf(env, `num/${e164}`).record({ event: "reported" });
}

/** The first screen's score, from the client address and the request's country alone. */
export async function assessFlowStart(
  env: Env,
  input: { policy: PhoneProtectionPolicy; homeCountries: readonly string[]; ip: string | null; requestCountry: string | null },
): Promise<{ score: number; signals: RiskSignal[] }> {
  if (input.policy.mode === "off") return { score: 0, signals: [] };
  const key = ipSignalsKey(input.ip);
  const ip = key ? await signalsOf(env, key).observe({}) : null;
  return preScore(ip, input.requestCountry, allowedCountriesOf(input.policy, input.homeCountries));
}
