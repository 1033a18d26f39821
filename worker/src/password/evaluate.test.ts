import { describe, expect, it } from "vitest";
import { defaultPasswordPolicy, type PasswordPolicy } from "#contract/admin/policies";
import { evaluatePassword } from "./evaluate";
import { hashLike, hashPassword } from "./hash";
import { estimateStrength } from "./strength";

const policy = (patch: Partial<PasswordPolicy> = {}): PasswordPolicy => ({ ...defaultPasswordPolicy, ...patch });
const codes = (password: string, patch: Partial<PasswordPolicy> = {}, history: string[] = []) =>
  evaluatePassword(password, { policy: policy(patch), tenantName: ["Contoso", "contoso"], userName: "alice@contoso.com", displayName: "Alice Smith", history }).map((v) => v.code);

describe("strength", () => {
  it("scores with zxcvbn and answers feedback as keys, not English", () => {
    const weak = estimateStrength("Summer2024!");
    expect(weak.score).toBeLessThan(3);
    expect(estimateStrength("Harbour-Lights-72").score).toBeGreaterThanOrEqual(3);
    expect(estimateStrength("qwertyuiop1!A").warning).toBe("similarToCommon");
  });

  it("refuses a password below the policy's minimum strength, which passes the banned list", () => {
    const violations = evaluatePassword("password2024", { policy: policy({ requiredCharacterClasses: 0 }), tenantName: "Contoso" });
    expect(violations.map((v) => v.code)).toEqual(["PASSWORD_WEAK"]);
    expect(violations[0]).toMatchObject({ code: "PASSWORD_WEAK", requiredScore: 3 });
  });

  it("follows the policy's minimum strength", () => {
    expect(codes("Winter-Coat-1", { minStrengthScore: 2 })).not.toContain("PASSWORD_WEAK");
    expect(codes("Winter-Coat-1", { minStrengthScore: 4 })).toContain("PASSWORD_WEAK");
  });

  it("counts the user's and tenant's names against strength", () => {
    expect(estimateStrength("Fabrikamzyxwo9", ["fabrikam", "zyxwo"]).score).toBeLessThan(estimateStrength("Fabrikamzyxwo9").score);
  });
});

describe("history", () => {
  const passwords = ["Harbour-Lights-71", "Harbour-Lights-72", "Marble-Canyon-53", "Velvet-Thunder-88"];
  // Newest first, one salt for all: how the directory keeps them.
  const first = hashPassword(passwords[0]!);
  const history = [hashLike(first, passwords[3]!), hashLike(first, passwords[2]!), hashLike(first, passwords[1]!), first];

  it("refuses the last three passwords, the current one included, and allows the fourth", () => {
    expect(codes(passwords[3]!, {}, history)).toEqual(["PASSWORD_REUSED"]);
    expect(codes(passwords[2]!, {}, history)).toEqual(["PASSWORD_REUSED"]);
    expect(codes(passwords[1]!, {}, history)).toEqual(["PASSWORD_REUSED"]);
    expect(codes(passwords[0]!, {}, history)).toEqual([]);
  });

  it("follows the policy's history count", () => {
    expect(codes(passwords[0]!, { historyCount: 4 }, history)).toEqual(["PASSWORD_REUSED"]);
    expect(codes(passwords[3]!, { historyCount: 0 }, history)).toEqual([]);
  });
});

it("reports every rule the password breaks, each with its code", () => {
  expect(codes("c0nt0so")).toEqual(["PASSWORD_TOO_SHORT", "PASSWORD_COMPLEXITY", "PASSWORD_BANNED", "PASSWORD_WEAK"]);
  expect(codes("Alice!Smith-Rocks")).toContain("PASSWORD_CONTAINS_NAME");
});
