import { describe, expect, it } from "vitest";
import { FlowModel } from "./flow";
import { NewPasswordModel } from "./new-password";
import { characterClasses, evaluateRules, passwordCodes } from "./password-rules";
import { envelope, fakeApi, ok, refused } from "../testing/fakes";

const policy = { minLength: 8, maxLength: 16, requiredCharacterClasses: 3 };
const verdicts = (rules: ReturnType<typeof evaluateRules>) => Object.fromEntries(rules.map((rule) => [rule.id, rule.verdict]));

describe("password rules checked live", () => {
  it("counts the four classes as Entra does, letters without case as lower case", () => {
    expect(characterClasses("password")).toBe(1);
    expect(characterClasses("Passw0rd")).toBe(3);
    expect(characterClasses("Passw0rd!")).toBe(4);
    expect(characterClasses("密码密码1A")).toBe(3);
  });

  it("reports length, classes and the confirmation as the user types", () => {
    expect(verdicts(evaluateRules("", "", policy, null))).toEqual({ length: "unmet", classes: "unmet", match: "unmet" });
    expect(verdicts(evaluateRules("Tr0ub4dor", "Tr0ub4dor", policy, null))).toEqual({ length: "met", classes: "met", match: "met" });
    expect(verdicts(evaluateRules("Tr0ub4dor&3-horse-battery", "", policy, null))).toMatchObject({ maxLength: "unmet" });
  });

  it("counts characters, not UTF-16 units", () => {
    expect(verdicts(evaluateRules("😀😀😀😀Aa1!", "", { ...policy, minLength: 8 }, null)).length).toBe("met");
    expect(verdicts(evaluateRules("😀😀😀Aa1", "", { ...policy, minLength: 8 }, null)).length).toBe("unmet");
  });

  it("shows the server's per-rule verdict for the password it refused, and 'unknown' once it changes", () => {
    const refusal = { password: "Contoso123!", codes: ["PASSWORD_BANNED", "PASSWORD_REUSED"] };
    const same = evaluateRules("Contoso123!", "Contoso123!", policy, refusal);
    expect(verdicts(same)).toMatchObject({ PASSWORD_BANNED: "unmet", PASSWORD_REUSED: "unmet", length: "met" });
    const edited = evaluateRules("Xylophone-42", "Xylophone-42", policy, refusal);
    expect(verdicts(edited)).toMatchObject({ PASSWORD_BANNED: "unknown", PASSWORD_REUSED: "unknown", length: "met" });
  });

  it("maps the server's codes for rules the widget checks onto those rules", () => {
    const rules = evaluateRules("Abcdefg1", "Abcdefg1", policy, { password: "Abcdefg1", codes: ["PASSWORD_TOO_SHORT"] });
    expect(verdicts(rules).length).toBe("unmet");
  });

  it("finds PASSWORD_* codes in a refusal's code and details, ignoring the rest", () => {
    expect(passwordCodes("PASSWORD_REJECTED", [{ path: "password", issue: "PASSWORD_BANNED" }, { path: "password", issue: "too short" }])).toEqual([
      "PASSWORD_REJECTED",
      "PASSWORD_BANNED",
    ]);
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
    const { step, flow } = await setup(() => refused("PASSWORD_BANNED", { details: [{ path: "password", issue: "PASSWORD_BANNED" }] }));
    step.type("C0ntoso-2026");
    step.confirm("C0ntoso-2026");
    expect(await step.submit()).toBe(false);
    expect(flow.errorCode.value).toBe("PASSWORD_BANNED");
    expect(step.rules.value.find((rule) => rule.id === "PASSWORD_BANNED")?.verdict).toBe("unmet");
    expect(step.ready.value).toBe(false);
    step.type("Glacier-Otter-77");
    expect(flow.errorCode.value).toBeNull();
    expect(step.rules.value.find((rule) => rule.id === "PASSWORD_BANNED")?.verdict).toBe("unknown");
  });

  it("falls back to Entra's defaults when the server sends no policy", async () => {
    const api = fakeApi({ create: () => ok(envelope("new_password")) });
    const flow = new FlowModel({ api, flow: "reset", tenant: "demo" });
    await flow.start();
    const step = new NewPasswordModel(flow);
    expect(step.rules.value.find((rule) => rule.id === "length")?.vars).toEqual({ min: 8 });
  });
});
