import { describe, expect, it } from "vitest";
import { FlowModel } from "./flow";
import { NewPasswordModel } from "./new-password";
import { clientViolations, evaluateRules, passwordCodes } from "./password-rules";
import { prepareBannedTerms } from "#contract/password/banned";
import { GLOBAL_BANNED_TERMS } from "#contract/password/global-banned-terms";
import { envelope, fakeApi, ok, refused } from "../testing/fakes";

const policy = { minLength: 8, maxLength: 16, requiredCharacterClasses: 3 };
const verdicts = (rules: ReturnType<typeof evaluateRules>) => Object.fromEntries(rules.map((rule) => [rule.id, rule.verdict]));

const terms = prepareBannedTerms(GLOBAL_BANNED_TERMS);
const rulesFor = (password: string, confirmation: string, refused: { password: string; codes: string[] } | null = null, p = policy) =>
  evaluateRules(password, confirmation, p, clientViolations(password, p, "Contoso", terms), refused);

describe("password rules checked live", () => {
  it("reports length, classes, the banned list and the confirmation as the user types", () => {
    expect(verdicts(rulesFor("", ""))).toEqual({ length: "unmet", classes: "unmet", PASSWORD_BANNED: "unknown", match: "unmet" });
    expect(verdicts(rulesFor("Glacier-Otter", "Glacier-Otter"))).toEqual({ length: "met", classes: "met", PASSWORD_BANNED: "met", match: "met" });
    expect(verdicts(rulesFor("Tr0ub4dor&3-horse-battery", ""))).toMatchObject({ maxLength: "unmet" });
  });

  it("checks the global banned list with Entra's normalisation, and the tenant's name, in the browser", () => {
    expect(verdicts(rulesFor("P@ssw0rd123", "")).PASSWORD_BANNED).toBe("unmet");
    expect(verdicts(rulesFor("Contoso1!", "")).PASSWORD_BANNED).toBe("unmet");
  });

  it("counts characters, not UTF-16 units", () => {
    expect(verdicts(rulesFor("😀😀😀😀Aa1!", "", null, { ...policy, minLength: 8 })).length).toBe("met");
    expect(verdicts(rulesFor("😀😀😀Aa1", "", null, { ...policy, minLength: 8 })).length).toBe("unmet");
  });

  it("shows the server's per-rule verdict for the password it refused, and 'unknown' once it changes", () => {
    const refusal = { password: "Quiet-Harbor-9", codes: ["PASSWORD_REJECTED", "PASSWORD_REUSED"] };
    expect(verdicts(rulesFor("Quiet-Harbor-9", "Quiet-Harbor-9", refusal))).toMatchObject({ PASSWORD_REUSED: "unmet", length: "met" });
    expect(verdicts(rulesFor("Xylophone-42", "Xylophone-42", refusal))).toMatchObject({ PASSWORD_REUSED: "unknown", length: "met" });
  });

  it("maps the server's codes for rules the widget checks onto those rules", () => {
    expect(verdicts(rulesFor("Abcdefg1", "Abcdefg1", { password: "Abcdefg1", codes: ["PASSWORD_TOO_SHORT", "PASSWORD_BANNED"] }))).toMatchObject({ length: "unmet" });
  });

  it("finds PASSWORD_* codes in a refusal's code, violations and details, ignoring the rest", () => {
    expect(
      passwordCodes("PASSWORD_REJECTED", [{ path: "password", issue: "PASSWORD_WEAK" }, { path: "password", issue: "too short" }], [{ code: "PASSWORD_BANNED" }]),
    ).toEqual(["PASSWORD_REJECTED", "PASSWORD_BANNED", "PASSWORD_WEAK"]);
    expect(passwordCodes("OTP_INVALID")).toEqual([]);
  });
});

describe("NewPasswordModel", () => {
  async function setup(submit: (payload: any, count: number) => any) {
    const api = fakeApi({ create: () => ok(envelope("new_password", { ui: { password: policy } })), submit });
    const flow = new FlowModel({ api, flow: "reset", tenant: "demo" });
    await flow.start();
    return { api, flow, step: new NewPasswordModel(flow) };
  }

  it("holds the submit while a rule fails, and says which", async () => {
    const { step, api } = await setup(() => ok(envelope("done")));
    step.type("short");
    expect(await step.submit()).toBe(false);
    expect([step.rulesUnmet.value, step.mismatch.value]).toEqual([true, true]);
    step.type("Longer-Passw0rd");
    step.confirm("Longer-Passw0rd");
    expect(await step.submit()).toBe(true);
    expect(api.submits).toEqual([{ password: "Longer-Passw0rd" }]);
  });

  it("after a refusal, marks the rules the server named until the password changes", async () => {
    // As the worker answers: PASSWORD_REJECTED with every broken rule in `violations`.
    const { step, flow } = await setup(() => refused("PASSWORD_REJECTED", { violations: [{ code: "PASSWORD_REUSED" }] }));
    step.type("Quiet-Harbor-9");
    step.confirm("Quiet-Harbor-9");
    expect(await step.submit()).toBe(false);
    expect(flow.errorCode.value).toBe("PASSWORD_REJECTED");
    expect(step.rules.value.find((rule) => rule.id === "PASSWORD_REUSED")?.verdict).toBe("unmet");
    expect(step.ready.value).toBe(false);
    step.type("Glacier-Otter-77");
    expect(flow.errorCode.value).toBeNull();
    expect(step.rules.value.find((rule) => rule.id === "PASSWORD_REUSED")?.verdict).toBe("unknown");
  });

  it("falls back to Entra's defaults when the server sends no policy", async () => {
    const api = fakeApi({ create: () => ok(envelope("new_password")) });
    const flow = new FlowModel({ api, flow: "reset", tenant: "demo" });
    await flow.start();
    const step = new NewPasswordModel(flow);
    expect(step.rules.value.find((rule) => rule.id === "length")?.vars).toEqual({ min: 8 });
  });
});
