import type { PhoneProtectionPolicy, RiskReason, RiskSignal, RiskSummary } from "#contract/admin/phone-protection";
import type { AuditReason } from "#contract/audit";
import type { Env } from "../env";
import { log } from "../http/log";
import { RISK_METHOD_NEW_MS } from "../limits";
import { newId } from "../lib/crypto";
import { meetsChallenge, type CaptchaProof } from "./captcha";
import { askExternal } from "./external";
import { addressKey, numberKey, riskKeys, signalsOf, type RiskKeys } from "./keys";
import { matchesPrefix, numberReasons, phoneFacts, type PhoneFacts } from "./phone-facts";
import { decide, isEstablished, preScore, scoreSend, withExternal } from "./score";
import type { DecisionRow, ObserveInput } from "./signals/types";
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
  /** When the user registered this number as a method, if the caller knows. */
  methodRegisteredAt?: number | null;
  /** The CAPTCHA the flow passed; asked only for a send scored in the challenge band. */
  captcha?: () => Promise<CaptchaProof | null>;
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
  // performance.now, not Date.now: the simulator's clock may jump forward while a decision waits,
  // and a decision timed past the record's bounds would be lost with the send it records.
  const started = performance.now();
  const { policy } = request;
  const facts = phoneFacts(request.destination);
  const keys = riskKeys(env, request.tenantId, facts, request.ip);
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
  const decidedIn = Math.min(Math.round(performance.now() - started), 60_000);
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
      // The attempt was counted when it was judged; what came of it is written after the answer:
      // a code sent, in every object (conversion; an established number's leaves its block and
      // range out), and the decision, under the number's scope.
      const established = isEstablished(request.methodRegisteredAt, Date.now());
      const writes =
        outcome === "sent"
          ? [...scored.scopes].map(([key, scopes]) =>
              signalsOf(env, key).record({
                event: "sent",
                scopes: conversionScopes(keys, scopes, established),
                ...(key === keys.numbers ? { decision: row } : {}),
              }),
            )
          : [];
      if (outcome !== "sent" || !scored.scopes.has(keys.numbers)) writes.push(signalsOf(env, keys.numbers).record({ scopes: [{ scope: keys.scopes.number }], decision: row }));
      background.waitUntil(Promise.all(writes).catch((error: unknown) => log("error", "risk.settle.failed", { name: (error as Error)?.name })));
      // Only what an operator needs to look at: an allowed send that went is routine, and the
      // explain API keeps it. A log line per send cost the send's answer more than deciding did
      // in local workerd, where logging shares the isolate's one thread.
      if (decision !== "allow" || outcome !== "sent") log("info", "risk.decision", { tenant: request.tenantId, score: row.score, decision, outcome, ms: row.ms, reasons: summary.reasons });
    },
  };
}

type Scope = NonNullable<ObserveInput["scopes"]>[number];

/**
 * The scopes a code sent or entered counts in. An established number's codes leave its block and
 * range out: those signals judge it at a share as a bystander, and a bystander's entered code
 * must not earn back the volume of the numbers being pumped around it (their conversion, and so
 * their breaker, is measured on the numbers they judge in full).
 */
function conversionScopes(keys: RiskKeys, scopes: Scope[], established: boolean) {
  const judged = established ? scopes.filter(({ scope }) => scope !== keys.scopes.range && scope !== keys.scopes.block) : scopes;
  return judged.map(({ scope, breaker }) => ({ scope, ...(breaker ? { breaker } : {}) }));
}

/**
 * The tenant-wide scope for requests from another country than their number's, to numbers
 * that look ordinary (no line type, country or prefix reason): takeover attempts through proxies
 * look like that. Pumping of premium or disallowed numbers is refused on the number alone and
 * must not make travellers' requests look like a takeover wave.
 */
