import { describe, expect, it } from "vitest";
import type { RiskReason } from "#contract/admin/phone-protection";
import { RISK_POINTS } from "../limits";
import { fromElsewhere } from "./engine";
import { numberReasons, phoneFacts } from "./phone-facts";
import { decide, preScore, scoreSend, unverifiedShare, withExternal, type SendSignals } from "./score";
import type { Snapshot } from "./signals/types";

const NOW = Date.UTC(2027, 0, 4, 12);

/** A key that has seen this much; everything else zero, and seen before. */
function snap(over: Partial<Omit<Snapshot, "distinct">> & { distinct?: Partial<Snapshot["distinct"]> } = {}): Snapshot {
  const zero = { hour: 0, day: 0 };
  return {
    firstSeen: NOW - 86_400_000,
    attempts: { short: 1, hour: 1, day: 1 },
    hourlyMean: 0,
    sent: { day: 0, ever: 0 },
    verified: { day: 0, ever: 0 },
    verifiedHour: 0,
    reported: 0,
    verifiedFrom: [],
    verifiedAddresses: [],
    breaker: null,
    ...over,
    distinct: { num: zero, adr: zero, sfx: zero, cc: zero, new: zero, ...over.distinct },
  };
}

function inputs(over: Partial<SendSignals> = {}, phone = "+447400123456"): SendSignals {
  const facts = phoneFacts(phone);
  return {
    channel: "sms",
    facts,
    numberReasons: numberReasons(facts, "sms", { allowed: ["GB", "US"], highRisk: [] }),
    number: snap(),
    block: snap(),
    range: snap(),
    ip: snap(),
    country: snap(),
    tenant: snap(),
    requestCountry: "GB",
    allowedCountries: ["GB", "US"],
    methodRegisteredAt: NOW - 400 * 86_400_000,
    now: NOW,
    ...over,
  };
}

type BreakerPolicy = { circuitBreaker: { mode: "off" | "shadow" | "enforce" }; thresholds: { challenge: number; block: number } };
const thresholds = { challenge: 40, block: 70 };
const enforce: BreakerPolicy = { circuitBreaker: { mode: "enforce" }, thresholds };
const reasons = (over: Partial<SendSignals> = {}, phone?: string, policy = enforce): RiskReason[] => scoreSend(inputs(over, phone), policy).signals.map((s) => s.reason);
const score = (over: Partial<SendSignals> = {}, phone?: string, policy = enforce) => scoreSend(inputs(over, phone), policy).score;

describe("signals of the number itself", () => {
  it.each([
    ["+447400123456", []],
    ["+12015550123", []],
    ["+445612345678", ["LINE_VOIP"]],
    ["+449091234567", ["LINE_PREMIUM_RATE"]],
    ["+448001234567", ["LINE_TOLL_FREE"]],
    ["+33810123456", ["LINE_SHARED_COST"]],
    ["+447012345678", ["LINE_PERSONAL"]],
    ["+447640123456", ["LINE_PAGER"]],
    ["+442079460958", ["LINE_FIXED"]],
    ["+4470012", ["NUMBER_INVALID", "COUNTRY_NOT_ALLOWED"]],
  ] as const)("%s → %j", (phone, expected) => {
    const facts = phoneFacts(phone);
    expect(numberReasons(facts, "sms", { allowed: ["GB", "US", "FR"], highRisk: [] })).toEqual(expected);
  });

  it("does not hold a fixed line against a voice call", () => {
    expect(numberReasons(phoneFacts("+442079460958"), "voice", { allowed: ["GB"], highRisk: [] })).toEqual([]);
  });

  it("refuses countries outside the allowed list, and international networks with no country", () => {
    expect(numberReasons(phoneFacts("+33612345678"), "sms", { allowed: ["GB"], highRisk: [] })).toContain("COUNTRY_NOT_ALLOWED");
    expect(numberReasons(phoneFacts("+881612345678"), "sms", { allowed: ["GB"], highRisk: [] })).toContain("COUNTRY_NOT_ALLOWED");
    expect(score({}, "+23276123456")).toBe(100);
  });

  it("flags the built-in high-risk prefixes and the tenant's own", () => {
    expect(numberReasons(phoneFacts("+23276123456"), "sms", { allowed: ["SL"], highRisk: [] })).toEqual(["HIGH_RISK_PREFIX"]);
    expect(numberReasons(phoneFacts("+447400123456"), "sms", { allowed: ["GB"], highRisk: ["+447400"] })).toEqual(["HIGH_RISK_PREFIX"]);
  });

  it("blocks premium rate outright, and a 100-point signal cannot be offset by trust", () => {
    expect(score({ number: snap({ verified: { day: 1, ever: 9 } }) }, "+449091234567")).toBe(100);
  });
});

