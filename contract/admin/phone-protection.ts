import { z } from "zod";
import { CountryCodeSchema, HttpsUrlSchema } from "./common";

/**
 * A tenant's phone protection: how every SMS or voice send is scored (0–100) before it goes out,
 * what happens at each score, and the CAPTCHA that guards a flow's first step. The admin API
 * sets it (`/v1/tenants/:tenant/policies/phoneProtection`); every decision is kept with its
 * score and reasons so an admin can ask why a number was refused, while the end user only ever
 * sees the generic "if this matches, we sent a code".
 */

/** Why a send scored what it did. A closed vocabulary: audit events carry these, never free text. */
export const RiskReasons = [
  // The number itself
  "NUMBER_INVALID",
  "LINE_VOIP",
  "LINE_PREMIUM_RATE",
  "LINE_SHARED_COST",
  "LINE_TOLL_FREE",
  "LINE_PAGER",
  "LINE_UAN",
  "LINE_PERSONAL",
  "LINE_VOICEMAIL",
  "LINE_FIXED",
  "LINE_UNKNOWN",
  "COUNTRY_NOT_ALLOWED",
  "HIGH_RISK_PREFIX",
  // History
  "NUMBER_FIRST_SEEN",
  "NUMBER_NEVER_VERIFIED",
  "NUMBER_VERIFIED_BEFORE",
  "NUMBER_VERIFIED_ELSEWHERE",
  "NUMBER_REPORTED",
  "ADDRESS_REPORTED",
  "METHOD_NEW",
  "METHOD_ESTABLISHED",
  // Velocity
  "NUMBER_VELOCITY",
  "NUMBER_MANY_ADDRESSES",
  "BLOCK_VELOCITY",
  "BLOCK_DISTINCT_NUMBERS",
  "RANGE_DISTINCT_NUMBERS",
  "RANGE_NEW_METHODS",
  "IP_VELOCITY",
  "IP_DISTINCT_NUMBERS",
  "IP_MANY_COUNTRIES",
  "TENANT_SPIKE",
  "COUNTRY_SPIKE",
  // Conversion (codes sent versus codes verified)
  "RANGE_CIRCUIT_OPEN",
  "RANGE_CIRCUIT_PROBE",
  "COUNTRY_CIRCUIT_OPEN",
  // Consistency of where the request comes from
  "REQUEST_COUNTRY_MISMATCH",
  "REQUEST_COUNTRY_FOREIGN",
  "REQUEST_COUNTRY_NEW",
  "METHOD_JUST_ADDED_ABROAD",
  "FOREIGN_SURGE",
  // External provider
  "EXTERNAL_HIGH_RISK",
  "EXTERNAL_UNAVAILABLE",
  // Policy
  "ALLOW_LISTED",
  "DENY_LISTED",
  "SPEND_CAP_REACHED",
  "CHALLENGE_MET",
  "CHALLENGE_UNMET",
] as const;
export type RiskReason = (typeof RiskReasons)[number];
export const RiskReasonSchema = z.enum(RiskReasons);

export const RiskDecisionSchema = z.enum(["allow", "challenge", "block"]);
export type RiskDecision = z.infer<typeof RiskDecisionSchema>;

/** What an audit event carries about a send's risk: closed values only. */
export const RiskSummarySchema = z.strictObject({
  score: z.number().int().min(0).max(100),
  decision: RiskDecisionSchema,
  reasons: z.array(RiskReasonSchema).max(RiskReasons.length),
});
export type RiskSummary = z.infer<typeof RiskSummarySchema>;

/** A number in E.164, or the start of one (a prefix): `+` and 1–15 digits. */
export const E164PrefixSchema = z
  .string()
  .transform((value) => value.replace(/[\s().-]/g, ""))
  .pipe(z.string().regex(/^\+[1-9]\d{0,14}$/, "a number or prefix in international format, e.g. +4477009"));

const NumberListSchema = z.strictObject({
  /** Whole numbers (E.164). */
  numbers: z.array(E164PrefixSchema).max(1000),
  /** Starts of numbers: `+44 7700 9` covers every number beginning so. */
  prefixes: z.array(E164PrefixSchema).max(1000),
});

