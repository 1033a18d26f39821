import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const readme = read("README.md");
const limits = read("worker/src/limits.ts");

/** Names the README may use for a constant: itself, its family without _DEFAULT/_MIN/_MAX, or a `PREFIX_*_SUFFIX` pattern. */
function named(constant: string): boolean {
  if (readme.includes(constant)) return true;
  const family = constant.replace(/_(DEFAULT|MIN|MAX)$/, "");
  if (family !== constant && readme.includes(family)) return true;
  for (const pattern of readme.matchAll(/`([A-Z0-9_]*)\*([A-Z0-9_]*)`/g)) {
    const [, head, tail] = pattern as unknown as [string, string, string];
    if (constant.startsWith(head) && constant.endsWith(tail) && constant.length > head.length + tail.length) return true;
  }
  return false;
}

describe("the README's limits table", () => {
  it("names every limit exported by worker/src/limits.ts", () => {
    const constants = [...limits.matchAll(/^export const ([A-Z][A-Z0-9_]+)/gm)].map((m) => m[1]!);
    expect(constants.length).toBeGreaterThan(40);
    expect(constants.filter((c) => c !== "THROTTLE_RULES" && !named(c))).toEqual([]);
  });

  it("has a row for every throttle rule", () => {
    const block = limits.slice(limits.indexOf("export const THROTTLE_RULES"));
    const rules = [...block.slice(0, block.indexOf("\n} as const")).matchAll(/^ {2}(\w+): \{/gm)].map((m) => m[1]!);
    expect(rules.length).toBeGreaterThan(5);
    expect(rules.filter((rule) => !readme.includes(`\`${rule}\``))).toEqual([]);
  });
});
