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
import { Timeline } from "./timeline.mjs";

const T0 = Date.UTC(2027, 0, 4);
/** Events this close in trace time may run at once, at most this many together. */
const WINDOW_MS = 20_000;
const CONCURRENCY = 8;
/** Registrations and the explain API reads do not depend on each other: this many at once. */
const SETUP_CONCURRENCY = 16;
const LONG_AGO_S = 400 * 86_400;
/** Before everything: the worker's clock only moves forward, and users registered long ago come first. */
const EPOCH = T0 - LONG_AGO_S * 1000 - 3_600_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tenants named in a trace: the generated ones as configured there, others homed where their legitimate users are. */
function profileOf(tenant, lines) {
  if (SIM_TENANTS[tenant]) return SIM_TENANTS[tenant];
  const countries = [...new Set(lines.filter((l) => l.tenant === tenant && l.label === "legit").map((l) => parsePhoneNumberFromString(l.phone)?.country).filter(Boolean))];
  return { homeCountries: countries.length ? countries.slice(0, 20) : ["US"], allowedCountries: null };
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
  /** @type {[number, () => Promise<void>, string][]} */
  const recentRegistrations = [];
  const prices = new Map();
  let users = 0;
  let profile = null;
  try {
    for (const id of new Set(lines.map((l) => l.tenant))) {
      const profile = profileOf(id, lines);
      const origin = `https://${id}.sim.example`;
      const made = await call("POST", "/v1/tenants", { at: EPOCH, token: sesame.bootstrap, body: { id, displayName: `Tenant ${id}`, allowedOrigins: [origin], homeCountries: profile.homeCountries } });
      if (made.status !== 201) throw new Error(`tenant ${id}: ${JSON.stringify(made.json)}`);
      const key = made.json.apiKey.key;
      // The lowest proof-of-work difficulty: bots solve whatever they are given, and hashing
      // a million times per flow would only make the replay slow.
      const policy = { captcha: { altchaDifficulty: options.altchaDifficulty ?? 1_000 }, ...(profile.allowedCountries ? { allowedCountries: profile.allowedCountries } : {}) };
      const patched = await call("PATCH", `/v1/tenants/${id}/policies/phoneProtection`, { at: EPOCH, token: key, body: policy });
      if (patched.status !== 200) throw new Error(`policy ${id}: ${JSON.stringify(patched.json)}`);
      tenants.set(id, { key, origin });
    }
    let phase = Date.now();
    const phases = {};
    const lap = (name) => {
      phases[name] = Date.now() - phase;
      phase = Date.now();
    };
    await register(lines);
    lap("register");
    const timeline = new Timeline(WINDOW_MS, CONCURRENCY);
    lines.forEach((line, index) => timeline.add(at(line.t), line.journey ?? `line-${index}`, () => step(line, index, at(line.t), timeline)));
    for (const [when, run, phone] of recentRegistrations) timeline.add(when, `register-${phone}`, run);
    await timeline.run((done, left) => options.log(`  … ${done} events replayed, ${left} to go`));
    lap("timeline");
    await resolveOutcomes();
    lap("resolve");
    profile = { phases, routes: sesame.profile };
    for (const [id, { key }] of tenants) prices.set(id, (await call("GET", `/v1/tenants/${id}/policies/phoneProtection`, { at: at(49 * 3600), token: key })).json.spend);
  } finally {
    await sesame.close();
  }
  return { sends, journeys: [...journeys.values()], unsupported: [...unsupported], prices, profile };

  // Registration: every number in the trace belongs to a user with a mobile phone method.

  async function register(all) {
    const first = new Map();
    for (const line of all) if (!first.has(`${line.tenant}|${line.phone}`)) first.set(`${line.tenant}|${line.phone}`, line);
    const longAgo = [];
    [...first.values()].forEach((line, i) => {
      if (line.registered === undefined) longAgo.push([T0 - LONG_AGO_S * 1000 + i * 1000, line]);
      else recentRegistrations.push([at(line.t - line.registered), () => addUser(line, at(line.t - line.registered)), `${line.tenant}|${line.phone}`]);
    });
    // Users registered long before the trace do not depend on each other.
    await Promise.all(
      Array.from({ length: SETUP_CONCURRENCY }, async () => {
        for (let next = longAgo.shift(); next; next = longAgo.shift()) await addUser(next[1], next[0]);
      }),
    );
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

  async function step(line, index, time, timeline, retried = false) {
    if (line.flow === "sms_signin") {
      unsupported.add("sms_signin");
      return;
    }
    const id = line.journey ?? `line-${index}`;
    const { origin } = tenants.get(line.tenant);
    const request = { at: time, ip: line.ip, country: line.country, origin };
    let journey = journeys.get(id);
    if (!journey) {
      journey = { id, label: line.label, campaign: line.campaign ?? (line.label === "legit" ? "legit" : "fraud"), tenant: line.tenant, phone: line.phone, flowId: null, state: null, attempts: 0, sent: 0, sentAt: null, verified: false, helpdesk: false };
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
    let answer = null;
    if (line.action === "resend" && journey.state === "verify_code" && journey.matched) {
      answer = await submit({ action: "resend" });
    } else {
      if (journey.state === "verify_code") await submit({ action: "back" });
      const matched = line.action !== "typo";
      const chosen = await submit({ method: "sms-1", confirm: matched ? line.phone : typo(line.phone) });
      journey.state = chosen.json?.state ?? chosen.json?.flow?.state;
      journey.matched = matched;
      if (matched) answer = chosen;
    }
    // Asked again before the flow's resend interval was up (the replay runs an event up to its
    // window late, so a typo's timer may still be running): the widget counts down, and the user
    // (or the bot) asks again once it has ended. The worker's clock may be ahead of this event's
    // time by up to the window, so the wait is counted from there.
    if (answer && !retried && answer.json?.error?.code === "OTP_RESEND_TOO_SOON" && answer.retryAfter && answer.retryAfter <= 60) {
      const later = time + WINDOW_MS + answer.retryAfter * 1000;
      timeline.add(later, journey.id, () => step(line, index, later, timeline, true));
      return;
    }
    if (answer) recordSend(journey, line, time, answer);
    if (line.verifyAfter !== undefined && line.label === "legit") {
      timeline.add(time + line.verifyAfter * 1000, journey.id, () => verify(journey, line, time + line.verifyAfter * 1000));
    }
  }

  function recordSend(journey, line, time, answer) {
    journey.attempts++;
    // Refused by the flow itself (a resend too soon, too many sends): no decision to read.
    const send = { t: line.t, label: line.label, campaign: journey.campaign, tenant: line.tenant, phone: line.phone, ip: line.ip, requestCountry: line.country, flowId: journey.flowId, country: parsePhoneNumberFromString(line.phone)?.country ?? null, ms: answer.ms, outcome: "refused", score: null, decision: null, reasons: [], decisionMs: null, decided: answer.status === 200, refusedWith: answer.json?.error?.code ?? null };
    sends.push(send);
    if (send.decided) journey.sentAt = time;
  }

  /** What phone protection decided about every send, read back once the replay is over. */
  async function resolveOutcomes() {
    const byNumber = new Map();
    for (const send of sends) if (send.decided) byNumber.set(`${send.tenant}|${send.phone}`, [...(byNumber.get(`${send.tenant}|${send.phone}`) ?? []), send]);
    const entries = [...byNumber.values()];
    await Promise.all(
      Array.from({ length: SETUP_CONCURRENCY }, async () => {
        for (let group = entries.shift(); group; group = entries.shift()) {
          const { tenant, phone } = group[0];
          const found = await call("GET", `/v1/tenants/${tenant}/phoneProtection/decisions?phoneNumber=${encodeURIComponent(phone)}&$top=50`, { at: at(49 * 3600), token: tenants.get(tenant).key });
          const oldestFirst = [...(found.json?.value ?? [])].reverse();
          for (const send of group) {
            const index = oldestFirst.findIndex((d) => d.flowId === send.flowId);
            if (index < 0) continue;
            const [d] = oldestFirst.splice(index, 1);
            Object.assign(send, { outcome: d.outcome, score: d.score, decision: d.decision, reasons: d.signals.map((x) => x.reason), signals: d.signals, decisionMs: d.ms });
          }
        }
      }),
    );
    for (const journey of journeys.values()) journey.sent = sends.filter((s) => s.flowId === journey.flowId && s.outcome === "sent").length;
  }

  /** The user reads the code from the outbox and types it in; with no code there, nothing to type. */
  async function verify(journey, line, time) {
    if (journey.sentAt === null || journey.verified) return;
    const { origin } = tenants.get(line.tenant);
    for (let i = 0; i < 5; i++) {
      // The newest few messages almost always hold the code; a busy outbox is read further back.
      const outbox = await call("GET", `/dev/outbox.json?tenant=${line.tenant}&limit=${i === 0 ? 20 : 200}`, { at: time });
      const message = (outbox.json?.value ?? []).find((m) => m.to === line.phone && Date.parse(m.createdAt) >= journey.sentAt - 1000);
      const code = message ? (/#(\d{6,10})/.exec(message.text) ?? /\b(\d{6,10})\b/.exec(message.text))?.[1] : undefined;
      if (code) {
        const answer = await call("POST", `/v1/flows/${journey.flowId}`, { at: time, ip: line.ip, country: line.country, origin, body: { action: "verify", code } });
        journey.verified = answer.status === 200;
        return;
      }
      await sleep(20);
    }
  }
}