describe("history", () => {
  it("scores a number never seen, trusts one verified before, and distrusts one never verified", () => {
    expect(reasons({ number: snap({ firstSeen: null }) })).toEqual(["NUMBER_FIRST_SEEN"]);
    expect(score({ number: snap({ verified: { day: 0, ever: 2 } }) })).toBe(0);
    expect(reasons({ number: snap({ verified: { day: 0, ever: 2 } }) })).toEqual(["NUMBER_VERIFIED_BEFORE"]);
    expect(reasons({ number: snap({ sent: { day: 0, ever: 3 } }) })).toEqual(["NUMBER_NEVER_VERIFIED"]);
  });

  it("scores numbers reported as fraud, and methods registered less than a day ago, more within the hour", () => {
    expect(score({ number: snap({ reported: 1 }) })).toBe(RISK_POINTS.NUMBER_REPORTED);
    expect(reasons({ methodRegisteredAt: NOW - 3 * 3_600_000 })).toEqual(["METHOD_NEW"]);
    expect(score({ methodRegisteredAt: NOW - 3 * 3_600_000 })).toBe(RISK_POINTS.METHOD_NEW);
    expect(score({ methodRegisteredAt: NOW - 60_000 })).toBe(RISK_POINTS.METHOD_JUST_ADDED);
    expect(reasons({ methodRegisteredAt: NOW - 2 * 86_400_000 })).toEqual([]);
  });

  it("scores an address a user reported with \"this wasn't me\", on the send and on the first screen", () => {
    expect(reasons({ ip: snap({ reported: 1 }) })).toEqual(["ADDRESS_REPORTED"]);
    expect(score({ ip: snap({ reported: 1 }) })).toBe(RISK_POINTS.ADDRESS_REPORTED);
    expect(preScore(snap({ reported: 2 }), "GB", ["GB"]).score).toBe(RISK_POINTS.ADDRESS_REPORTED);
    expect(reasons({ ip: snap() })).toEqual([]);
  });

  it("withholds the trust of a number asked for from an address it was never verified from", () => {
    const number = snap({ verified: { day: 0, ever: 2 }, verifiedAddresses: ["aHome"] });
    expect(scoreSend(inputs({ number, address: "aHome" }), enforce).signals).toEqual([{ reason: "NUMBER_VERIFIED_BEFORE", points: RISK_POINTS.NUMBER_VERIFIED_BEFORE }]);
    expect(scoreSend(inputs({ number, address: "aProxy" }), enforce).signals).toEqual([{ reason: "NUMBER_VERIFIED_ELSEWHERE", points: RISK_POINTS.NUMBER_VERIFIED_ELSEWHERE }]);
    // A proxy that asked for another account: the victim's history no longer buys the send through.
    const ip = snap({ distinct: { num: { hour: 2, day: 2 } }, sent: { day: 1, ever: 1 } });
    expect(decide(score({ number, address: "aProxy", ip }), thresholds)).toBe("block");
    expect(decide(score({ number, address: "aHome", ip }), thresholds)).toBe("challenge");
    // Histories from before addresses were kept, and clients Cloudflare could not name, keep their trust.
    expect(reasons({ number: snap({ verified: { day: 0, ever: 2 } }), address: "aProxy" })).toEqual(["NUMBER_VERIFIED_BEFORE"]);
    expect(reasons({ number, address: null })).toEqual(["NUMBER_VERIFIED_BEFORE"]);
  });

  it("withholds the trust of a number used from a country it was never verified from", () => {
    const number = snap({ verified: { day: 0, ever: 3 }, verifiedFrom: ["GB"] });
    expect(reasons({ number, requestCountry: "GB" })).toEqual(["NUMBER_VERIFIED_BEFORE"]);
    expect(reasons({ number, requestCountry: "NG" })).toEqual(["REQUEST_COUNTRY_NEW", "REQUEST_COUNTRY_FOREIGN"]);
    expect(reasons({ number: snap({ verified: { day: 0, ever: 3 } }), requestCountry: "NG" })).toEqual(["NUMBER_VERIFIED_BEFORE", "REQUEST_COUNTRY_FOREIGN"]);
  });
});

