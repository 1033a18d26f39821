import { describe, expect, it } from "vitest";
import { BANNED_MIN_SCORE, prepareBannedTerms, scoreAgainstBanned, tenantNameTerms } from "./banned";
import { GLOBAL_BANNED_TERMS } from "./global-banned-terms";

const global = prepareBannedTerms(GLOBAL_BANNED_TERMS);
const score = (password: string, terms = global) => scoreAgainstBanned(password, terms);

describe("Entra's 5-point scoring", () => {
  it("reproduces Entra's documented example: C0ntos0Blank12 scores 4 and is refused", () => {
    const result = score("C0ntos0Blank12", prepareBannedTerms(["contoso", "blank"]));
    expect(result.score).toBe(4);
    expect(result.accepted).toBe(false);
    expect(result.matches.map((m) => m.term)).toEqual(["contoso", "blank"]);
  });

  it("gives one point per banned term and one per remaining character", () => {
    // "password" (1) + "x", "y", "z", "q" (4) = 5: just enough.
    expect(score("passwordxyzq").score).toBe(5);
    expect(score("passwordxyzq").accepted).toBe(true);
    expect(score("passwordxyz").score).toBe(4);
  });

  it("counts every banned term found, not only the first", () => {
    expect(score("summer+dragon").score).toBe(3);
    expect(score("monkeysunshine").score).toBe(2);
  });

  it("accepts a password with no banned term in it on length alone", () => {
    const result = score("Gx7#kP2vQz");
    expect(result.matches).toEqual([]);
    expect(result.score).toBe(10);
    expect(result.accepted).toBe(true);
  });

  it("lets a banned term through when enough else surrounds it, as Entra does", () => {
    // password (1) + 2, o, 2, a (4): accepted here; the strength estimate in the worker refuses it.
    expect(score("password2024").accepted).toBe(true);
  });

  it("needs at least 5 points", () => {
    expect(BANNED_MIN_SCORE).toBe(5);
    expect(score("zq#9").accepted).toBe(false);
  });
});

describe("normalised variants of a banned term are refused", () => {
  it.each([
    "password", "Password", "PASSWORD", "P@ssword", "P@$$w0rd", "pa55word", "Pa$$w0rd1",
    "p4ssw0rd!", "PässWörd", "ｐａｓｓｗｏｒｄ", "Password1", "Password12",
    "Welcome1!", "W3lc0me123", "L3tMe!n", "Qwerty123", "Summer24!", "Dragon12", "Monkey!1",
    "123456789", "12345678a", "iloveyou!", "Il0v3y0u", "Tru5tN01", "Football1", "adm1n123",
  ])("%s", (password) => {
    expect(score(password).accepted).toBe(false);
  });
});

describe("fuzzy variants (one edit away) of a banned term are refused", () => {
  it.each([
    ["abcdeg", "substitution at the end"],
    ["abcxdef", "insertion"],
    ["abcde", "deletion"],
    ["xbcdef", "substitution at the start"],
    ["abcdeff", "a doubled last letter"],
  ])("%s (%s) against banned 'abcdef'", (password) => {
    const result = score(password, prepareBannedTerms(["abcdef"]));
    expect(result.matches).toHaveLength(1);
    expect(result.score).toBe(1);
  });

  it.each(["passwird", "passsword", "pasword", "paswords!", "Pazsword1", "qwertx12", "sunshyne1", "footbal!1", "letmeim1"])(
    "%s",
    (password) => {
      expect(score(password).accepted).toBe(false);
    },
  );

  it("scores a character added at either end as the exact term plus one point", () => {
    expect(score("abcdefg", prepareBannedTerms(["abcdef"])).score).toBe(2);
    expect(score("gabcdef", prepareBannedTerms(["abcdef"])).score).toBe(2);
  });

  it("does not match two edits away", () => {
    const result = score("abxdeg", prepareBannedTerms(["abcdef"]));
    expect(result.matches).toEqual([]);
    expect(result.score).toBe(6);
  });

  it("does not let a 4-letter term swallow 3-letter fragments", () => {
    // "test" one deletion away is "tes"/"est": those must not count as a match.
    expect(score("ZestFor9", prepareBannedTerms(["test"])).matches.map((m) => m.end - m.start)).toEqual([4]);
    expect(score("esq", prepareBannedTerms(["test"])).matches).toEqual([]);
  });
});

describe("substring matching", () => {
  it("finds a banned term anywhere in the password", () => {
    const result = score("xyDRAGONxy");
    expect(result.matches.map((m) => m.term)).toContain("dragon");
    expect(result.score).toBe(5);
  });

  it("resolves overlapping matches to the lowest score", () => {
    // "qwertyuiop" covers more than "qwerty": one point, not one plus four characters.
    expect(score("qwertyuiop").score).toBe(1);
  });
});

describe("tenantNameTerms", () => {
  it("bans the whole name and each word of four or more characters", () => {
    expect(tenantNameTerms("Contoso Pharma Co")).toEqual(["contosopharmaco", "contoso", "pharma"]);
  });

  it("makes the tenant name count as banned", () => {
    const terms = tenantNameTerms(["Fabrikam", "fabrikam"]);
    expect(score("Fabrikam1!", terms).accepted).toBe(false);
    expect(score("F@br1k4m!!", terms).accepted).toBe(false);
    expect(score("Fabrikan12", terms).accepted).toBe(false);
    expect(score("Fabrikam-harbour-lights", terms).accepted).toBe(true);
  });

  it("drops names that normalise to fewer than four characters", () => {
    expect(tenantNameTerms("Q&A")).toEqual([]);
  });
});

describe("the global list", () => {
  it("holds only terms that survive normalisation, without duplicates", () => {
    expect(global.length).toBeGreaterThan(300);
    expect(new Set(GLOBAL_BANNED_TERMS).size).toBe(GLOBAL_BANNED_TERMS.length);
  });

  it("is quick enough to check on every keystroke, even for a 256-character password", () => {
    const long = "Xq7!".repeat(64);
    const started = performance.now();
    score(long);
    expect(performance.now() - started).toBeLessThan(250);
  });
});
