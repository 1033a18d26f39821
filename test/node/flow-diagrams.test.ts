import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resetTransitions } from "../../contract/flows/reset";
import { securityInfoTransitions } from "../../contract/flows/security-info";
import { signInTransitions } from "../../contract/flows/signin";
import { smsSignInTransitions } from "../../contract/flows/sms-signin";

/** The `from --> to` edges of a mermaid state diagram, start and end markers left out. */
function edges(file: string): string[] {
  const text = readFileSync(new URL(`../../contract/flows/${file}`, import.meta.url), "utf8");
  const found = new Set<string>();
  for (const match of text.matchAll(/^\s*(\w+)\s*-->\s*(\w+)/gm)) found.add(`${match[1]} -> ${match[2]}`);
  return [...found].sort();
}

const table = (transitions: Record<string, readonly string[]>) =>
  Object.entries(transitions).flatMap(([from, tos]) => tos.map((to) => `${from} -> ${to}`)).sort();

describe("each flow's diagram draws exactly its transitions table", () => {
  it.each([
    ["reset.mermaid", resetTransitions],
    ["sms-signin.mermaid", smsSignInTransitions],
    ["signin.mermaid", signInTransitions],
    ["security-info.mermaid", securityInfoTransitions],
  ] as const)("%s", (file, transitions) => {
    expect(edges(file)).toEqual(table(transitions));
  });
});
