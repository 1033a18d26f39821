import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withinOneEdit } from "./fuzzy";
import { canonicalPassword, codePointLength, normaliseForBanned } from "./normalise";

describe("normaliseForBanned", () => {
  it.each([
    ["P@$$w0rd", "password"],
    ["PASSWORD", "password"],
    ["pa55word", "password"],
    ["P4ssw0rd", "password"],
    ["Pässwörd", "password"],
    ["ｐａｓｓｗｏｒｄ", "password"],
    ["L3tm3!n", "letmein"],
    ["L3tm31n!", "letmelni"],
    ["7ru57n01", "trustnol"],
    ["C0nt0s0", "contoso"],
    ["1", "l"],
    ["€@5y", "easy"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseForBanned(input)).toBe(expected);
  });

  it("is idempotent", () => {
    fc.assert(fc.property(fc.string(), (text) => normaliseForBanned(normaliseForBanned(text)) === normaliseForBanned(text)));
  });
});

describe("canonicalPassword and codePointLength", () => {
  it("treats composed and decomposed accents as the same password", () => {
    expect(canonicalPassword("e\u0301te\u0301")).toBe(canonicalPassword("\u00e9t\u00e9"));
  });

  it("counts code points, not UTF-16 units", () => {
    expect(codePointLength("😀😀ab")).toBe(4);
    expect("😀😀ab".length).toBe(6);
  });
});

describe("withinOneEdit", () => {
  it.each([
    ["abcdef", "abcdef", true],
    ["abcdef", "abcdeg", true],
    ["abcdef", "abcdefg", true],
    ["abcdef", "abcde", true],
    ["abcdef", "bcdef", true],
    ["abcdef", "xabcdef", true],
    ["abcdef", "abxdef", true],
    ["abcdef", "abdcef", false],
    ["abcdef", "abcdefgh", false],
    ["abcdef", "abcd", false],
    ["abcdef", "xbcdeg", false],
    ["", "a", true],
    ["", "ab", false],
  ])("%s ~ %s → %s", (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });

  it("agrees with a plain Levenshtein distance", () => {
    const levenshtein = (a: string, b: string): number => {
      const row = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0]!;
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
          const above = row[j]!;
          row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
          diagonal = above;
        }
      }
      return row[b.length]!;
    };
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c"), maxLength: 7 });
    fc.assert(fc.property(word, word, (a, b) => withinOneEdit(a, b) === levenshtein(a, b) <= 1), { numRuns: 2000 });
  });
});
