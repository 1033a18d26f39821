import { beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../api";
import { flowTenant, startFlow, submit, userWithMethods } from "../flows";
import { signInTenant, smsUser } from "../signin";

/**
 * Account enumeration by body, status and timing, over many interleaved samples. Bodies and
 * statuses must be identical once the fields that differ between any two flows (id, times) are
 * blanked. Timing uses a Mann-Whitney U test: a difference fails only when it is both
 * statistically clear (|z| ≥ 4, about one false alarm in 15,000 runs) and material (medians more
 * than 3 ms and 30% apart), so a loaded machine does not fail it but a lookup that skips work for
 * unknown accounts, or sends inline for known ones, does.
 */

const SAMPLES = 40;

function comparable(answer: Answer) {
  const strip = (flow: Record<string, any>) => {
    const blank: Record<string, any> = { ...flow, id: "", expiresAt: "" };
    if (blank.ui?.code) blank.ui = { ...blank.ui, code: { ...blank.ui.code, resendAvailableAt: "" } };
    return blank;
  };
  const json = answer.json.error ? { ...answer.json, error: { ...answer.json.error, requestId: "" }, flow: answer.json.flow && strip(answer.json.flow) } : strip(answer.json);
  return JSON.stringify({ status: answer.status, json });
}

/** Mann-Whitney U as a z score (normal approximation, ties averaged). */
export function mannWhitneyZ(a: number[], b: number[]): number {
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(all.length);
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j++;
    for (let k = i; k <= j; k++) ranks[k] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const rankA = all.reduce((sum, item, i) => sum + (item.g === 0 ? ranks[i]! : 0), 0);
  const u = rankA - (a.length * (a.length + 1)) / 2;
  const mean = (a.length * b.length) / 2;
  const sd = Math.sqrt((a.length * b.length * (a.length + b.length + 1)) / 12);
  return (u - mean) / sd;
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;

function expectIndistinguishable(known: number[], unknown: number[]) {
  const z = mannWhitneyZ(known, unknown);
  const gap = Math.abs(median(known) - median(unknown));
  const material = gap > Math.max(3, 0.3 * Math.max(median(known), median(unknown)));
  expect(Math.abs(z) >= 4 && material, `z=${z.toFixed(2)}, medians ${median(known).toFixed(1)} vs ${median(unknown).toFixed(1)} ms`).toBe(false);
}

/** Runs `sample` for known and unknown alternately (order flipped each round), timing each. */
async function interleaved(sample: (kind: "known" | "unknown", i: number) => Promise<{ ms: number; body: string }>) {
  const out = { known: [] as number[], unknown: [] as number[], bodies: { known: new Set<string>(), unknown: new Set<string>() } };
  for (let i = 0; i < SAMPLES; i++) {
    for (const kind of i % 2 ? (["known", "unknown"] as const) : (["unknown", "known"] as const)) {
      const { ms, body } = await sample(kind, i);
      out[kind].push(ms);
      out.bodies[kind].add(body);
      // Let background work (a send for a known account) finish before the next sample.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return out;
}

describe("enumeration: password reset", () => {
  const T = "enum-attack";
  let origin = "";
  beforeAll(async () => {
    let key: string;
    ({ origin, key } = await flowTenant(T));
    for (let i = 0; i < SAMPLES; i++) await userWithMethods(T, key, { userName: `real${i}@enum.example`, phone: `+1 202 555 ${String(100 + i).padStart(4, "0")}` });
  });

  it("identify: same body, status and time for existing and unknown users", { timeout: 180_000 }, async () => {
    const result = await interleaved(async (kind, i) => {
      const ip = `192.0.2.${i + 1}`;
      const id = (await startFlow(T, origin, "reset", ip)).json.id;
      const started = performance.now();
      const answer = await submit(id, origin, { identifier: kind === "known" ? `real${i}@enum.example` : `ghost${i}@enum.example` }, ip);
      const ms = performance.now() - started;
      // Which methods are offered differs per account, and unknown identifiers get a plausible,
      // stable, made-up set (reset/enumeration.test.ts); everything else must be identical.
      expect(answer.json.methods.length).toBeGreaterThan(0);
      const shape = { ...answer.json, id: "", expiresAt: "", methods: [] };
      return { ms, body: JSON.stringify({ status: answer.status, shape }) };
    });
    expect([...result.bodies.unknown]).toEqual([...result.bodies.known]);
    expectIndistinguishable(result.known, result.unknown);
  });

  it("confirm the phone number: same body, status and time whether it matches (code sent) or not", { timeout: 180_000 }, async () => {
    const result = await interleaved(async (kind, i) => {
      const ip = `198.18.0.${i + 1}`;
      const id = (await startFlow(T, origin, "reset", ip)).json.id;
      await submit(id, origin, { identifier: `real${i}@enum.example` }, ip);
      const started = performance.now();
      const answer = await submit(id, origin, { method: "sms-1", confirm: kind === "known" ? `+1202555${String(100 + i).padStart(4, "0")}` : "+12025559999" }, ip);
      return { ms: performance.now() - started, body: comparable(answer) };
    });
    expect([...result.bodies.unknown]).toEqual([...result.bodies.known]);
    expectIndistinguishable(result.known, result.unknown);
  });
});

describe("enumeration: SMS sign-in", () => {
  const T = "enum-sms";
  let origin = "";
  beforeAll(async () => {
    let key: string;
    ({ origin, key } = await signInTenant(T));
    for (let i = 0; i < SAMPLES; i++) await smsUser(T, key, `s${i}@enum.example`, `+1 203 555 ${String(100 + i).padStart(4, "0")}`);
  });

  it("a registered number and an unknown one: same body, status and time", { timeout: 180_000 }, async () => {
    const result = await interleaved(async (kind, i) => {
      const ip = `198.18.1.${i + 1}`;
      const id = (await startFlow(T, origin, "sms_signin", ip)).json.id;
      const started = performance.now();
      const answer = await submit(id, origin, { phoneNumber: kind === "known" ? `+1203555${String(100 + i).padStart(4, "0")}` : `+1203555${String(300 + i).padStart(4, "0")}` }, ip);
      return { ms: performance.now() - started, body: comparable(answer) };
    });
    expect([...result.bodies.unknown]).toEqual([...result.bodies.known]);
    expectIndistinguishable(result.known, result.unknown);
  });

  it("a wrong code for a registered number and for an unknown one: the same refusal", async () => {
    const answers: string[] = [];
    for (const phone of ["+12035550100", "+12035550399"]) {
      const id = (await startFlow(T, origin, "sms_signin", "198.18.2.1")).json.id;
      await submit(id, origin, { phoneNumber: phone }, "198.18.2.1");
      answers.push(comparable(await submit(id, origin, { action: "verify", code: "000000" }, "198.18.2.1")));
    }
    expect(answers[1]).toBe(answers[0]);
  });
});
