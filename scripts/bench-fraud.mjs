#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench:fraud`: the fraud simulator. Generates a labelled trace for a seed (or reads
 * one with --trace FILE), replays it through the real worker in local workerd with a simulator
 * clock, and prints what phone protection blocked, ending with one machine-readable line:
 *   fraud_blocked_pct=<n> legit_blocked_pct=<n> sms_sent=<n> saved_usd=<n>
 *
 * Options:
 *   --seed N          the trace to generate (default 1)
 *   --trace FILE      replay this JSON-lines trace instead (docs/phone-protection.md, "Trace format")
 *   --write FILE      also write the generated trace to FILE
 *   --details         list every fraudulent send that went out and every legitimate user blocked
 *   --latency         also time what deciding adds to a send request (fraud/latency.mjs)
 *   --dump FILE       write every send and journey (label, campaign, outcome, score, reasons) as JSON, for analysis
 *   --profile         where the replay's time went: per phase, and summed request time per route
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { measureLatency } from "./fraud/latency.mjs";
import { figures, printFigures } from "./fraud/report.mjs";
import { replay } from "./fraud/replay.mjs";
import { generateTrace, readTrace } from "./fraud/trace.mjs";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    trace: { type: "string" },
    write: { type: "string" },
    details: { type: "boolean", default: false },
    latency: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    dump: { type: "string" },
  },
});
const seed = Number(values.seed);
if (!Number.isInteger(seed)) throw new Error("--seed takes an integer");
const lines = values.trace ? readTrace(values.trace) : generateTrace(seed);
if (values.write) writeFileSync(values.write, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
const legit = lines.filter((l) => l.label === "legit").length;
console.log(`${values.trace ? `Trace ${values.trace}` : `Seed ${seed}`}: ${lines.length} requests (${legit} legitimate, ${lines.length - legit} fraudulent) over ${Math.round(Math.max(...lines.map((l) => l.t)) / 3600)} h.`);
const started = Date.now();
const result = await replay(lines, { log: (text) => console.log(text) });
if (result.unsupported.length) console.log(`Skipped flow types this worker does not serve yet: ${result.unsupported.join(", ")}.`);
console.log(`Replayed in ${Math.round((Date.now() - started) / 1000)} s.`);
const f = figures(result);
if (values.dump) writeFileSync(values.dump, JSON.stringify({ sends: result.sends, journeys: result.journeys }));
if (values.profile && result.profile) {
  console.log(`Phases (s): ${Object.entries(result.profile.phases).map(([name, ms]) => `${name} ${Math.round(ms / 1000)}`).join(", ")}`);
  for (const [route, { calls, ms }] of [...result.profile.routes].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`  ${route.padEnd(60)} ${String(calls).padStart(6)} calls ${(ms / calls).toFixed(1).padStart(7)} ms each ${Math.round(ms / 1000).toString().padStart(6)} s`);
  }
}
if (values.details) {
  for (const s of f.leaks) console.log(`sent   ${s.campaign.padEnd(18)} ${s.phone.slice(0, -4)}…  score ${s.score} ${s.reasons.join(",")}`);
  for (const j of f.blockedLegit) {
    const why = result.sends.filter((s) => s.flowId === j.flowId).map((s) => `${s.outcome} ${s.refusedWith ?? ""} ${s.score ?? ""} ${s.reasons.join(",")}`);
    console.log(`legit  ${j.id.padEnd(18)} ${j.phone.slice(0, -4)}…  ${why.join(" | ")}`);
  }
}
if (values.latency) {
  const latency = await measureLatency({ samples: 60 });
  console.log(
    `Latency (${latency.samples} pairs, local workerd): a send request takes ${latency.withMs.toFixed(1)} ms deciding, ` +
      `${latency.withoutMs.toFixed(1)} ms with protection off (medians): deciding adds ${latency.addedMs} ms; ` +
      `the decision itself takes ${latency.decisionMs} ms (median, worker clock).`,
  );
}
printFigures(f);