const Price = z.number().min(0).max(10);

export const CaptchaProviderSchema = z.enum(["altcha", "turnstile", "none"]);
export type CaptchaProvider = z.infer<typeof CaptchaProviderSchema>;

export const PhoneProtectionPolicySchema = z.strictObject({
  /** `enforce` acts on decisions; `shadow` only records them; `off` skips scoring. */
  mode: z.enum(["enforce", "shadow", "off"]),
  /** Scores at or above `challenge` need a harder proof of work; at or above `block` nothing is sent. */
  thresholds: z.strictObject({
    challenge: z.number().int().min(1).max(100),
    block: z.number().int().min(1).max(100),
  }),
  /** Countries numbers may be texted or called in. Null: the tenant's home countries (default-deny). */
  allowedCountries: z.array(CountryCodeSchema).max(250).nullable(),
  allow: NumberListSchema,
  deny: NumberListSchema,
  /** Prefixes the admin adds to the built-in high-risk list (worker/src/risk/data/high-risk-prefixes.json). */
  highRiskPrefixes: z.array(E164PrefixSchema).max(1000),
  spend: z.strictObject({
    currency: z.literal("USD"),
    /** Caps per UTC day and month; null for none. When reached, flows fall back to other methods. */
    dailyCap: z.number().min(0).max(1_000_000).nullable(),
    monthlyCap: z.number().min(0).max(10_000_000).nullable(),
    /** Price of one SMS or call, per country; `defaultPrice` for the rest. */
    prices: z.record(z.string().regex(/^[A-Z]{2}$/), Price),
    defaultPrice: Price,
  }),
  /** Conversion circuit breakers: run `shadow` first, then `enforce`. */
  circuitBreaker: z.strictObject({ mode: z.enum(["off", "shadow", "enforce"]) }),
  captcha: z.strictObject({
    provider: CaptchaProviderSchema,
    /** ALTCHA: the largest counter a solver may need, at the lowest risk (raised with the score). */
    altchaDifficulty: z.number().int().min(1_000).max(5_000_000),
    turnstile: z
      .strictObject({
        siteKey: z.string().min(1).max(100),
        /** Write-only: the API answers `secretKeySet` instead. */
        secretKey: z.string().min(1).max(200),
      })
      .nullable(),
  }),
  /** An optional fraud provider asked for its own score; answers late or wrong count as `failMode`. */
  external: z
    .strictObject({
      url: HttpsUrlSchema,
      timeoutMs: z.number().int().min(50).max(3_000),
      failMode: z.enum(["open", "closed"]),
    })
    .nullable(),
});
export type PhoneProtectionPolicy = z.infer<typeof PhoneProtectionPolicySchema>;

/**
 * Illustrative list prices in USD per SMS for the countries most flows text; anything else costs
 * `defaultPrice`. Tenants set their own (their provider's invoice is the truth).
 */
export const defaultSmsPrices: Record<string, number> = {
  US: 0.0083, CA: 0.0083, GB: 0.0463, IE: 0.081, FR: 0.0782, DE: 0.0955, ES: 0.0751, IT: 0.0848,
  NL: 0.1103, BE: 0.0921, PT: 0.0436, SE: 0.0668, NO: 0.0759, DK: 0.0496, FI: 0.0967, PL: 0.0379,
  CH: 0.0653, AT: 0.1046, AU: 0.0515, NZ: 0.1091, IN: 0.0831, BR: 0.0405, MX: 0.0592, JP: 0.0803,
};

export const defaultPhoneProtectionPolicy: PhoneProtectionPolicy = {
  mode: "enforce",
  thresholds: { challenge: 40, block: 70 },
  allowedCountries: null,
  allow: { numbers: [], prefixes: [] },
  deny: { numbers: [], prefixes: [] },
  highRiskPrefixes: [],
  spend: { currency: "USD", dailyCap: null, monthlyCap: null, prices: defaultSmsPrices, defaultPrice: 0.25 },
  circuitBreaker: { mode: "enforce" },
  captcha: { provider: "altcha", altchaDifficulty: 50_000, turnstile: null },
  external: null,
};

