// @ts-check
/**
 * Phone numbers and addresses for the fraud simulator's traces: real-looking numbers of a chosen
 * country and line type (checked with libphonenumber's full metadata, as the worker checks them),
 * sequential runs as pumping walks them, and client addresses. Everything is drawn from a seeded
 * generator, so a seed always makes the same trace.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/** mulberry32: small, fast and good enough to make traces, never for secrets. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  /** An exponential wait with this mean: arrivals of a Poisson process. */
  const exp = (mean) => -Math.log(1 - next()) * mean;
  return { next, int, pick, exp, chance: (p) => next() < p };
}

/**
 * Where each kind of number starts (calling code, national prefixes) and how many national
 * digits it has; `types` are the libphonenumber types a draw must have.
 */
export const NUMBER_PLANS = {
  "US:mobile": { cc: "1", prefixes: ["201", "212", "213", "305", "312", "404", "415", "425", "503", "512", "602", "617", "646", "702", "713", "720", "801", "917", "972"], digits: 10, types: ["FIXED_LINE_OR_MOBILE", "MOBILE"] },
  "CA:mobile": { cc: "1", prefixes: ["416", "604", "613", "647", "514", "403", "780", "905"], digits: 10, types: ["FIXED_LINE_OR_MOBILE", "MOBILE"] },
  "GB:mobile": { cc: "44", prefixes: ["74", "75", "77", "78", "79"], digits: 10, types: ["MOBILE"] },
  "FR:mobile": { cc: "33", prefixes: ["6", "7"], digits: 9, types: ["MOBILE"] },
  "DE:mobile": { cc: "49", prefixes: ["151", "152", "157", "160", "162", "170", "171", "172", "173", "175", "176", "177"], digits: [10, 11], types: ["MOBILE"] },
  "ES:mobile": { cc: "34", prefixes: ["6", "71", "72"], digits: 9, types: ["MOBILE"] },
  "GB:voip": { cc: "44", prefixes: ["56"], digits: 10, types: ["VOIP"] },
  "GB:premium": { cc: "44", prefixes: ["909", "908", "911"], digits: 10, types: ["PREMIUM_RATE"] },
  "US:premium": { cc: "1", prefixes: ["900"], digits: 10, types: ["PREMIUM_RATE"] },
  "FR:premium": { cc: "33", prefixes: ["89"], digits: 9, types: ["PREMIUM_RATE"] },
  "SL:mobile": { cc: "232", prefixes: ["76", "77", "78", "79", "30", "33"], digits: 8, types: ["MOBILE"] },
  "LV:mobile": { cc: "371", prefixes: ["2"], digits: 8, types: ["MOBILE"] },
  "AZ:mobile": { cc: "994", prefixes: ["50", "51", "55", "70", "77"], digits: 9, types: ["MOBILE"] },
  "UZ:mobile": { cc: "998", prefixes: ["90", "91", "93", "94", "97"], digits: 9, types: ["MOBILE"] },
  "TN:mobile": { cc: "216", prefixes: ["2", "5", "9"], digits: 8, types: ["MOBILE"] },
  "GN:mobile": { cc: "224", prefixes: ["62", "65", "66"], digits: 9, types: ["MOBILE"] },
};

/** Whether an E.164 number is valid, of one of the plan's types, and in the plan's country (not, say, Jersey for GB). */
export function fits(e164, plan, country) {
  const parsed = parsePhoneNumberFromString(e164);
  return Boolean(parsed?.isValid() && plan.types.includes(parsed.getType() ?? "") && parsed.country === country);
}

const countryOf = (planName) => planName.split(":")[0];

/** A random number of the plan, drawn until libphonenumber agrees it is one. */
export function randomNumber(rng, planName) {
  const plan = NUMBER_PLANS[planName];
  for (let attempt = 0; attempt < 5000; attempt++) {
    const prefix = rng.pick(plan.prefixes);
    const length = Array.isArray(plan.digits) ? rng.pick(plan.digits) : plan.digits;
    let national = prefix;
    while (national.length < length) national += String(rng.int(0, 9));
    const e164 = `+${plan.cc}${national}`;
    if (fits(e164, plan, countryOf(planName))) return e164;
  }
  throw new Error(`no valid ${planName} number drawn`);
}

/** `count` numbers of the plan from a random start, counting up and skipping invalid ones: sequential pumping. */
export function sequentialNumbers(rng, planName, count, { step = 1 } = {}) {
  const plan = NUMBER_PLANS[planName];
  const start = randomNumber(rng, planName);
  const numbers = [];
  let value = BigInt(start.slice(1));
  for (let guard = 0; numbers.length < count && guard < count * 50; guard++) {
    const e164 = `+${value}`;
    if (fits(e164, plan, countryOf(planName))) numbers.push(e164);
    value += BigInt(step);
  }
  return numbers;
}

/** Numbers scattered inside a few ranges of 100,000 (a leased block), not in order. */
export function rangeNumbers(rng, planName, count, ranges) {
  const plan = NUMBER_PLANS[planName];
  const bases = Array.from({ length: ranges }, () => randomNumber(rng, planName).slice(0, -5));
  const numbers = new Set();
  for (let guard = 0; numbers.size < count && guard < count * 100; guard++) {
    const e164 = `${rng.pick(bases)}${String(rng.int(0, 99_999)).padStart(5, "0")}`;
    if (fits(e164, plan, countryOf(planName))) numbers.add(e164);
  }
  return [...numbers];
}

/** A client IPv4 address outside private and documentation ranges. */
export function randomIpv4(rng) {
  for (;;) {
    const a = rng.int(1, 223);
    if ([10, 100, 127, 169, 172, 192, 198, 203].includes(a)) continue;
    return `${a}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  }
}

/** A client IPv6 address in its own /64. */
export function randomIpv6(rng) {
  const hextet = () => rng.int(0, 0xffff).toString(16);
  return `2a0${rng.int(0, 9)}:${hextet()}:${hextet()}:${hextet()}::${hextet()}`;
}
