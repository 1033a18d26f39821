import type { PhoneProtectionPolicy, RiskDecision, RiskReason, RiskSignal } from "#contract/admin/phone-protection";
import {
  RISK_COUNTRY_SPIKE_FLOOR,
  RISK_ESTABLISHED_NUMBER_SPACE_SHARE,
  RISK_METHOD_ESTABLISHED_MS,
  RISK_METHOD_JUST_ADDED_MS,
  RISK_METHOD_NEW_MS,
  RISK_NEVER_VERIFIED_AFTER,
  RISK_POINTS,
  RISK_SHARDS,
  RISK_SPIKE_FACTOR,
  RISK_TENANT_SPIKE_FLOOR,
  RISK_TIERS,
} from "../limits";
import type { PhoneFacts } from "./phone-facts";
import type { Snapshot } from "./signals/types";

/**
 * The arithmetic of a risk score, free of storage and network so each signal can be tested
 * alone: every signal that fires adds its points (limits.ts) and names its reason; the score is
 * the sum, capped to 0–100. Nothing here is a black box: the reasons are the explanation.
 */
export interface SendSignals {
  channel: "sms" | "voice";
  facts: PhoneFacts;
  numberReasons: RiskReason[];
  number: Snapshot;
  block: Snapshot;
  range: Snapshot;
  ip: Snapshot | null;
  country: Snapshot;
  tenant: Snapshot;
  /** The tenant's requests from another country than their number's, when this one is such a request. */
  elsewhere?: Snapshot | null;
  requestCountry: string | null;
  /** The client address's scope (keyed hash), when Cloudflare named the client. */
  address?: string | null;
  allowedCountries: readonly string[];
  methodRegisteredAt: number | null;
  now: number;
}

/** A method registered a month or more before (`RISK_METHOD_ESTABLISHED_MS`); unknown is not. */
export const isEstablished = (registeredAt: number | null | undefined, now: number): boolean =>
  registeredAt != null && now - registeredAt >= RISK_METHOD_ESTABLISHED_MS;

const tier = (count: number, tiers: readonly (readonly [number, number])[]): number =>
  tiers.reduce((points, [at, value]) => (count >= at ? value : points), 0);

class Tally {
  readonly signals: RiskSignal[] = [];
  add(reason: RiskReason, points: number): void {
    const existing = this.signals.find((s) => s.reason === reason);
    if (existing) existing.points = Math.max(existing.points, points);
    else this.signals.push({ reason, points });
  }
  /** A signal worth 100 on its own (a country not allowed, an enforced open breaker) is final: trust cannot offset it. */
  get score(): number {
    if (this.signals.some((s) => s.points >= 100)) return 100;
    return Math.max(0, Math.min(100, this.signals.reduce((sum, s) => sum + s.points, 0)));
  }
}

const numberPoints: Partial<Record<RiskReason, number>> = RISK_POINTS;

/**
 * How much of a key's velocity to believe: pumped numbers never type their code in, so a key
 * (an office's address, a company's block of numbers) whose codes were verified today earns its
 * volume, in proportion. A key with no sends yet gets no benefit of the doubt.
 */
export function unverifiedShare(snapshot: Snapshot): number {
  if (snapshot.sent.day === 0) return 1;
  return 1 - Math.min(1, snapshot.verified.day / snapshot.sent.day);
}

/**
 * The share, squared: a key with half its codes entered is far less suspect than one with none,
 * and a key with none (pumping, takeover attempts) keeps every point.
 */
const believed = (snapshot: Snapshot) => unverifiedShare(snapshot) ** 2;

/**
 * A surge is judged by its own hour: of the requests counted, how many were followed by an
 * entered code. Refused requests count as unentered, so a surge being blocked stays a surge.
 */
const surgeBelieved = (snapshot: Snapshot) =>
  snapshot.attempts.hour === 0 ? 1 : (1 - Math.min(1, snapshot.verifiedHour / snapshot.attempts.hour)) ** 2;

/** Adds a velocity signal's points, discounted by the key's conversion (and a share, if given). */
function addVelocity(tally: Tally, reason: RiskReason, points: number, snapshot: Snapshot, share = 1): void {
  const discounted = Math.round(points * share * believed(snapshot));
  if (discounted > 0) tally.add(reason, discounted);
}

/** Signals of the client address: shared by the send score and the first screen's pre-score. */
function ipSignals(tally: Tally, ip: Snapshot | null): void {
  if (!ip) return;
  if (ip.reported > 0) tally.add("ADDRESS_REPORTED", RISK_POINTS.ADDRESS_REPORTED);
  addVelocity(tally, "IP_VELOCITY", Math.max(tier(ip.attempts.short, RISK_TIERS.ipShort), tier(ip.attempts.hour, RISK_TIERS.ipHour)), ip);
  addVelocity(tally, "IP_DISTINCT_NUMBERS", Math.max(tier(ip.distinct.num.hour, RISK_TIERS.ipDistinctHour), tier(ip.distinct.num.day, RISK_TIERS.ipDistinctDay)), ip);
  addVelocity(tally, "IP_MANY_COUNTRIES", tier(ip.distinct.cc.day, RISK_TIERS.ipCountriesDay), ip);
}

