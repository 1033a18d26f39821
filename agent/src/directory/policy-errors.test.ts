import { describe, expect, it } from "vitest";
import { activeDirectoryRefusal, adCategories, containsAdName, ppolicyRefusal, type AdPolicy } from "./policy-errors.ts";

const numbers = { minLength: 14, history: 5 };

describe("ppolicy refusals", () => {
  it("reads the response control's error first", () => {
    expect(ppolicyRefusal(6, "", numbers)).toEqual({ ok: false, code: "PASSWORD_POLICY", violations: [{ code: "PASSWORD_TOO_SHORT", minLength: 14 }] });
    expect(ppolicyRefusal(8, "", numbers)).toEqual({ ok: false, code: "PASSWORD_POLICY", violations: [{ code: "PASSWORD_REUSED", historyCount: 5 }] });
    expect(ppolicyRefusal(7, "", numbers)).toEqual({ ok: false, code: "PASSWORD_TOO_YOUNG" });
    expect(ppolicyRefusal(5, "", numbers)).toEqual({ ok: false, code: "PASSWORD_POLICY" });
  });

  it("falls back to slapd's diagnostic text when no control came back", () => {
    expect(ppolicyRefusal(undefined, "Password is too short for policy", numbers).violations).toEqual([{ code: "PASSWORD_TOO_SHORT", minLength: 14 }]);
    expect(ppolicyRefusal(undefined, "Password is not being changed from existing value", numbers).violations).toEqual([
      { code: "PASSWORD_REUSED", historyCount: 5 },
    ]);
    expect(ppolicyRefusal(undefined, "Password is in history of old passwords", numbers).violations?.[0]?.code).toBe("PASSWORD_REUSED");
    expect(ppolicyRefusal(undefined, "Password is too young to change", numbers).code).toBe("PASSWORD_TOO_YOUNG");
    expect(ppolicyRefusal(undefined, "Password fails quality checking policy", numbers)).toEqual({ ok: false, code: "PASSWORD_POLICY" });
  });
});

describe("Active Directory refusals", () => {
  const policy: AdPolicy = { minLength: 12, history: 24, complexity: true };
  const user = { samAccountName: "jdoe", displayName: "John Doe" };
  const windows = "0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n";

  it("ignores errors that are not 0x52D (ERROR_PASSWORD_RESTRICTION)", () => {
    expect(activeDirectoryRefusal("00000005: SecErr: DSID-03152D2C, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0", { password: "x", ...user, policy })).toBeNull();
  });

  it("reads Samba's rule from its text", () => {
    const samba = (rule: string) => `0000052D: Constraint violation - check_password_restrictions: ${rule}`;
    const context = { password: "Abcdefgh1!", ...user, policy };
    expect(activeDirectoryRefusal(samba("the password is too short. It should be equal or longer than 16 characters!"), context)?.violations).toEqual([
      { code: "PASSWORD_TOO_SHORT", minLength: 16 },
    ]);
    expect(activeDirectoryRefusal(samba("the password does not meet the complexity criteria!"), { ...context, password: "alllowercase" })?.violations).toEqual([
      { code: "PASSWORD_COMPLEXITY", requiredClasses: 3, classes: 1 },
    ]);
    expect(activeDirectoryRefusal(samba("the password was already used (in history)!"), context)?.violations).toEqual([{ code: "PASSWORD_REUSED", historyCount: 24 }]);
    expect(activeDirectoryRefusal(samba("the password is too young to change!"), context)).toEqual({ ok: false, code: "PASSWORD_TOO_YOUNG" });
  });

  it("infers Windows' unnamed rule from the effective policy, as AD checks it", () => {
    const refuse = (password: string, p = policy) => activeDirectoryRefusal(windows, { password, ...user, policy: p });
    expect(refuse("Sh0rt!")?.violations).toEqual([{ code: "PASSWORD_TOO_SHORT", minLength: 12 }]);
    expect(refuse("longbutonlylowercase")?.violations).toEqual([{ code: "PASSWORD_COMPLEXITY", requiredClasses: 3, classes: 1 }]);
    expect(refuse("Xx-jdoe-2048-Yy")?.violations).toEqual([{ code: "PASSWORD_CONTAINS_NAME" }]);
    expect(refuse("Quartz-Lighthouse-77")?.violations).toEqual([{ code: "PASSWORD_REUSED", historyCount: 24 }]);
    expect(refuse("Quartz-Lighthouse-77", { minLength: null, history: null, complexity: null })).toEqual({ ok: false, code: "PASSWORD_POLICY" });
  });

  it("counts Windows' character categories and name rule", () => {
    expect(adCategories("Aa1!")).toBe(4);
    expect(adCategories("日本語abc")).toBe(2);
    expect(containsAdName("myDOEpass", null, "John Doe")).toBe(true);
    expect(containsAdName("Jo-pass", "jo", "Jo Li")).toBe(false);
  });
});
