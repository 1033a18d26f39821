// @ts-check
/**
 * How long phone protection adds to a send, in local workerd: the same send request (choosing
 * SMS, which decides and then issues the code) timed with the tenant's protection deciding
 * (`shadow`: every signal read and scored, the decision recorded, the code sent whatever it says,
 * so both arms do the same work after deciding) and off, in ABBA order, so a busy machine slows
 * both alike. Each send goes to a number of a
 * user registered long ago, from its own address, a simulated 20 minutes apart so no throttle
 * refuses one, with a pause between samples so work done after one answer (audit, risk records)
 * is not timed as part of the next.
 */
import { solveAltcha, startSesame } from "./sesame.mjs";

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** @param {{ samples?: number, log?: (text: string) => void }} options */
export async function measureLatency(options = {}) {
  const samples = options.samples ?? 100;
  const sesame = await startSesame();
  const { call } = sesame;
  let at = Date.UTC(2027, 2, 1);
  const tick = () => (at += 20 * 60_000);
  try {
    const origin = "https://latency.sim.example";
    const made = await call("POST", "/v1/tenants", { at, token: sesame.bootstrap, body: { id: "latency", displayName: "Latency", allowedOrigins: [origin], homeCountries: ["US"] } });
    const key = made.json.apiKey.key;
    await call("PATCH", "/v1/tenants/latency/policies/phoneProtection", { at, token: key, body: { captcha: { altchaDifficulty: 1_000 } } });
    const phones = Array.from({ length: 16 }, (_, i) => `+1201555${String(1000 + i * 7).padStart(4, "0")}`);
    for (const [i, phone] of phones.entries()) {
      const user = await call("POST", "/v1/tenants/latency/users", { at, token: key, body: { userName: `l${i}@latency.example`, displayName: `L${i}` } });
      await call("POST", `/v1/tenants/latency/users/${user.json.id}/authentication/phoneMethods`, { at, token: key, body: { phoneNumber: phone, phoneType: "mobile" } });
    }
    const timings = { shadow: [], off: [], decision: [] };
    const send = async (mode, n, measured) => {
      await call("PATCH", "/v1/tenants/latency/policies/phoneProtection", { at: tick(), token: key, body: { mode } });
      const phone = phones[n % phones.length];
      const request = { at, ip: `198.18.${n % 250}.${1 + (n % 200)}`, country: "US", origin };
      const created = await call("POST", "/v1/flows/reset?tenant=latency", request);
      const token = await solveAltcha(created.json.ui.captcha.challenge);
      await call("POST", `/v1/flows/${created.json.id}`, { ...request, body: { identifier: phone, captcha: token } });
      const chosen = await call("POST", `/v1/flows/${created.json.id}`, { ...request, body: { method: "sms-1", confirm: phone } });
      // Work done after the answer (audit, risk records) must not be timed as part of the next sample.
      await new Promise((resolve) => setTimeout(resolve, 150));
      if (!measured) return;
      timings[mode].push(chosen.ms);
      if (process.env.LAT_DEBUG) console.log(mode, n, Math.round(chosen.ms), chosen.status, chosen.json?.state ?? chosen.json?.error?.code);
      if (mode === "shadow") {
        const found = await call("GET", `/v1/tenants/latency/phoneProtection/decisions?phoneNumber=${encodeURIComponent(phone)}&$top=1`, { at, token: key });
        const latest = found.json.value[0];
        if (latest?.flowId === created.json.id) timings.decision.push(latest.ms);
      }
    };
    // Every number is sent to once before timing, then pairs run in ABBA order so neither mode
    // always follows the other.
    for (let n = 0; n < phones.length; n++) await send("shadow", n, false);
    for (let i = 0; i < samples; i++) {
      const order = i % 2 ? ["off", "shadow"] : ["shadow", "off"];
      for (const [k, mode] of order.entries()) await send(mode, 2 * i + k, true);
    }
    return {
      withMs: median(timings.shadow),
      withoutMs: median(timings.off),
      addedMs: Math.round((median(timings.shadow) - median(timings.off)) * 10) / 10,
      decisionMs: median(timings.decision),
      samples: timings.shadow.length,
    };
  } finally {
    await sesame.close();
  }
}
