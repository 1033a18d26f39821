// @ts-check
/**
 * Replays a trace through the real worker. Each journey is one reset (or unlock) flow: start it,
 * solve its ALTCHA challenge, identify by phone number, confirm the number (or a typo of it), ask
 * for resends; legitimate users then read their code from the dev outbox and type it in, as real
 * users do and pumped numbers never do. What phone protection decided about each send is read
 * back through the admin explain API. Events run in trace time, one at a time, so the worker's
 * clock (the simulator clock) always moves forward.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { SIM_TENANTS } from "./trace.mjs";
import { solveAltcha, startSesame, typo } from "./sesame.mjs";

const T0 = Date.UTC(2027, 0, 4);
const LONG_AGO_S = 400 * 86_400;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tenants named in a trace: the generated ones as configured there, others homed where their legitimate users are. */
function profileOf(tenant, lines) {
  if (SIM_TENANTS[tenant]) return SIM_TENANTS[tenant];
  const countries = [...new Set(lines.filter((l) => l.tenant === tenant && l.label === "legit").map((l) => parsePhoneNumberFromString(l.phone)?.country).filter(Boolean))];
  return { homeCountries: countries.length ? countries.slice(0, 20) : ["US"], allowedCountries: null };
}

/** A sorted queue of timed events; new events (a user typing the code) slot in by time. */
class Timeline {
  constructor() {
    /** @type {{ at: number, run: () => Promise<void> }[]} */
    this.events = [];
  }
  add(at, run) {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid].at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.events.splice(lo, 0, { at, run });
  }
  async run(onProgress) {
    let done = 0;
    while (this.events.length) {
      await this.events.shift().run();
      if (++done % 500 === 0) onProgress(done, this.events.length);
    }
  }
}

/**
 * @param {import("./trace.mjs").TraceLine[]} lines
 * @param {{ log: (text: string) => void, altchaDifficulty?: number }} options
 */
