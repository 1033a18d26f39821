// @ts-check
/**
 * Traces for the fraud simulator: one JSON object per line, one line per request that asks for a
 * code (docs/phone-protection.md, "Trace format"). `generateTrace(seed)` makes a labelled two-day
 * trace: legitimate users of two tenants, with retries, typos, travel and shared office
 * addresses, and a mix of SMS pumping campaigns and account-takeover attempts whose sizes,
 * targets and timing change with the seed.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { prng, randomIpv4, randomIpv6, randomNumber, rangeNumbers, sequentialNumbers } from "./numbers.mjs";

export const TraceLineSchema = z.strictObject({
  /** Seconds from the start of the trace. */
  t: z.number().min(0),
  tenant: z.string().regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/),
  /** The flow the request belongs to; `reset` and `unlock` are replayed. */
  flow: z.enum(["reset", "unlock", "sms_signin"]),
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/),
  ip: z.string().min(2).max(45),
  /** The request's country as Cloudflare would give it (request.cf.country), or null. */
  country: z.string().regex(/^[A-Z]{2}$/).nullable(),
  label: z.enum(["legit", "fraud"]),
  /** Lines with the same journey are one flow, in order; absent: the line is its own flow. */
  journey: z.string().max(64).optional(),
  /** send (the default): confirm the number; typo: confirm a wrong one; resend: ask again. */
  action: z.enum(["send", "typo", "resend"]).default("send"),
  /** Seconds before `t` the number was registered (signed up); absent: long ago. */
  registered: z.number().min(0).optional(),
  /** Legitimate journeys: seconds after the journey's last line the user types the code. */
  verifyAfter: z.number().min(0).optional(),
  /** Free label for the report, e.g. the attack's name. */
  campaign: z.string().max(40).optional(),
});

/** @typedef {z.output<typeof TraceLineSchema>} TraceLine */