const ELSEWHERE_SCOPE = "elsewhere";
export const fromElsewhere = (requestCountry: string | null, facts: PhoneFacts, numberReasons: readonly RiskReason[]) =>
  requestCountry !== null && facts.country !== null && requestCountry !== facts.country && numberReasons.length === 0;

/**
 * What each object is asked about (and later records), per scope. `method`: how old the number's
 * method is, if known. A new one (under a day) is counted among the range's new methods; an
 * established one (a month or more) is not counted among its range's and block's numbers at all:
 * a bystander is evidence neither for nor against the numbers around it.
 */
function scopesOf(keys: RiskKeys, facts: PhoneFacts, elsewhere: boolean, method: "new" | "established" | null = null): Map<string, Scope[]> {
  const { number, range, block, address, country } = keys.scopes;
  const counted = method !== "established";
  const scopes = new Map<string, Scope[]>([
    [
      keys.numbers,
       // A range counts the blocks its numbers fall in: numbers scattered over a range (slow and low)
      // reach many blocks, sequential ones stay in one, which the block's own signals judge.
      [
        // The number counts the addresses asking for it: takeover rotates proxies per attempt.
        { scope: number, members: address ? [{ kind: "adr", value: address }] : [] },
        {
          scope: range,
          breaker: "range",
          members: [
            ...(counted ? [{ kind: "sfx" as const, value: facts.block.slice(facts.range.length) }] : []),
            ...(method === "new" ? [{ kind: "new" as const, value: facts.e164.slice(facts.range.length) }] : []),
          ],
        },
        { scope: block, members: counted ? [{ kind: "sfx", value: facts.e164.slice(-3) }] : [] },
      ],
    ],
    [keys.tenant, [{ scope: "" }, { scope: country, breaker: "country" }]],
  ]);
  if (elsewhere) scopes.set(keys.elsewhere, [{ scope: ELSEWHERE_SCOPE }]);
  if (keys.ip && address) scopes.set(keys.ip, [{ scope: address, members: [{ kind: "num", value: number }, { kind: "cc", value: country }] }]);
  return scopes;
}

/**
 * Lists first, then every signal at once (three or four objects and the external provider, one call each,
 * each counting the attempt as it answers); the score and its reasons.
 */
async function score(
  env: Env,
  request: SendRequest,
  facts: PhoneFacts,
  keys: RiskKeys,
): Promise<{ signals: RiskSignal[]; score: number; scopes: Map<string, Scope[]> }> {
  const { policy } = request;
  const none = new Map<string, Scope[]>();
  if (policy.mode === "off") return { signals: [], score: 0, scopes: none };
  if (matchesPrefix(facts.e164, [...policy.deny.numbers, ...policy.deny.prefixes])) return { signals: [{ reason: "DENY_LISTED", points: 100 }], score: 100, scopes: none };
  if (matchesPrefix(facts.e164, [...policy.allow.numbers, ...policy.allow.prefixes])) return { signals: [{ reason: "ALLOW_LISTED", points: 0 }], score: 0, scopes: none };
  const allowedCountries = allowedCountriesOf(policy, request.homeCountries);
  const reasons = numberReasons(facts, request.channel, { allowed: allowedCountries, highRisk: policy.highRiskPrefixes });
  const elsewhere = fromElsewhere(request.requestCountry, facts, reasons);
  const registered = request.methodRegisteredAt ?? null;
  const method = registered !== null && Date.now() - registered < RISK_METHOD_NEW_MS ? "new" : isEstablished(registered, Date.now()) ? "established" : null;
  const scopes = scopesOf(keys, facts, elsewhere, method);
  // Each object judges and counts the attempt in one call: sends that arrive together see each other.
  const attempt = (key: string | null) => (key && scopes.has(key) ? signalsOf(env, key).attempt({ scopes: scopes.get(key)! }) : Promise.resolve(null));
  const [numbers, ip, tenant, abroad, external] = await Promise.all([
    attempt(keys.numbers),
    attempt(keys.ip),
    attempt(keys.tenant),
    attempt(keys.elsewhere),
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
  ]);
  const scored = withExternal(
    scoreSend(
      {
        channel: request.channel,
        facts,
        numberReasons: reasons,
        number: numbers![0]!,
        range: numbers![1]!,
        block: numbers![2]!,
        ip: ip?.[0] ?? null,
        tenant: tenant![0]!,
        country: tenant![1]!,
        elsewhere: abroad?.[0] ?? null,
        requestCountry: request.requestCountry,
        address: keys.scopes.address,
        allowedCountries,
        methodRegisteredAt: request.methodRegisteredAt ?? null,
        now: Date.now(),
      },
      policy,
    ),
    external,
    policy.external?.failMode ?? "open",
  );
  // Only a send in the challenge band asks what CAPTCHA its flow passed.
  if (decide(scored.score, policy.thresholds) === "challenge") {
    const proof = request.captcha ? await request.captcha() : null;
    scored.signals.push({ reason: meetsChallenge(proof) ? "CHALLENGE_MET" : "CHALLENGE_UNMET", points: 0 });
  }
  return { ...scored, scopes };
}