const partial = <T extends z.ZodRawShape>(schema: z.ZodObject<T>) => schema.partial().optional();

/** A PATCH: any part; objects merge field by field, arrays and values replace. */
export const PhoneProtectionPatchSchema = z.strictObject({
  mode: PhoneProtectionPolicySchema.shape.mode.optional(),
  thresholds: partial(PhoneProtectionPolicySchema.shape.thresholds),
  allowedCountries: PhoneProtectionPolicySchema.shape.allowedCountries.optional(),
  allow: partial(NumberListSchema),
  deny: partial(NumberListSchema),
  highRiskPrefixes: PhoneProtectionPolicySchema.shape.highRiskPrefixes.optional(),
  spend: partial(PhoneProtectionPolicySchema.shape.spend),
  circuitBreaker: partial(PhoneProtectionPolicySchema.shape.circuitBreaker),
  captcha: z
    .strictObject({
      provider: CaptchaProviderSchema,
      altchaDifficulty: PhoneProtectionPolicySchema.shape.captcha.shape.altchaDifficulty,
      turnstile: PhoneProtectionPolicySchema.shape.captcha.shape.turnstile,
    })
    .partial()
    .optional(),
  external: PhoneProtectionPolicySchema.shape.external.optional(),
});
export type PhoneProtectionPatch = z.infer<typeof PhoneProtectionPatchSchema>;

/** The policy as the admin API shows it: secrets replaced by whether they are set. */
export type PublicPhoneProtectionPolicy = Omit<PhoneProtectionPolicy, "captcha"> & {
  captcha: Omit<PhoneProtectionPolicy["captcha"], "turnstile"> & {
    turnstile: { siteKey: string; secretKeySet: boolean } | null;
  };
};

export function publicPhoneProtection(policy: PhoneProtectionPolicy): PublicPhoneProtectionPolicy {
  const { turnstile } = policy.captcha;
  return { ...policy, captcha: { ...policy.captcha, turnstile: turnstile ? { siteKey: turnstile.siteKey, secretKeySet: true } : null } };
}

/** Returns the first rule a whole policy breaks, or null. */
export function phoneProtectionViolation(policy: PhoneProtectionPolicy): "POLICY_RISK_THRESHOLDS_INVALID" | "POLICY_CAPTCHA_NOT_CONFIGURED" | null {
  if (policy.thresholds.challenge > policy.thresholds.block) return "POLICY_RISK_THRESHOLDS_INVALID";
  if (policy.captcha.provider === "turnstile" && !policy.captcha.turnstile) return "POLICY_CAPTCHA_NOT_CONFIGURED";
  return null;
}

/** One scored signal of a decision, as the explain API shows it. */
export interface RiskSignal {
  reason: RiskReason;
  points: number;
}

/** One decision, as the explain API returns it ("why was this number refused?"). */
export interface RiskDecisionRecord {
  id: string;
  time: string;
  flowId: string | null;
  channel: "sms" | "voice";
  score: number;
  decision: RiskDecision;
  /** False in shadow mode: the decision was recorded, not acted on. */
  enforced: boolean;
  /** What happened to the send: refused by risk, by a rate limit or the spend cap, or sent. */
  outcome: "sent" | "withheld" | "rate_limited" | "failed";
  signals: RiskSignal[];
  /** Time the decision took, in milliseconds. */
  ms: number;
}

export const DecisionsQuerySchema = z.strictObject({
  phoneNumber: E164PrefixSchema,
  $top: z.coerce.number().int().min(1).max(100).default(20),
});

export const ReportNumberSchema = z.strictObject({ phoneNumber: E164PrefixSchema });

export { CountryCodeSchema };