const spike = (snapshot: Snapshot, floor: number) =>
  snapshot.attempts.hour >= Math.ceil(floor / RISK_SHARDS) && snapshot.attempts.hour >= RISK_SPIKE_FACTOR * snapshot.hourlyMean;

/**
 * Scores one send from everything its keys know.
 *
 * @example
 * const { signals, score } = scoreSend(inputs, policy);
 */
export function scoreSend(input: SendSignals, policy: Pick<PhoneProtectionPolicy, "circuitBreaker" | "thresholds">): { signals: RiskSignal[]; score: number } {
  const tally = new Tally();
  for (const reason of input.numberReasons) tally.add(reason, numberPoints[reason] ?? 0);

  // History: what Sesame has seen of this number, and how long the user has had the method.
  const { number } = input;
  if (number.firstSeen === null) tally.add("NUMBER_FIRST_SEEN", RISK_POINTS.NUMBER_FIRST_SEEN);
  // A number used from elsewhere than ever before earns no trust from its past: that is what an
  // account takeover from abroad looks like (and a trip abroad, which the rest keeps below block).
  const from = input.requestCountry;
  const newCountry = number.verified.ever > 0 && from !== null && number.verifiedFrom.length > 0 && !number.verifiedFrom.includes(from);
  // Likewise from an address it was never verified from: a takeover through a proxy in the
  // victim's own country earns nothing from the victim's history (a user on a new network neither).
  const address = input.address ?? null;
  const newAddress = number.verified.ever > 0 && address !== null && number.verifiedAddresses.length > 0 && !number.verifiedAddresses.includes(address);
  if (newCountry) tally.add("REQUEST_COUNTRY_NEW", RISK_POINTS.REQUEST_COUNTRY_NEW);
  else if (newAddress) tally.add("NUMBER_VERIFIED_ELSEWHERE", RISK_POINTS.NUMBER_VERIFIED_ELSEWHERE);
  else if (number.verified.ever > 0) tally.add("NUMBER_VERIFIED_BEFORE", RISK_POINTS.NUMBER_VERIFIED_BEFORE);
  else if (number.sent.ever >= RISK_NEVER_VERIFIED_AFTER) tally.add("NUMBER_NEVER_VERIFIED", RISK_POINTS.NUMBER_NEVER_VERIFIED);
  if (number.reported > 0) tally.add("NUMBER_REPORTED", RISK_POINTS.NUMBER_REPORTED);
  const age = input.methodRegisteredAt === null ? null : input.now - input.methodRegisteredAt;
  if (age !== null && age < RISK_METHOD_NEW_MS) tally.add("METHOD_NEW", age < RISK_METHOD_JUST_ADDED_MS ? RISK_POINTS.METHOD_JUST_ADDED : RISK_POINTS.METHOD_NEW);

  // Velocity of the number, its block of 1,000, the client address, the tenant and the country.
  addVelocity(tally, "NUMBER_VELOCITY", Math.max(tier(number.attempts.hour, RISK_TIERS.numberHour), tier(number.attempts.day, RISK_TIERS.numberDay)), number);
  addVelocity(tally, "NUMBER_MANY_ADDRESSES", Math.max(tier(number.distinct.adr.hour, RISK_TIERS.numberAddressesHour), tier(number.distinct.adr.day, RISK_TIERS.numberAddressesDay)), number);
  // The block's and range's signals judge the numbers around this one. A number its user
  // registered a month or more before is a bystander there (pumping signs numbers up, or uses
  // them unregistered): they count at a share, and say so.
  const established = isEstablished(input.methodRegisteredAt, input.now);
  const share = established ? RISK_ESTABLISHED_NUMBER_SPACE_SHARE : 1;
  const before = tally.signals.length;
  const { block } = input;
  addVelocity(tally, "BLOCK_DISTINCT_NUMBERS", Math.max(tier(block.distinct.sfx.hour, RISK_TIERS.blockDistinctHour), tier(block.distinct.sfx.day, RISK_TIERS.blockDistinctDay)), block, share);
  addVelocity(tally, "BLOCK_VELOCITY", tier(block.attempts.hour, RISK_TIERS.blockAttemptsHour), block, share);
  // Numbers scattered over a range (slow-and-low pumping in a leased range); it also keeps a
  // recovering range's breaker from spending its probe while the range is still being pumped.
  const { range } = input;
  addVelocity(tally, "RANGE_DISTINCT_NUMBERS", Math.max(tier(range.distinct.sfx.hour, RISK_TIERS.rangeDistinctHour), tier(range.distinct.sfx.day, RISK_TIERS.rangeDistinctDay)), range, share);
  if (established && tally.signals.length > before) tally.add("METHOD_ESTABLISHED", 0);
  // Accounts signed up to pump arrive together: a new method's number, with other new ones in its
  // range (the range counts them only from sends whose method is new, as this one's must be).
  if (age !== null && age < RISK_METHOD_NEW_MS) {
    addVelocity(tally, "RANGE_NEW_METHODS", Math.max(tier(range.distinct.new.hour, RISK_TIERS.rangeNewMethodsHour), tier(range.distinct.new.day, RISK_TIERS.rangeNewMethodsDay)), range);
  }
  ipSignals(tally, input.ip);
  if (spike(input.tenant, RISK_TENANT_SPIKE_FLOOR)) tally.add("TENANT_SPIKE", RISK_POINTS.TENANT_SPIKE);
  if (spike(input.country, RISK_COUNTRY_SPIKE_FLOOR)) tally.add("COUNTRY_SPIKE", RISK_POINTS.COUNTRY_SPIKE);

  // Consistency of the request's country with the number's and the tenant's. Many requests from
  // another country than their number's whose codes go unentered are a campaign (takeover
  // attempts through proxies): each such request then weighs more, a traveller's with the rest.
  if (from && input.facts.country && from !== input.facts.country) {
    tally.add(input.allowedCountries.includes(from) ? "REQUEST_COUNTRY_MISMATCH" : "REQUEST_COUNTRY_FOREIGN", input.allowedCountries.includes(from) ? RISK_POINTS.REQUEST_COUNTRY_MISMATCH : RISK_POINTS.REQUEST_COUNTRY_FOREIGN);
  }
  if (from && !input.allowedCountries.includes(from) && age !== null && age < RISK_METHOD_JUST_ADDED_MS) {
    tally.add("METHOD_JUST_ADDED_ABROAD", RISK_POINTS.METHOD_JUST_ADDED_ABROAD);
  }
  if (input.elsewhere) {
    const points = Math.round(tier(input.elsewhere.attempts.hour, RISK_TIERS.elsewhereHour) * surgeBelieved(input.elsewhere));
    if (points > 0) tally.add("FOREIGN_SURGE", points);
  }

  // Conversion: the range's breaker blocks when enforced; a country's only adds points. A
  // recovering range spends its probe only on a send that looks clean otherwise.
  const mode = policy.circuitBreaker.mode;
  if (mode !== "off") {
    const enforced = mode === "enforce";
    if (input.country.breaker === "open") tally.add("COUNTRY_CIRCUIT_OPEN", enforced ? RISK_POINTS.COUNTRY_CIRCUIT_OPEN : 0);
    const probe = input.range.breaker === "probe" && tally.score < policy.thresholds.challenge;
    if (input.range.breaker === "open" || (input.range.breaker === "probe" && !probe)) tally.add("RANGE_CIRCUIT_OPEN", enforced ? 100 : 0);
    if (probe) tally.add("RANGE_CIRCUIT_PROBE", 0);
  }
  return { signals: tally.signals, score: tally.score };
}