/**
 * A code sent to this number was verified: the number's history, and the conversion of its
 * range and block, its country, and the address it was verified from.
 */
export function recordVerified(
  env: Env,
  background: Background,
  input: { tenantId: string; destination: string; ip: string | null; country: string | null; allowedCountries: readonly string[]; methodRegisteredAt?: number | null },
): void {
  if (!input.destination.startsWith("+")) return;
  const facts = phoneFacts(input.destination);
  const keys = riskKeys(env, input.tenantId, facts, input.ip);
  // The tenant's own high-risk prefixes are not known here; a code entered to such a number from
  // abroad is rare enough that the surge's count of entered codes may miss it.
  const reasons = numberReasons(facts, "sms", { allowed: input.allowedCountries, highRisk: [] });
  const established = isEstablished(input.methodRegisteredAt, Date.now());
  const writes = [...scopesOf(keys, facts, fromElsewhere(input.country, facts, reasons))].map(([key, scopes]) =>
    signalsOf(env, key).record({
      event: "verified",
      scopes: conversionScopes(keys, scopes, established),
      // Under the number's scope (first in its bucket): a country and an address this number is used from.
      ...(key === keys.numbers && input.country ? { country: input.country } : {}),
      ...(key === keys.numbers && keys.scopes.address ? { address: keys.scopes.address } : {}),
    }),
  );
  background.waitUntil(Promise.all(writes).catch((error: unknown) => log("error", "risk.verified.failed", { name: (error as Error)?.name })));
}

/** A number reported by its owner ("this wasn't me") or an admin: every later send to it scores higher. */
export async function reportNumber(env: Env, e164: string): Promise<void> {
  const { object, scope } = numberKey(env, e164);
  await signalsOf(env, object).record({ event: "reported", scopes: [{ scope }] });
}

/**
 * An address a user said "this wasn't me" about (a reset or sign-in they did not start): every
 * later request from it scores higher, and its first screens ask for more proof of work.
 */
export async function reportAddress(env: Env, ip: string | null): Promise<void> {
  const address = addressKey(env, ip);
  if (address) await signalsOf(env, address.object).record({ event: "reported", scopes: [{ scope: address.scope }] });
}

/** The first screen's score, from the client address and the request's country alone. */
export async function assessFlowStart(
  env: Env,
  input: { policy: PhoneProtectionPolicy; homeCountries: readonly string[]; ip: string | null; requestCountry: string | null },
): Promise<{ score: number; signals: RiskSignal[] }> {
  if (input.policy.mode === "off") return { score: 0, signals: [] };
  const address = addressKey(env, input.ip);
  const ip = address ? (await signalsOf(env, address.object).observe({ scopes: [{ scope: address.scope }] }))[0]! : null;
  return preScore(ip, input.requestCountry, allowedCountriesOf(input.policy, input.homeCountries));
}
