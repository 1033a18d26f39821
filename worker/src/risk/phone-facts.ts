import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";
import type { RiskReason } from "#contract/admin/phone-protection";
import highRiskData from "./data/high-risk-prefixes.json";

/**
 * What the number alone says, from libphonenumber's full metadata: no storage, no network. The
 * keys name the Durable Objects that hold the number's, its block's and its range's signals.
 */
export interface PhoneFacts {
  e164: string;
  valid: boolean;
  /** ISO country of the number, or null for international networks and unparsable numbers. */
  country: string | null;
  lineType: string | null;
  /** The number without its last 3 digits: a block of 1,000 that sequential pumping walks through. */
  block: string;
  /** The number without its last 5 digits: the range a conversion circuit breaker watches. */
  range: string;
}

const HighRiskFileSchema = z.object({
  prefixes: z.array(z.object({ prefix: z.string().regex(/^\+\d{1,15}$/), note: z.string() })),
});
/** Parsed once per isolate: a malformed data file fails loudly at the first send, not silently. */
let builtIn: string[] | undefined;
const builtInPrefixes = () => (builtIn ??= HighRiskFileSchema.parse(highRiskData).prefixes.map((p) => p.prefix));

/**
 * @example
 * phoneFacts("+447400123456") // { country: "GB", lineType: "MOBILE", block: "+447400123", ... }
 */
export function phoneFacts(e164: string): PhoneFacts {
  const parsed = parsePhoneNumberFromString(e164);
  const digits = e164.replace(/\D/g, "");
  // Short numbers keep at least their calling code, so a block never spans countries.
  const cut = (n: number) => `+${digits.slice(0, Math.max(digits.length - n, Math.min(digits.length, 3)))}`;
  return {
    e164,
    valid: parsed?.isValid() ?? false,
    country: parsed?.country ?? null,
    lineType: parsed?.getType() ?? null,
    block: cut(3),
    range: cut(5),
  };
}

/** Line types and what each adds; mobile (and the US's "fixed line or mobile") add nothing. */
const lineReasons: Record<string, RiskReason> = {
  VOIP: "LINE_VOIP",
  PREMIUM_RATE: "LINE_PREMIUM_RATE",
  SHARED_COST: "LINE_SHARED_COST",
  TOLL_FREE: "LINE_TOLL_FREE",
  PAGER: "LINE_PAGER",
  UAN: "LINE_UAN",
  PERSONAL_NUMBER: "LINE_PERSONAL",
  VOICEMAIL: "LINE_VOICEMAIL",
};

/**
 * The reasons the number raises on its own: validity, line type, and prefix lists.
 *
 * @example
 * numberReasons(phoneFacts("+19005550123"), "sms", { allowed: ["US"], highRisk: [] }) // ["LINE_PREMIUM_RATE"]
 */
export function numberReasons(
  facts: PhoneFacts,
  channel: "sms" | "voice",
  lists: { allowed: readonly string[]; highRisk: readonly string[] },
): RiskReason[] {
  const reasons: RiskReason[] = [];
  if (!facts.valid) reasons.push("NUMBER_INVALID");
  else if (facts.lineType === null) reasons.push("LINE_UNKNOWN");
  else if (facts.lineType === "FIXED_LINE" && channel === "sms") reasons.push("LINE_FIXED");
  else if (lineReasons[facts.lineType]) reasons.push(lineReasons[facts.lineType]!);
  if (facts.country === null || !lists.allowed.includes(facts.country)) reasons.push("COUNTRY_NOT_ALLOWED");
  if (matchesPrefix(facts.e164, [...builtInPrefixes(), ...lists.highRisk])) reasons.push("HIGH_RISK_PREFIX");
  return reasons;
}

/** Whether an E.164 number starts with any of the prefixes (a whole number is its own prefix). */
export function matchesPrefix(e164: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => e164.startsWith(prefix));
}