/** Reads a JSON-lines trace; a bad line stops the run with its number. */
export function readTrace(path) {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((text, index) => ({ text: text.trim(), index }))
    .filter(({ text }) => text && !text.startsWith("#"))
    .map(({ text, index }) => {
      const parsed = TraceLineSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`trace line ${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      return parsed.data;
    })
    .sort((a, b) => a.t - b.t);
}

const HOUR = 3600;
const DURATION = 48 * HOUR;
const ABROAD = ["TH", "JP", "MX", "FR", "US", "ES", "IT", "AE", "BR", "IN", "PT", "GR"];
const PROXY_COUNTRIES = ["US", "NL", "DE", "RU", "VN", "BR", "ID", "NG", "GB", "FR"];

/** The two generated tenants: who they serve, and the countries their users' numbers are in. */
export const SIM_TENANTS = {
  acme: { homeCountries: ["US"], allowedCountries: ["US", "CA", "GB"], users: 1200, mix: [["US", 0.75], ["CA", 0.15], ["GB", 0.1]] },
  globex: { homeCountries: ["GB", "FR", "DE", "ES"], allowedCountries: null, users: 900, mix: [["GB", 0.4], ["FR", 0.25], ["DE", 0.2], ["ES", 0.15]] },
};

function weighted(rng, mix) {
  let roll = rng.next();
  for (const [value, weight] of mix) if ((roll -= weight) < 0) return value;
  return mix[mix.length - 1][0];
}

/** Legitimate users: a few share an office address; most reset once, some twice, a few never. */
function legitimate(rng, lines) {
  const victims = {};
  for (const [tenant, profile] of Object.entries(SIM_TENANTS)) {
    const offices = Array.from({ length: 12 }, () => ({ ip: randomIpv4(rng) }));
    victims[tenant] = [];
    for (let u = 0; u < profile.users; u++) {
      const country = weighted(rng, profile.mix);
      const phone = randomNumber(rng, `${country}:mobile`);
      const office = rng.chance(0.25) ? rng.pick(offices) : null;
      const home = office ? office.ip : rng.chance(0.3) ? randomIpv6(rng) : randomIpv4(rng);
      victims[tenant].push({ phone, country });
      const registered = rng.chance(0.03) ? rng.int(HOUR, 20 * HOUR) : undefined;
      const journeys = rng.chance(0.6) ? (rng.chance(0.05) ? 2 : 1) : 0;
      for (let j = 0; j < journeys; j++) {
        const journey = `${tenant}-u${u}-j${j}`;
        let t = rng.int(0, DURATION - HOUR);
        const travel = rng.chance(0.04);
        const base = { tenant, flow: rng.chance(0.1) ? "unlock" : "reset", phone, label: "legit", journey };
        const where = travel ? { ip: randomIpv4(rng), country: rng.pick(ABROAD.filter((c) => c !== country)) } : { ip: home, country };
        // A typo sends nothing; the user waits for a code that never comes, then types again
        // (no sooner than the flow's 30-second resend interval allows).
        if (rng.chance(0.06)) {
          lines.push({ ...base, ...where, t, action: "typo" });
          t += rng.int(40, 120);
        }
        lines.push({ ...base, ...where, t, action: "send", ...(registered && j === 0 ? { registered } : {}) });
        if (rng.chance(0.12)) {
          t += rng.int(45, 150);
          lines.push({ ...base, ...where, t, action: "resend" });
        }
        // A few people never type the code in: they lower conversion like fraud does.
        if (!rng.chance(0.04)) lines[lines.length - 1].verifyAfter = rng.int(15, 120);
      }
    }
  }
  return victims;
}

/** Spreads `count` requests over `seconds` from `start`, as a Poisson process would. */
function times(rng, start, seconds, count) {
  const result = [];
  let t = start;
  for (let i = 0; i < count; i++) {
    t += rng.exp(seconds / count);
    result.push(Math.min(t, DURATION));
  }
  return result;
}

function campaign(rng, lines, { name, tenant, numbers, start, seconds, ip, country, registered }) {
  const at = times(rng, start, seconds, numbers.length);
  numbers.forEach((phone, i) => {
    lines.push({ t: at[i], tenant, flow: "reset", phone, ip: ip(), country: country(), label: "fraud", campaign: name, registered: registered() });
  });
}

function pool(rng, size, make = randomIpv4) {
  const ips = Array.from({ length: size }, () => make(rng));
  return () => rng.pick(ips);
}

/** SMS pumping (premium, high-risk countries, VoIP, slow and low, bursts) and account takeover. */
function attacks(rng, lines, victims) {
  const tenant = () => rng.pick(Object.keys(SIM_TENANTS));
  const start = (length) => rng.int(0, DURATION - length);
  const minutes = (a, b) => () => rng.int(a * 60, b * 60);
  const proxyCountry = () => rng.pick(PROXY_COUNTRIES);
  const premium = rng.pick(["GB:premium", "US:premium", "FR:premium"]);
  campaign(rng, lines, { name: "premium-burst", tenant: tenant(), numbers: sequentialNumbers(rng, premium, rng.int(150, 300)), start: start(HOUR), seconds: rng.int(600, 1200), ip: pool(rng, rng.int(30, 80)), country: proxyCountry, registered: minutes(1, 10) });
  for (const plan of [rng.pick(["SL:mobile", "LV:mobile", "AZ:mobile"]), rng.pick(["UZ:mobile", "TN:mobile", "GN:mobile"])]) {
    const fresh = rng.chance(0.7);
    const shared = pool(rng, 30);
    campaign(rng, lines, { name: "irsf-sequential", tenant: tenant(), numbers: sequentialNumbers(rng, plan, rng.int(150, 300)), start: start(3 * HOUR), seconds: rng.int(HOUR, 3 * HOUR), ip: () => (fresh ? randomIpv4(rng) : shared()), country: proxyCountry, registered: () => (rng.chance(0.6) ? rng.int(60, 1800) : rng.int(86_400, 7 * 86_400)) });
  }
  campaign(rng, lines, { name: "voip-sequential", tenant: tenant(), numbers: sequentialNumbers(rng, "GB:voip", rng.int(80, 200), { step: rng.int(1, 3) }), start: start(3 * HOUR), seconds: rng.int(HOUR, 3 * HOUR), ip: pool(rng, rng.int(10, 20)), country: () => (rng.chance(0.8) ? "GB" : proxyCountry()), registered: minutes(2, 60) });
  const slowTenant = tenant();
  const slowCountry = slowTenant === "acme" ? "US" : rng.pick(["GB", "FR", "DE"]);
  campaign(rng, lines, { name: "slow-and-low", tenant: slowTenant, numbers: rangeNumbers(rng, `${slowCountry}:mobile`, rng.int(100, 250), rng.int(2, 4)), start: start(36 * HOUR), seconds: rng.int(24 * HOUR, 36 * HOUR), ip: () => randomIpv4(rng), country: () => slowCountry, registered: () => (rng.chance(0.5) ? rng.int(HOUR, 6 * HOUR) : rng.int(2 * 86_400, 20 * 86_400)) });
  const burstTenant = tenant();
  const burstPlan = burstTenant === "acme" ? rng.pick(["US:mobile", "CA:mobile"]) : rng.pick(["FR:mobile", "DE:mobile", "ES:mobile"]);
  campaign(rng, lines, { name: "mobile-burst", tenant: burstTenant, numbers: sequentialNumbers(rng, burstPlan, rng.int(100, 200)), start: start(HOUR), seconds: rng.int(600, 1800), ip: pool(rng, rng.int(20, 50)), country: proxyCountry, registered: minutes(1, 10) });
  const atoTenant = tenant();
  const targets = victims[atoTenant];
  const atoIps = Array.from({ length: rng.int(4, 10) }, () => ({ ip: randomIpv4(rng), country: rng.chance(0.7) ? proxyCountry() : null }));
  const attempts = rng.int(60, 150);
  const at = times(rng, start(3 * HOUR), rng.int(HOUR, 3 * HOUR), attempts);
  for (let i = 0; i < attempts; i++) {
    const victim = rng.pick(targets);
    const from = rng.pick(atoIps);
    lines.push({ t: at[i], tenant: atoTenant, flow: "reset", phone: victim.phone, ip: from.ip, country: from.country ?? victim.country, label: "fraud", campaign: "account-takeover" });
  }
}

/**
 * A labelled trace for a seed.
 *
 * @example
 * const lines = generateTrace(7); // same lines for seed 7, every time
 */
export function generateTrace(seed) {
  const rng = prng(seed);
  /** @type {any[]} */
  const lines = [];
  const victims = legitimate(rng, lines);
  attacks(rng, lines, victims);
  return lines.map((line) => TraceLineSchema.parse({ ...line, t: Math.round(line.t) })).sort((a, b) => a.t - b.t);
}