describe("velocity, discounted by conversion", () => {
  it("counts sends to one number", () => {
    expect(reasons({ number: snap({ attempts: { short: 3, hour: 5, day: 5 } }) })).toEqual(["NUMBER_VELOCITY"]);
  });

  it("spots one number asked for from several addresses, its codes not entered (takeover rotating proxies)", () => {
    const points = (adr: { hour: number; day: number }, over: Partial<Snapshot> = {}) =>
      scoreSend(inputs({ number: snap({ distinct: { adr }, ...over }) }), enforce).signals.find((s) => s.reason === "NUMBER_MANY_ADDRESSES")?.points ?? 0;
    expect(points({ hour: 1, day: 2 })).toBe(0);
    expect(points({ hour: 2, day: 2 })).toBeGreaterThan(0);
    expect(points({ hour: 3, day: 3 })).toBeGreaterThan(points({ hour: 2, day: 2 }));
    expect(points({ hour: 1, day: 4 })).toBeGreaterThan(points({ hour: 1, day: 3 }));
    // A user who tried from a phone and a laptop and entered the code keeps none of it.
    expect(points({ hour: 3, day: 3 }, { sent: { day: 2, ever: 2 }, verified: { day: 2, ever: 2 } })).toBe(0);
  });

  // Pumped numbers are unregistered or signed up for it: no method, or a young one.
  const pumped = { methodRegisteredAt: null };

  it("spots sequential pumping: many numbers in one block of 1,000", () => {
    const block = snap({ distinct: { sfx: { hour: 8, day: 8 } }, attempts: { short: 8, hour: 8, day: 8 } });
    expect(reasons({ block, ...pumped })).toEqual(["BLOCK_DISTINCT_NUMBERS", "BLOCK_VELOCITY"]);
    expect(score({ block, ...pumped })).toBeGreaterThanOrEqual(70);
  });

  it("spots numbers scattered over one range of 100,000 (slow and low), unless their codes are typed in", () => {
    const range = snap({ distinct: { sfx: { hour: 1, day: 4 } }, sent: { day: 3, ever: 3 } });
    expect(reasons({ range, ...pumped })).toEqual(["RANGE_DISTINCT_NUMBERS"]);
    expect(score({ range, number: snap({ firstSeen: null }), ...pumped })).toBeGreaterThanOrEqual(65);
    expect(score({ range: snap({ distinct: { sfx: { hour: 4, day: 4 } } }), ...pumped })).toBeGreaterThanOrEqual(70);
    // Walking a range within the hour: its second block refuses a first-seen number.
    expect(score({ range: snap({ distinct: { sfx: { hour: 2, day: 2 } } }), number: snap({ firstSeen: null }), ...pumped })).toBeGreaterThanOrEqual(70);
    expect(score({ range: snap({ distinct: { sfx: { hour: 1, day: 2 } } }), number: snap({ firstSeen: null }), ...pumped })).toBeLessThan(70);
    expect(reasons({ range: snap({ distinct: { sfx: { hour: 1, day: 1 } } }), ...pumped })).toEqual([]);
    expect(reasons({ range: { ...range, verified: { day: 3, ever: 3 } }, ...pumped })).toEqual([]);
  });

  it("counts the block's and range's signals at half for a method registered a month or more before (a bystander), and says so", () => {
    const range = snap({ distinct: { sfx: { hour: 4, day: 4 } } });
    const block = snap({ distinct: { sfx: { hour: 8, day: 8 } } });
    const points = (over: Partial<SendSignals>) => scoreSend(inputs(over), enforce).signals;
    const young = { methodRegisteredAt: NOW - 29 * 86_400_000 };
    const old = { methodRegisteredAt: NOW - 31 * 86_400_000 };
    expect(points({ range, block, ...young })).toEqual([
      { reason: "BLOCK_DISTINCT_NUMBERS", points: 75 },
      { reason: "RANGE_DISTINCT_NUMBERS", points: 70 },
    ]);
    expect(points({ range, block, ...old })).toEqual([
      { reason: "BLOCK_DISTINCT_NUMBERS", points: 38 },
      { reason: "RANGE_DISTINCT_NUMBERS", points: 35 },
      { reason: "METHOD_ESTABLISHED", points: 0 },
    ]);
    expect(decide(score({ range, number: snap({ firstSeen: null }), ...old }), thresholds)).not.toBe("block");
    // Nothing around it fired: nothing to say. Its own and its address's signals are whole.
    expect(reasons(old)).toEqual([]);
    expect(score({ ip: snap({ distinct: { num: { hour: 4, day: 4 } } }), ...old })).toBe(score({ ip: snap({ distinct: { num: { hour: 4, day: 4 } } }), ...young }));
  });

  it("spots new accounts' numbers arriving together in one range (pumping through sign-ups), only on a new method's send", () => {
    const justAdded = NOW - 5 * 60_000;
    const range = snap({ distinct: { new: { hour: 2, day: 2 } } });
    expect(reasons({ range, methodRegisteredAt: justAdded })).toEqual(["METHOD_NEW", "RANGE_NEW_METHODS"]);
    // A burst's second new number: just added, first seen, two numbers in its block, from another allowed country.
    const burst = { range, block: snap({ distinct: { sfx: { hour: 2, day: 2 } } }), number: snap({ firstSeen: null }), methodRegisteredAt: justAdded, requestCountry: "US" };
    expect(decide(score(burst), thresholds)).toBe("block");
    expect(decide(score({ ...burst, range: snap({ distinct: { new: { hour: 1, day: 1 } } }) }), thresholds)).toBe("challenge");
    // Over the day: two earn fewer points than three.
    const day = (n: number) => scoreSend(inputs({ range: snap({ distinct: { new: { hour: 1, day: n } } }), methodRegisteredAt: justAdded }), enforce).signals.find((s) => s.reason === "RANGE_NEW_METHODS")?.points;
    expect(day(2)).toBeLessThan(day(3)!);
    // An old method in the same range is not judged by its neighbours' sign-ups.
    expect(reasons({ range })).toEqual([]);
    // New users who enter their codes earn the range its volume back.
    expect(reasons({ range: { ...range, sent: { day: 2, ever: 2 }, verified: { day: 2, ever: 2 } }, methodRegisteredAt: justAdded })).toEqual(["METHOD_NEW"]);
  });

  it("keeps a recovering range's probe from a range still being pumped", () => {
    const range = snap({ breaker: "probe", distinct: { sfx: { hour: 1, day: 6 } } });
    expect(reasons({ range, ...pumped })).toEqual(["RANGE_DISTINCT_NUMBERS", "RANGE_CIRCUIT_OPEN"]);
  });

  it("refuses a second account asked for from one address within the hour while none of its codes was entered (takeover)", () => {
    const second = { ip: snap({ distinct: { num: { hour: 2, day: 2 } }, sent: { day: 1, ever: 1 } }), number: snap({ firstSeen: null }) };
    expect(reasons(second)).toEqual(["NUMBER_FIRST_SEEN", "IP_DISTINCT_NUMBERS"]);
    expect(decide(score(second), thresholds)).toBe("block");
    // The first account's code entered (a household, an office): the second is sent.
    expect(decide(score({ ...second, ip: snap({ distinct: { num: { hour: 2, day: 2 } }, sent: { day: 1, ever: 1 }, verified: { day: 1, ever: 1 } }) }), thresholds)).toBe("allow");
  });

  it("spots an address asking for codes to a few accounts, none entered (takeover)", () => {
    expect(score({ ip: snap({ distinct: { num: { hour: 4, day: 4 } } }) })).toBeGreaterThanOrEqual(65);
    expect(score({ ip: snap({ distinct: { num: { hour: 1, day: 4 } } }) })).toBeGreaterThanOrEqual(50);
    expect(score({ ip: snap({ distinct: { num: { hour: 4, day: 4 } }, sent: { day: 4, ever: 4 }, verified: { day: 4, ever: 4 } }) })).toBe(0);
  });

  it("spots one address asking for many numbers, and for numbers in more than five countries a day", () => {
    expect(reasons({ ip: snap({ attempts: { short: 5, hour: 25, day: 25 } }) })).toEqual(["IP_VELOCITY"]);
    expect(reasons({ ip: snap({ distinct: { num: { hour: 10, day: 10 } } }) })).toEqual(["IP_DISTINCT_NUMBERS"]);
    expect(reasons({ ip: snap({ distinct: { cc: { hour: 6, day: 6 } } }) })).toEqual(["IP_MANY_COUNTRIES"]);
    expect(reasons({ ip: snap({ distinct: { cc: { hour: 5, day: 5 } } }) })).toEqual(["IP_MANY_COUNTRIES"]);
    expect(scoreSend(inputs({ ip: snap({ distinct: { cc: { hour: 6, day: 6 } } }) }), enforce).signals[0]!.points).toBeGreaterThan(
      scoreSend(inputs({ ip: snap({ distinct: { cc: { hour: 5, day: 5 } } }) }), enforce).signals[0]!.points,
    );
  });

  it("believes an office's volume once its codes are typed in", () => {
    const office = { distinct: { num: { hour: 10, day: 10 } }, attempts: { short: 3, hour: 12, day: 12 } };
    expect(unverifiedShare(snap({ sent: { day: 10, ever: 10 }, verified: { day: 9, ever: 9 } }))).toBeCloseTo(0.1);
    expect(score({ ip: snap({ ...office, sent: { day: 12, ever: 12 }, verified: { day: 12, ever: 12 } }) })).toBe(0);
    expect(score({ ip: snap({ ...office, sent: { day: 12, ever: 12 }, verified: { day: 0, ever: 0 } }) })).toBeGreaterThanOrEqual(70);
  });

  it("flags a tenant's and a country's hour far above their daily mean", () => {
    expect(reasons({ tenant: snap({ attempts: { short: 5, hour: 40, day: 60 }, hourlyMean: 1 }) })).toEqual(["TENANT_SPIKE"]);
    expect(reasons({ tenant: snap({ attempts: { short: 5, hour: 40, day: 900 }, hourlyMean: 37 }) })).toEqual([]);
    expect(reasons({ country: snap({ attempts: { short: 5, hour: 20, day: 22 }, hourlyMean: 0.1 }) })).toEqual(["COUNTRY_SPIKE"]);
  });
});