export async function replay(lines, options) {
  const sesame = await startSesame();
  const { call } = sesame;
  const at = (t) => T0 + t * 1000;
  const tenants = new Map();
  const sends = [];
  const journeys = new Map();
  const unsupported = new Set();
  /** @type {[number, () => Promise<void>][]} */
  const recentRegistrations = [];
  const prices = new Map();
  let users = 0;
  try {
    for (const id of new Set(lines.map((l) => l.tenant))) {
      const profile = profileOf(id, lines);
      const origin = `https://${id}.sim.example`;
      const made = await call("POST", "/v1/tenants", { at: T0 - LONG_AGO_S * 1000 - 3_600_000, token: sesame.bootstrap, body: { id, displayName: `Tenant ${id}`, allowedOrigins: [origin], homeCountries: profile.homeCountries } });
      if (made.status !== 201) throw new Error(`tenant ${id}: ${JSON.stringify(made.json)}`);
      const key = made.json.apiKey.key;
      // The lowest proof-of-work difficulty: bots solve whatever they are given, and hashing
      // a million times per flow would only make the replay slow.
      const policy = { captcha: { altchaDifficulty: options.altchaDifficulty ?? 1_000 }, ...(profile.allowedCountries ? { allowedCountries: profile.allowedCountries } : {}) };
      const patched = await call("PATCH", `/v1/tenants/${id}/policies/phoneProtection`, { at: T0, token: key, body: policy });
      if (patched.status !== 200) throw new Error(`policy ${id}: ${JSON.stringify(patched.json)}`);
      tenants.set(id, { key, origin });
    }
    await register(lines);
    const timeline = new Timeline();
    lines.forEach((line, index) => timeline.add(at(line.t), () => step(line, index, at(line.t), timeline)));
    for (const [when, run] of recentRegistrations) timeline.add(when, run);
    await timeline.run((done, left) => options.log(`  … ${done} events replayed, ${left} to go`));
    for (const [id, { key }] of tenants) prices.set(id, (await call("GET", `/v1/tenants/${id}/policies/phoneProtection`, { at: at(49 * 3600), token: key })).json.spend);
  } finally {
    await sesame.close();
  }
  return { sends, journeys: [...journeys.values()], unsupported: [...unsupported], prices };

  // Registration: every number in the trace belongs to a user with a mobile phone method.

  async function register(all) {
    const first = new Map();
    for (const line of all) if (!first.has(`${line.tenant}|${line.phone}`)) first.set(`${line.tenant}|${line.phone}`, line);
    const longAgo = [];
    [...first.values()].forEach((line, i) => {
      if (line.registered === undefined) longAgo.push([T0 - LONG_AGO_S * 1000 + i * 1000, line]);
      else recentRegistrations.push([at(line.t - line.registered), () => addUser(line, at(line.t - line.registered))]);
    });
    // Users registered long before the trace do not depend on each other: eight at a time.
    for (let i = 0; i < longAgo.length; i += 8) await Promise.all(longAgo.slice(i, i + 8).map(([when, line]) => addUser(line, when)));
  }

  async function addUser(line, when) {
    const n = ++users;
    const { key } = tenants.get(line.tenant);
    const user = await call("POST", `/v1/tenants/${line.tenant}/users`, { at: when, token: key, body: { userName: `sim-${n}@${line.tenant}.sim.example`, displayName: `Sim ${n}` } });
    if (user.status !== 201) throw new Error(`user: ${JSON.stringify(user.json)}`);
    const method = await call("POST", `/v1/tenants/${line.tenant}/users/${user.json.id}/authentication/phoneMethods`, { at: when, token: key, body: { phoneNumber: line.phone, phoneType: "mobile" } });
    if (method.status !== 201) throw new Error(`phone method: ${JSON.stringify(method.json)}`);
  }

  // Journeys.

  async function step(line, index, time, timeline) {
    if (line.flow === "sms_signin") {
      unsupported.add("sms_signin");
      return;
    }
    const id = line.journey ?? `line-${index}`;
    const { origin } = tenants.get(line.tenant);
    const request = { at: time, ip: line.ip, country: line.country, origin };
    let journey = journeys.get(id);
    if (!journey) {
      journey = { id, label: line.label, campaign: line.campaign ?? (line.label === "legit" ? "legit" : "fraud"), tenant: line.tenant, phone: line.phone, flowId: null, state: null, attempts: 0, sent: 0, sentAt: null, verified: false, helpdesk: false, decisions: 0 };
      journeys.set(id, journey);
      const created = await call("POST", `/v1/flows/${line.flow}?tenant=${line.tenant}`, request);
      journey.flowId = created.json.id;
      const captcha = created.json.ui?.captcha;
      const token = captcha?.provider === "altcha" ? await solveAltcha(captcha.challenge) : undefined;
      const identified = await call("POST", `/v1/flows/${journey.flowId}`, { ...request, body: { identifier: line.phone, ...(token ? { captcha: token } : {}) } });
      journey.state = identified.json?.state ?? identified.json?.flow?.state;
      if (journey.state !== "choose_method") {
        journey.helpdesk = true;
        return;
      }
    }
    if (journey.helpdesk) return;
    const submit = (body) => call("POST", `/v1/flows/${journey.flowId}`, { ...request, body });
    if (line.action === "resend" && journey.state === "verify_code" && journey.matched) {
      await recordSend(journey, line, time, await submit({ action: "resend" }));
    } else {
      if (journey.state === "verify_code") await submit({ action: "back" });
      const matched = line.action !== "typo";
      const chosen = await submit({ method: "sms-1", confirm: matched ? line.phone : typo(line.phone) });
      journey.state = chosen.json?.state ?? chosen.json?.flow?.state;
      journey.matched = matched;
      if (matched) await recordSend(journey, line, time, chosen);
    }
    if (line.verifyAfter !== undefined && line.label === "legit") timeline.add(time + line.verifyAfter * 1000, () => verify(journey, line, time + line.verifyAfter * 1000));
  }

  async function recordSend(journey, line, time, answer) {
    journey.attempts++;
    const send = { label: line.label, campaign: journey.campaign, tenant: line.tenant, phone: line.phone, country: parsePhoneNumberFromString(line.phone)?.country ?? null, ms: answer.ms, outcome: "refused", score: null, decision: null, reasons: [], decisionMs: null };
    sends.push(send);
    // Refused by the flow itself (a resend too soon, too many sends): no decision to read.
    if (answer.status !== 200) return;
    const { key } = tenants.get(line.tenant);
    for (let i = 0; i < 200; i++) {
      const found = await call("GET", `/v1/tenants/${line.tenant}/phoneProtection/decisions?phoneNumber=${encodeURIComponent(line.phone)}&$top=50`, { at: time, token: key });
      const mine = (found.json?.value ?? []).filter((d) => d.flowId === journey.flowId);
      if (mine.length > journey.decisions) {
        journey.decisions = mine.length;
        Object.assign(send, { outcome: mine[0].outcome, score: mine[0].score, decision: mine[0].decision, reasons: mine[0].signals.map((s) => s.reason), decisionMs: mine[0].ms });
        if (send.outcome === "sent") {
          journey.sent++;
          journey.sentAt = time;
        }
        return;
      }
      await sleep(i < 20 ? 2 : 20);
    }
  }

  async function verify(journey, line, time) {
    if (journey.sentAt === null || journey.verified) return;
    const { origin } = tenants.get(line.tenant);
    for (let i = 0; i < 100; i++) {
      const outbox = await call("GET", `/dev/outbox.json?tenant=${line.tenant}&limit=200`, { at: time });
      const message = (outbox.json?.value ?? []).find((m) => m.to === line.phone && Date.parse(m.createdAt) >= journey.sentAt - 1000);
      const code = message ? (/#(\d{6,10})/.exec(message.text) ?? /\b(\d{6,10})\b/.exec(message.text))?.[1] : undefined;
      if (code) {
        const answer = await call("POST", `/v1/flows/${journey.flowId}`, { at: time, ip: line.ip, country: line.country, origin, body: { action: "verify", code } });
        journey.verified = answer.status === 200;
        return;
      }
      await sleep(10);
    }
  }
}
