import { beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../../test/api";
import { flowTenant, startFlow, submit, userWithMethods } from "../../../test/flows";

let origin = "";
const T = "enum-flow";

beforeAll(async () => {
  let key: string;
  ({ origin, key } = await flowTenant(T));
  await userWithMethods(T, key, { userName: "real@e.example", phone: "+1 201 555 0151", email: "real.home@example.org" });
});

/** A response with what must differ between any two flows (their id and times) blanked out. */
function comparable(answer: Answer) {
  const flow = answer.json.flow ?? answer.json;
  const blank = { ...flow, id: "", expiresAt: "" };
  if (blank.ui?.code) blank.ui = { ...blank.ui, code: { ...blank.ui.code, resendAvailableAt: "" } };
  return { status: answer.status, body: { ...answer.json, ...(answer.json.flow ? { flow: blank } : blank), ...(answer.json.error ? { error: { ...answer.json.error, requestId: "" } } : {}) } };
}

async function walk(identifier: string, confirm: string) {
  const id = (await startFlow(T, origin)).json.id;
  const identified = await submit(id, origin, { identifier });
  const methods = (identified.json.methods ?? []).map((m: { kind: string; confirm: string | null }) => ({ kind: m.kind, confirm: m.confirm }));
  const chosen = await submit(id, origin, { method: "sms-1", confirm });
  const verified = await submit(id, origin, { action: "verify", code: "123456" });
  return { identified, methods, chosen, verified };
}

describe("no account enumeration in the reset flow", () => {
  it("answers an unknown identifier exactly like a known one, step by step", async () => {
    const known = await walk("real@e.example", "+12015550199");
    const unknown = await walk("ghost@e.example", "+12015550199");
    expect(unknown.methods).toEqual(known.methods);
    expect(unknown.identified.status).toBe(known.identified.status);
    expect(comparable(unknown.chosen)).toEqual(comparable(known.chosen));
    expect(comparable(unknown.verified)).toEqual(comparable(known.verified));
  });

  it("shows the same fake hints for the same unknown identifier every time", async () => {
    const first = await walk("ghost2@e.example", "+12015550100");
    const second = await walk("ghost2@e.example", "+12015550100");
    expect(second.identified.json.methods).toEqual(first.identified.json.methods);
  });

  it("takes the same time to identify a known and an unknown user", { timeout: 60_000 }, async () => {
    const samples = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 40; i++) {
      for (const kind of i % 2 ? (["known", "unknown"] as const) : (["unknown", "known"] as const)) {
        const id = (await startFlow(T, origin)).json.id;
        const started = performance.now();
        await submit(id, origin, { identifier: kind === "known" ? "real@e.example" : `nobody${i}@e.example` });
        samples[kind].push(performance.now() - started);
        // A known user's identify has work after the answer (its audit entry, its inbox's
        // alert); on this one test thread it would otherwise slow whichever request comes next.
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const known = median(samples.known);
    const unknown = median(samples.unknown);
    // The two medians must be within 3 ms or 35% of each other; a lookup that skipped work
    // for unknown users, or delivered inline for known ones, shows up far outside that.
    expect(Math.abs(known - unknown)).toBeLessThan(Math.max(3, 0.35 * Math.max(known, unknown)));
  });

  it("takes the same time to confirm a matching and a mismatching phone number", { timeout: 60_000 }, async () => {
    const samples = { match: [] as number[], mismatch: [] as number[] };
    for (let i = 0; i < 30; i++) {
      for (const kind of i % 2 ? (["match", "mismatch"] as const) : (["mismatch", "match"] as const)) {
        const ip = `192.0.2.${(i % 200) + 1}`;
        const id = (await startFlow(T, origin, "reset", ip)).json.id;
        await submit(id, origin, { identifier: "real@e.example" }, ip);
        const started = performance.now();
        await submit(id, origin, { method: "sms-1", confirm: kind === "match" ? "+12015550151" : "+12015550198" }, ip);
        samples[kind].push(performance.now() - started);
        // Let the matched send finish in the background before the next sample: on this one
        // test thread it would otherwise slow whichever request comes next.
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const match = median(samples.match);
    const mismatch = median(samples.mismatch);
    expect(Math.abs(match - mismatch)).toBeLessThan(Math.max(3, 0.35 * Math.max(match, mismatch)));
  });
});