describe("conversion circuit breakers", () => {
  it("blocks a range whose breaker is open when enforced, records it in shadow, ignores it when off", () => {
    const range = snap({ breaker: "open" });
    expect(score({ range }, undefined, { circuitBreaker: { mode: "enforce" }, thresholds })).toBe(100);
    expect(score({ range }, undefined, { circuitBreaker: { mode: "shadow" }, thresholds })).toBe(0);
    expect(reasons({ range }, undefined, { circuitBreaker: { mode: "shadow" }, thresholds })).toEqual(["RANGE_CIRCUIT_OPEN"]);
    expect(reasons({ range }, undefined, { circuitBreaker: { mode: "off" }, thresholds })).toEqual([]);
  });

  it("spends a recovering range's probe only on a send that looks clean otherwise", () => {
    expect(reasons({ range: snap({ breaker: "probe" }) })).toEqual(["RANGE_CIRCUIT_PROBE"]);
    const risky = { range: snap({ breaker: "probe" }), methodRegisteredAt: NOW - 60_000, requestCountry: "VN" };
    expect(reasons(risky)).toEqual(["METHOD_NEW", "REQUEST_COUNTRY_FOREIGN", "METHOD_JUST_ADDED_ABROAD", "RANGE_CIRCUIT_OPEN"]);
    expect(score(risky)).toBe(100);
  });

  it("adds points for a country whose breaker is open, never blocking alone", () => {
    expect(score({ country: snap({ breaker: "open" }) })).toBe(RISK_POINTS.COUNTRY_CIRCUIT_OPEN);
  });
});

