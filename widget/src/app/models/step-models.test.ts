import { describe, expect, it } from "vitest";
import { ChooseMethodModel } from "./choose-method";
import { FlowModel } from "./flow";
import { IdentifyModel } from "./identify";
import { QuestionsModel } from "./questions";
import { UnlockModel } from "./unlock";
import { envelope, fakeApi, ok, refused, smsMethods } from "../testing/fakes";
import type { FlowEnvelope } from "#contract/flows/envelope";

async function flowAt(state: FlowEnvelope, submit: (payload: any, count: number) => any = () => ok(envelope("verify_code"))) {
  const api = fakeApi({ create: () => ok(state), submit });
  const flow = new FlowModel({ api, flow: "reset", tenant: "demo" });
  await flow.start();
  return { flow, api };
}

describe("IdentifyModel", () => {
  it("asks for something before submitting, then sends it trimmed under the flow's field name", async () => {
    const { flow, api } = await flowAt(envelope("identify"));
    const step = new IdentifyModel(flow, "identifier");
    expect(await step.submit()).toBe(false);
    expect(step.missing.value).toBe(true);
    step.input("  alice@contoso.example ");
    expect(step.missing.value).toBe(false);
    expect(await step.submit()).toBe(true);
    expect(api.submits).toEqual([{ identifier: "alice@contoso.example" }]);
  });

  it("sends phoneNumber for SMS sign-in", async () => {
    const { flow, api } = await flowAt(envelope("identify", {}, "sms_signin"));
    const step = new IdentifyModel(flow, "phoneNumber");
    step.input("+1 201 555 0101");
    await step.submit();
    expect(api.submits).toEqual([{ phoneNumber: "+1 201 555 0101" }]);
  });

  it("clears the server's error as soon as the user types again", async () => {
    const { flow } = await flowAt(envelope("identify"), () => refused("VALIDATION_FAILED"));
    const step = new IdentifyModel(flow, "identifier");
    step.input("x");
    await step.submit();
    expect(flow.errorCode.value).toBe("VALIDATION_FAILED");
    step.input("xy");
    expect(flow.errorCode.value).toBeNull();
  });
});

describe("ChooseMethodModel", () => {
  it("requires a choice, then the full phone number for a phone method, and sends both", async () => {
    const { flow, api } = await flowAt(envelope("choose_method", { methods: smsMethods }));
    const step = new ChooseMethodModel(flow);
    expect(step.methods.value).toHaveLength(4);
    expect(await step.submit()).toBe(false);
    expect(step.problem.value).toBe("pick");
    step.select("m1");
    expect(step.confirmKind.value).toBe("phone");
    expect(await step.submit()).toBe(false);
    expect(step.problem.value).toBe("required");
    step.confirm(" +1 201 555 0101 ");
    expect(await step.submit()).toBe(true);
    expect(api.submits).toEqual([{ method: "m1", confirm: "+1 201 555 0101" }]);
  });

  it("forgets the typed confirmation when another method is chosen; TOTP needs none", async () => {
    const { flow, api } = await flowAt(envelope("choose_method", { methods: smsMethods }));
    const step = new ChooseMethodModel(flow);
    step.select("m2");
    step.confirm("alice.personal@example.org");
    step.select("m3");
    expect([step.confirmation.value, step.confirmKind.value]).toEqual(["", null]);
    await step.submit();
    expect(api.submits).toEqual([{ method: "m3" }]);
  });
});

describe("QuestionsModel", () => {
  const questions = [
    { id: "q1", text: "What was the name of your first pet?" },
    { id: "q2", text: "In what city were you born?" },
  ];

  it("needs every question answered and sends the answers by question id", async () => {
    const { flow, api } = await flowAt(envelope("answer_questions", { ui: { questions } }));
    const step = new QuestionsModel(flow);
    step.answer("q1", " Rex ");
    expect(await step.submit()).toBe(false);
    expect(step.missing.value).toEqual(["q2"]);
    step.answer("q2", "Lisbon");
    expect(step.missing.value).toEqual([]);
    await step.submit();
    expect(api.submits).toEqual([{ answers: [{ id: "q1", answer: "Rex" }, { id: "q2", answer: "Lisbon" }] }]);
  });

  it("forgets the answers when they are refused (the server redraws the questions)", async () => {
    const redrawn = envelope("answer_questions", { ui: { questions: [{ id: "q3", text: "What was your first car?" }] } });
    const { flow } = await flowAt(envelope("answer_questions", { ui: { questions } }), () => refused("ANSWERS_INVALID", { flow: redrawn }));
    const step = new QuestionsModel(flow);
    step.answer("q1", "a");
    step.answer("q2", "b");
    expect(await step.submit()).toBe(false);
    expect(step.answers.value).toEqual({});
    expect(step.questions.value.map((q) => q.id)).toEqual(["q3"]);
  });
});

describe("UnlockModel", () => {
  it("unlocks only by default, and can ask for a reset too", async () => {
    const { flow, api } = await flowAt(envelope("unlock_options", { ui: { unlock: { canKeepPassword: true } } }, "unlock"), () => ok(envelope("done")));
    const step = new UnlockModel(flow);
    expect(step.choice.value).toBe("unlock");
    step.choose("reset");
    await step.submit();
    expect(api.submits).toEqual([{ choice: "reset" }]);
  });
});
