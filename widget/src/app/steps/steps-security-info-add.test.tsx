import { afterEach, describe, expect, it } from "vitest";
import type { FlowEnvelope } from "#contract/flows/envelope";
import { envelope, fakeApi, ok, refused } from "../testing/fakes";
import { renderWidget } from "../testing/render";

let cleanup = () => {};
afterEach(() => cleanup());

type Info = NonNullable<FlowEnvelope["ui"]["securityInfo"]>;
const pool = [
  { id: "q-city-born", text: "In what city were you born?" },
  { id: "q-first-pet", text: "What was the name of your first pet?" },
  { id: "q-first-school", text: "What was the name of your first school?" },
  { id: "q-first-car", text: "What was the make and model of your first car?" },
];
const overview = (methods: Info["methods"], extra: Partial<Info> = {}) =>
  envelope(
    "overview",
    {
      ui: {
        securityInfo: {
          methods,
          questions: pool,
          questionsToRegister: 3,
          changesAllowedUntil: new Date(Date.now() + 600_000).toISOString(),
          registration: { required: 1, registered: methods.length },
          ...extra,
        },
      },
    },
    "security_info",
  );
const phone = { id: "ph1", type: "phone" as const, phoneType: "mobile" as const, hint: "+1 ••• ••• ••77", lastConfirmedAt: null };
const code = (channel: "sms" | "voice" | "email") =>
  envelope("verify_code", { ui: { code: { channel, length: 6, resendAvailableAt: new Date(Date.now() + 30_000).toISOString() } } }, "security_info");

async function open(api: ReturnType<typeof fakeApi>) {
  const ui = await renderWidget(api, { flow: "security-info" });
  cleanup = ui.cleanup;
  await ui.until(() => ui.heading() === "My security info", "the overview");
  return ui;
}
const button = (ui: Awaited<ReturnType<typeof open>>, text: string) => ui.$$("button").find((b) => b.textContent === text) ?? null;

describe("adding to My security info", () => {
  it("offers what may be added, and reconfirming when there is something to reconfirm", async () => {
    const api = fakeApi({ create: () => ok(overview([phone])), submit: () => ok(overview([phone])) });
    const ui = await open(api);
    expect(ui.$$("button").map((b) => b.textContent)).toEqual([
      "Remove",
      "Add a phone",
      "Add an email address",
      "Set up security questions",
      "Add an authenticator app",
      "My security info is up to date",
      "Done",
    ]);
    await ui.click(button(ui, "My security info is up to date"));
    expect(api.submits).toEqual([{ action: "reconfirm" }]);
  });

  it("adds a phone: the number, its type and how the code comes, then the code step", async () => {
    const api = fakeApi({ create: () => ok(overview([])), submit: (payload) => (payload.action === "add_phone" ? ok(code("voice")) : ok(overview([phone]))) });
    const ui = await open(api);
    await ui.click(button(ui, "Add a phone"));
    await ui.submit();
    expect(ui.$("#sesame-phone-problem")!.textContent).toBe("Fill in this field.");
    await ui.type("#sesame-phone", " +1 425 555 0100 ");
    await ui.click(ui.$$("label.choice").find((label) => label.textContent === "Call me")!.querySelector("input"));
    await ui.submit();
    await ui.until(() => ui.$("#sesame-code"), "the code step");
    expect(ui.text()).toContain("Enter the 6-digit code from the phone call.");
    expect(api.submits).toEqual([{ action: "add_phone", phoneNumber: "+1 425 555 0100", phoneType: "mobile", channel: "voice" }]);
  });

  it("an office phone only takes calls", async () => {
    const api = fakeApi({ create: () => ok(overview([])), submit: () => ok(code("voice")) });
    const ui = await open(api);
    await ui.click(button(ui, "Add a phone"));
    await ui.click(ui.$$("label.choice").find((label) => label.textContent === "Office")!.querySelector("input"));
    expect(ui.text()).not.toContain("Text me a code");
    await ui.type("#sesame-phone", "+14255550100");
    await ui.submit();
    expect(api.submits).toEqual([{ action: "add_phone", phoneNumber: "+14255550100", phoneType: "office", channel: "voice" }]);
  });

  it("adds an email address, and cancel returns to the list", async () => {
    const api = fakeApi({ create: () => ok(overview([phone])), submit: () => refused("VALIDATION_FAILED", { flow: overview([phone]) }) });
    const ui = await open(api);
    await ui.click(button(ui, "Add an email address"));
    expect(ui.$("#sesame-email")!.getAttribute("type")).toBe("email");
    await ui.type("#sesame-email", "alice@fabrikam.example");
    await ui.submit();
    expect(api.submits).toEqual([{ action: "add_email", emailAddress: "alice@fabrikam.example" }]);
    expect(ui.$("#sesame-alert")!.textContent).toBe("Check what you entered and try again.");
    await ui.click(button(ui, "Cancel"));
    expect(ui.$("#sesame-email")).toBeNull();
  });

  it("sets as many security questions as the policy asks, each a different one, answered", async () => {
    const api = fakeApi({ create: () => ok(overview([phone])), submit: () => ok(overview([phone, { id: "sq", type: "securityQuestions", hint: null, lastConfirmedAt: null }])) });
    const ui = await open(api);
    await ui.click(button(ui, "Set up security questions"));
    expect(ui.text()).toContain("Choose 3 questions and answer them.");
    expect(ui.$$("select").map((select) => (select as HTMLSelectElement).value)).toEqual(["q-city-born", "q-first-pet", "q-first-school"]);
    await ui.type("#sesame-question-answer-0", "Lisbon");
    await ui.type("#sesame-question-answer-1", "Rex");
    await ui.type("#sesame-question-answer-2", "Escola 12");
    const third = ui.$<HTMLSelectElement>("#sesame-question-2")!;
    third.value = "q-city-born";
    third.dispatchEvent(new Event("change", { bubbles: true }));
    await ui.submit();
    expect(ui.text()).toContain("Choose a different question for each answer.");
    expect(api.submits).toEqual([]);
    third.value = "q-first-car";
    third.dispatchEvent(new Event("change", { bubbles: true }));
    await ui.submit();
    expect(api.submits).toEqual([
      {
        action: "set_questions",
        answers: [
          { id: "q-city-born", answer: "Lisbon" },
          { id: "q-first-pet", answer: "Rex" },
          { id: "q-first-car", answer: "Escola 12" },
        ],
      },
    ]);
    await ui.until(() => ui.text().includes("Security questions"), "the new method listed");
    expect(button(ui, "Set up security questions")).toBeNull();
  });
});