describe("consistency of where the request comes from", () => {
  it("tells another allowed country from a foreign one, and ignores an unknown country", () => {
    expect(reasons({ requestCountry: "US" })).toEqual(["REQUEST_COUNTRY_MISMATCH"]);
    expect(reasons({ requestCountry: "VN" })).toEqual(["REQUEST_COUNTRY_FOREIGN"]);
    expect(reasons({ requestCountry: null })).toEqual([]);
  });

  it("refuses a number first seen, added within the hour, asked for from outside the allowed countries; not from home, nor a day-old method", () => {
    const firstSeen = snap({ firstSeen: null });
    expect(reasons({ number: firstSeen, methodRegisteredAt: NOW - 10 * 60_000, requestCountry: "VN" })).toEqual(["NUMBER_FIRST_SEEN", "METHOD_NEW", "REQUEST_COUNTRY_FOREIGN", "METHOD_JUST_ADDED_ABROAD"]);
    expect(score({ number: firstSeen, methodRegisteredAt: NOW - 10 * 60_000, requestCountry: "VN" })).toBeGreaterThanOrEqual(70);
    // Another allowed country, or a method older than the hour: a traveller's ordinary points.
    expect(reasons({ number: firstSeen, methodRegisteredAt: NOW - 10 * 60_000, requestCountry: "US" })).not.toContain("METHOD_JUST_ADDED_ABROAD");
    expect(reasons({ number: firstSeen, methodRegisteredAt: NOW - 2 * 3_600_000, requestCountry: "VN" })).not.toContain("METHOD_JUST_ADDED_ABROAD");
    expect(score({ number: firstSeen, methodRegisteredAt: NOW - 2 * 3_600_000, requestCountry: "VN" })).toBeLessThan(70);
  });

  it("flags a surge of requests from another country than their number's whose codes go unentered, not a few travellers", () => {
    const surge = snap({ attempts: { short: 3, hour: 6, day: 6 }, sent: { day: 6, ever: 6 } });
    // Counted tenant-wide: five travellers in an hour, codes not yet entered, are no surge.
    expect(reasons({ requestCountry: "VN", elsewhere: snap({ attempts: { short: 2, hour: 5, day: 5 } }) })).toEqual(["REQUEST_COUNTRY_FOREIGN"]);
    expect(reasons({ requestCountry: "VN", elsewhere: surge })).toEqual(["REQUEST_COUNTRY_FOREIGN", "FOREIGN_SURGE"]);
    // From another allowed country too: takeover attempts through proxies at home.
    expect(reasons({ requestCountry: "US", elsewhere: surge })).toEqual(["REQUEST_COUNTRY_MISMATCH", "FOREIGN_SURGE"]);
    // A takeover attempt from abroad is blocked on its own once a surge begins, from another
    // allowed country once it grows.
    expect(score({ requestCountry: "VN", elsewhere: surge, number: snap({ firstSeen: null }) })).toBeGreaterThanOrEqual(70);
    expect(score({ requestCountry: "US", elsewhere: surge, number: snap({ firstSeen: null }) })).toBeLessThan(70);
    expect(score({ requestCountry: "US", elsewhere: snap({ attempts: { short: 3, hour: 12, day: 12 } }), number: snap({ firstSeen: null }) })).toBeGreaterThanOrEqual(70);
    expect(reasons({ requestCountry: "VN", elsewhere: { ...surge, verifiedHour: 6 } })).toEqual(["REQUEST_COUNTRY_FOREIGN"]);
    // Refused requests count as unentered: a surge being blocked is still a surge.
    expect(reasons({ requestCountry: "VN", elsewhere: { ...surge, sent: { day: 2, ever: 2 }, verified: { day: 2, ever: 2 }, verifiedHour: 0 } })).toContain("FOREIGN_SURGE");
    expect(reasons({ requestCountry: "VN", elsewhere: snap() })).toEqual(["REQUEST_COUNTRY_FOREIGN"]);
  });

  it("counts toward a surge only requests from another country than their number's, to ordinary numbers", () => {
    const mobile = phoneFacts("+447400123456");
    expect(fromElsewhere("VN", mobile, [])).toBe(true);
    expect(fromElsewhere("GB", mobile, [])).toBe(false);
    expect(fromElsewhere(null, mobile, [])).toBe(false);
    // Premium or disallowed numbers are refused on their own: their pumping is no takeover wave.
    expect(fromElsewhere("VN", phoneFacts("+449091234567"), ["LINE_PREMIUM_RATE"])).toBe(false);
  });

  it("prices the first screen from the address and country alone", () => {
    expect(preScore(null, "GB", ["GB"]).score).toBe(0);
    expect(preScore(null, "VN", ["GB"]).signals.map((s) => s.reason)).toEqual(["REQUEST_COUNTRY_FOREIGN"]);
    expect(preScore(snap({ distinct: { num: { hour: 10, day: 10 } } }), "GB", ["GB"]).score).toBeGreaterThanOrEqual(40);
  });
});

describe("an external fraud provider and the thresholds", () => {
  const base = { signals: [{ reason: "NUMBER_FIRST_SEEN" as const, points: 5 }], score: 5 };
  it("takes the higher score, and fails open or closed when the provider does not answer", () => {
    expect(withExternal(base, { score: 80 }, "open")).toMatchObject({ score: 80, signals: [{}, { reason: "EXTERNAL_HIGH_RISK", points: 75 }] });
    expect(withExternal(base, { score: 1 }, "open")).toEqual(base);
    expect(withExternal(base, "unavailable", "open").score).toBe(5);
    expect(withExternal(base, "unavailable", "closed").score).toBe(100);
    expect(withExternal(base, null, "closed")).toEqual(base);
  });

  it("decides by the tenant's thresholds", () => {
    const thresholds = { challenge: 40, block: 70 };
    expect([0, 39, 40, 69, 70, 100].map((s) => decide(s, thresholds))).toEqual(["allow", "allow", "challenge", "challenge", "block", "block"]);
  });
});