/**
 * The score of a flow's first screen, before any number is known: the client address and where
 * the request comes from. It sets how hard the flow's proof of work is.
 */
export function preScore(ip: Snapshot | null, requestCountry: string | null, allowedCountries: readonly string[]): { signals: RiskSignal[]; score: number } {
  const tally = new Tally();
  ipSignals(tally, ip);
  if (requestCountry && !allowedCountries.includes(requestCountry)) tally.add("REQUEST_COUNTRY_FOREIGN", RISK_POINTS.REQUEST_COUNTRY_FOREIGN);
  return { signals: tally.signals, score: tally.score };
}

/** Folds an external provider's answer in: the higher of the two scores wins. */
export function withExternal(
  scored: { signals: RiskSignal[]; score: number },
  answer: { score: number } | "unavailable" | null,
  failMode: "open" | "closed",
): { signals: RiskSignal[]; score: number } {
  if (answer === null) return scored;
  if (answer === "unavailable") {
    const points = failMode === "closed" ? RISK_POINTS.EXTERNAL_UNAVAILABLE_CLOSED : 0;
    return { signals: [...scored.signals, { reason: "EXTERNAL_UNAVAILABLE", points }], score: Math.min(100, scored.score + points) };
  }
  if (answer.score <= scored.score) return scored;
  return { signals: [...scored.signals, { reason: "EXTERNAL_HIGH_RISK", points: answer.score - scored.score }], score: answer.score };
}

export function decide(score: number, thresholds: PhoneProtectionPolicy["thresholds"]): RiskDecision {
  if (score >= thresholds.block) return "block";
  if (score >= thresholds.challenge) return "challenge";
  return "allow";
}
