import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the simulator is plain JavaScript with JSDoc types
import { generateTrace, readTrace, TraceLineSchema } from "../../scripts/fraud/trace.mjs";

type Line = { t: number; tenant: string; phone: string; label: string; campaign?: string; action: string; journey?: string };

describe("the fraud simulator's traces", () => {
  const trace: Line[] = generateTrace(3);

  it("are the same for the same seed, and differ between seeds", () => {
    expect(generateTrace(3)).toEqual(trace);
    expect(generateTrace(4)).not.toEqual(trace);
  });

  it("label legitimate users and every kind of attack, in time order, with valid numbers", () => {
    const campaigns = new Set(trace.filter((l) => l.label === "fraud").map((l) => l.campaign));
    expect([...campaigns].sort()).toEqual(["account-takeover", "irsf-sequential", "mobile-burst", "premium-burst", "slow-and-low", "voip-sequential"]);
    expect(trace.filter((l) => l.label === "legit").length).toBeGreaterThan(1000);
    expect(trace.every((l, i) => i === 0 || l.t >= trace[i - 1]!.t)).toBe(true);
    expect(trace.every((l) => parsePhoneNumberFromString(l.phone)?.isValid())).toBe(true);
    expect(trace.some((l) => l.action === "typo") && trace.some((l) => l.action === "resend")).toBe(true);
  });

  it("round-trip through a JSON-lines file, which says where a bad line is", () => {
    const dir = mkdtempSync(join(tmpdir(), "trace-"));
    const file = join(dir, "trace.jsonl");
    writeFileSync(file, `# a comment\n${trace.slice(0, 20).map((l) => JSON.stringify(l)).join("\n")}\n`);
    expect(readTrace(file)).toEqual(trace.slice(0, 20).map((l) => TraceLineSchema.parse(l)));
    writeFileSync(file, `${JSON.stringify(trace[0])}\n${JSON.stringify({ ...trace[1], label: "maybe" })}\n`);
    expect(() => readTrace(file)).toThrow(/trace line 2: label/);
  });
});
