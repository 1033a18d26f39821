import { describe, expect, it } from "vitest";
import { argon2idEncoded } from "./argon2";
import { hashLike, hashPassword, matchesAny, needsRehash, parsePhc, PASSWORD_HASH_PARAMS, verifyPasswordHash } from "./hash";

describe("Argon2id in workerd", () => {
  it("matches an independent implementation (openpgpjs argon2id) for ASCII and non-ASCII passwords", () => {
    // Expected tags computed with the `argon2id` npm package (openpgpjs) in Node, same inputs.
    const salt = new Uint8Array(16).fill(7);
    const params = { memoryCost: 19_456, timeCost: 2, parallelism: 1, hashLength: 32 };
    const tag = (password: string) => argon2idEncoded(new TextEncoder().encode(password), salt, params).split("$").at(-1);
    expect(tag("password")).toBe("uVsQl64ujLFpwoMChntRkvA3JnLpuf7kCZ6je2dGqXw");
    expect(tag("pässwörd日本")).toBe("WUkpEHxfwKQ3tiHZmrU39JHyxutn8lRye5LlZvHpF4k");
  });

  it("round-trips a password and stores OWASP's parameters in the PHC string", () => {
    const stored = hashPassword("Harbour-Lights-72");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(parsePhc(stored)?.params).toEqual(PASSWORD_HASH_PARAMS);
    expect(verifyPasswordHash(stored, "Harbour-Lights-72")).toBe(true);
    expect(verifyPasswordHash(stored, "Harbour-Lights-73")).toBe(false);
    expect(verifyPasswordHash(stored, "")).toBe(false);
  });

  it("uses a fresh salt each time", () => {
    expect(hashPassword("same password here")).not.toBe(hashPassword("same password here"));
  });

  it("hashes every byte of a non-ASCII password (no truncation at the UTF-16 length)", () => {
    const stored = hashPassword("pässwörd-日本語-ü");
    expect(verifyPasswordHash(stored, "pässwörd-日本語-ü")).toBe(true);
    expect(verifyPasswordHash(stored, "pässwörd-日本語-x")).toBe(false);
    expect(verifyPasswordHash(stored, "pässwörd-日本")).toBe(false);
  });

  it("treats composed and decomposed accents as the same password", () => {
    expect(verifyPasswordHash(hashPassword("caf\u00e9-terrace-9"), "cafe\u0301-terrace-9")).toBe(true);
  });

  it("refuses anything that is not a PHC Argon2id string", () => {
    expect(verifyPasswordHash("$2b$10$abcdefghijklmnopqrstuv", "x")).toBe(false);
    expect(parsePhc("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2g")).toBeNull();
  });
});

describe("needsRehash", () => {
  it("asks for an upgrade of hashes made with weaker parameters only", () => {
    const weak = hashPassword("Harbour-Lights-72", { memoryCost: 4_096, timeCost: 1, parallelism: 1, hashLength: 32 });
    expect(needsRehash(weak)).toBe(true);
    expect(verifyPasswordHash(weak, "Harbour-Lights-72")).toBe(true);
    expect(needsRehash(hashPassword("Harbour-Lights-72"))).toBe(false);
    expect(needsRehash("not a hash")).toBe(true);
  });
});

describe("history", () => {
  it("recognises a password among history entries that share one salt", () => {
    const first = hashPassword("first-Password-1");
    const second = hashLike(first, "second-Password-2");
    const third = hashLike(first, "third-Password-3");
    expect(parsePhc(second)?.salt).toEqual(parsePhc(first)?.salt);
    expect(matchesAny([third, second, first], "second-Password-2")).toBe(true);
    expect(matchesAny([third, second, first], "fourth-Password-4")).toBe(false);
    expect(matchesAny([], "anything")).toBe(false);
  });
});