/** One English sentence per reason, for the admin console; clients translate by reason code. */
export const riskReasonText: Record<RiskReason, string> = {
  NUMBER_INVALID: "The number is not a valid number for its region.",
  LINE_VOIP: "The number is a VoIP number.",
  LINE_PREMIUM_RATE: "The number is a premium-rate number.",
  LINE_SHARED_COST: "The number is a shared-cost number.",
  LINE_TOLL_FREE: "The number is a toll-free number.",
  LINE_PAGER: "The number is a pager.",
  LINE_UAN: "The number is a universal access number.",
  LINE_PERSONAL: "The number is a personal (forwarding) number.",
  LINE_VOICEMAIL: "The number is a voicemail access number.",
  LINE_FIXED: "The number is a fixed line, which cannot receive SMS.",
  LINE_UNKNOWN: "The number's line type is unknown.",
  COUNTRY_NOT_ALLOWED: "The number's country is not among the tenant's allowed SMS countries.",
  HIGH_RISK_PREFIX: "The number starts with a prefix known for SMS pumping.",
  NUMBER_FIRST_SEEN: "Sesame had never seen this number before.",
  NUMBER_NEVER_VERIFIED: "Codes were sent to this number before and none was ever entered.",
  NUMBER_VERIFIED_BEFORE: "A code sent to this number was entered correctly before (trust).",
  NUMBER_VERIFIED_ELSEWHERE: "Codes sent to this number were entered before, but never from this address: their trust is withheld, and from here the number counts as new.",
  NUMBER_REPORTED: "The number was reported as fraud.",
  ADDRESS_REPORTED: "A user said \"this wasn't me\" about a request from this address.",
  METHOD_NEW: "The phone method was registered less than a day before (more points within the hour).",
  METHOD_ESTABLISHED: "The phone method was registered a month or more before: the signals of the numbers around it (its block and range) counted at half, and its codes do not count in their conversion.",
  NUMBER_VELOCITY: "Many codes were asked for this number recently.",
  NUMBER_MANY_ADDRESSES: "Codes to this number were asked for from several addresses recently and not entered (takeover attempts rotating proxies).",
  BLOCK_VELOCITY: "Many codes were asked for numbers in this block of 1,000 recently.",
  BLOCK_DISTINCT_NUMBERS: "Many different numbers in this block of 1,000 were asked for (sequential pumping).",
  RANGE_DISTINCT_NUMBERS: "Many different numbers in this range of 100,000 were asked for and their codes not entered (pumping scattered over a range).",
  RANGE_NEW_METHODS: "This number and others in its range of 100,000 were registered as methods less than a day before and asked for codes soon after (pumping through sign-ups).",
  IP_VELOCITY: "Many codes were asked for from this IP address recently.",
  IP_DISTINCT_NUMBERS: "Many different numbers were asked for from this IP address.",
  IP_MANY_COUNTRIES: "Numbers in many countries were asked for from this IP address today.",
  TENANT_SPIKE: "The tenant's sends in the last hour are far above its usual rate.",
  COUNTRY_SPIKE: "The tenant's sends to this country in the last hour are far above the usual rate.",
  RANGE_CIRCUIT_OPEN: "Codes sent to this number range are rarely entered: its circuit breaker is open.",
  RANGE_CIRCUIT_PROBE: "This send was a probe of a number range whose circuit breaker is recovering.",
  COUNTRY_CIRCUIT_OPEN: "Codes sent to this country are rarely entered: its circuit breaker is open.",
  REQUEST_COUNTRY_MISMATCH: "The request came from another allowed country than the number's.",
  REQUEST_COUNTRY_FOREIGN: "The request came from a country outside the tenant's allowed countries.",
  METHOD_JUST_ADDED_ABROAD: "The phone method was registered less than an hour before, and the request came from a country outside the tenant's allowed countries (a number an attacker added, or one signed up to pump).",
  FOREIGN_SURGE: "Many requests came from another country than their number's in the last hour, and their codes were not entered.",
  REQUEST_COUNTRY_NEW: "Codes sent to this number were entered before, but never from the country this request came from.",
  EXTERNAL_HIGH_RISK: "The external fraud provider scored the send higher.",
  EXTERNAL_UNAVAILABLE: "The external fraud provider did not answer in time.",
  ALLOW_LISTED: "The number is on the tenant's allow list.",
  DENY_LISTED: "The number is on the tenant's deny list.",
  SPEND_CAP_REACHED: "The tenant's SMS spend cap was reached.",
  CHALLENGE_MET: "The score called for a harder proof of work, which the flow had solved.",
  CHALLENGE_UNMET: "The score called for a harder proof of work than the flow had solved.",
};
