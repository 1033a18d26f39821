import { describe, expect, it } from "vitest";
import { defaultPasswordPolicy, type PasswordPolicy } from "../admin/policies";
import { characterClasses, checkPasswordRules, nameFragments, policyBannedTerms } from "./rules";

const policy = (patch: Partial<PasswordPolicy> = {}): PasswordPolicy => ({ ...defaultPasswordPolicy, ...patch });
const codes = (password: string, context: Partial<Parameters<typeof checkPasswordRules>[1]> = {}) =>
  checkPasswordRules(password, { policy: policy(), ...context }).map((violation) => violation.code);

describe("length", () => {
  it("refuses a password shorter than the policy's minimum, with the minimum", () => {
    expect(checkPasswordRules("Gx7#kP2", { policy: policy() })).toContainEqual({ code: "PASSWORD_TOO_SHORT", minLength: 8 });
    expect(codes("Gx7#kP2v")).not.toContain("PASSWORD_TOO_SHORT");
  });

  it("refuses a password longer than the policy's maximum", () => {
    const violations = checkPasswordRules("Gx7#kP2vQz!m", { policy: policy({ minLength: 8, maxLength: 10 }) });
    expect(violations).toContainEqual({ code: "PASSWORD_TOO_LONG", maxLength: 10 });
  });

  it("counts characters as a person does: an emoji is one, a decomposed accent joins its letter", () => {
    expect(codes("Gx7#kP2😀", { policy: policy({ minLength: 8 }) })).not.toContain("PASSWORD_TOO_SHORT");
    expect(codes("Gx7#kPe\u0301", { policy: policy({ minLength: 8 }) })).toContain("PASSWORD_TOO_SHORT");
  });
});

describe("character classes", () => {
  it.each([
    ["abcdefgh", 1],
    ["abcdEFGH", 2],
    ["abcdEF12", 3],
    ["abcdEF1!", 4],
    ["パスワード12", 2],
    ["ÉCOLE été 9", 4],
  ])("%s has %i", (password, expected) => {
    expect(characterClasses(password)).toBe(expected);
  });

  it("refuses fewer classes than required, saying how many were found", () => {
    expect(checkPasswordRules("zq#vbmtk", { policy: policy() })).toContainEqual({
      code: "PASSWORD_COMPLEXITY",
      requiredClasses: 3,
      classes: 2,
    });
    expect(codes("zq#vbmtk", { policy: policy({ requiredCharacterClasses: 2 }) })).not.toContain("PASSWORD_COMPLEXITY");
  });
});

describe("the user's name", () => {
  it("finds the user name and display name words, normalised", () => {
    expect(nameFragments("alice.smith@contoso.com", "Alice Smith")).toEqual(["alice.smith", "alice", "smith"]);
    expect(codes("Xq!Alice99z", { userName: "alice@contoso.com" })).toContain("PASSWORD_CONTAINS_NAME");
    expect(codes("Xq!@l!c399z", { userName: "alice@contoso.com" })).toContain("PASSWORD_CONTAINS_NAME");
    expect(codes("Zk9$SMITHvq", { displayName: "Alice Smith" })).toContain("PASSWORD_CONTAINS_NAME");
    expect(codes("Zk9$Bobbyvq", { displayName: "Alice Smith" })).not.toContain("PASSWORD_CONTAINS_NAME");
  });

  it("ignores fragments too short to matter", () => {
    expect(nameFragments("al", "Al Wu")).toEqual([]);
  });
});

describe("banned passwords", () => {
  it("applies the global list always", () => {
    expect(codes("P@ssw0rd1!")).toContain("PASSWORD_BANNED");
    expect(codes("P@ssw0rd1!", { policy: policy({ bannedPasswords: { enforceCustomList: false, customList: [] } }) })).toContain(
      "PASSWORD_BANNED",
    );
  });

  it("applies the custom list only when the policy enforces it", () => {
    const custom = (enforceCustomList: boolean) => policy({ bannedPasswords: { enforceCustomList, customList: ["Zanzibar"] } });
    expect(codes("Z@nz1bar#9", { policy: custom(true) })).toContain("PASSWORD_BANNED");
    expect(codes("Z@nz1bar#9", { policy: custom(false) })).not.toContain("PASSWORD_BANNED");
    expect(policyBannedTerms(custom(true))).toContain("zanzibar");
  });

  it("counts the tenant name as banned, with its variants", () => {
    expect(checkPasswordRules("Fabr1kam#9", { policy: policy(), tenantName: "Fabrikam" })).toContainEqual({
      code: "PASSWORD_BANNED",
      score: 3,
      requiredScore: 5,
    });
    expect(codes("F@brikan!2", { tenantName: ["Fabrikam Inc", "fabrikam"] })).toContain("PASSWORD_BANNED");
    expect(codes("Fabr1kam#9")).not.toContain("PASSWORD_BANNED");
  });
});

it("reports every broken rule at once, so the widget can show them together", () => {
  expect(codes("qwerty1", { userName: "qwerty" })).toEqual([
    "PASSWORD_TOO_SHORT",
    "PASSWORD_COMPLEXITY",
    "PASSWORD_CONTAINS_NAME",
    "PASSWORD_BANNED",
  ]);
});

it("accepts a strong password", () => {
  expect(checkPasswordRules("Harbour-Lights-72", { policy: policy(), tenantName: "Contoso", userName: "alice" })).toEqual([]);
});

it("never puts the password, or part of it, in a violation", () => {
  const password = "Zanzibar";
  const violations = checkPasswordRules(password, {
    policy: policy({ bannedPasswords: { enforceCustomList: true, customList: ["zanzibar"] } }),
    userName: "zanzibar",
  });
  expect(violations.length).toBeGreaterThan(0);
  expect(JSON.stringify(violations).toLowerCase()).not.toContain("zanz");
});
