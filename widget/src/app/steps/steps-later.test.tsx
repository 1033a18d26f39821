import { afterEach, describe, expect, it } from "vitest";
import { envelope, fakeApi, ok, refused } from "../testing/fakes";
import { renderWidget } from "../testing/render";
import type { FlowEnvelope } from "#contract/flows/envelope";

let cleanup = () => {};
afterEach(() => cleanup());

async function at(state: FlowEnvelope, submit?: (payload: any, count: number) => any, flow: "reset" | "unlock" | "sms-signin" = "reset") {
  const api = fakeApi({ create: () => ok(state), ...(submit ? { submit } : {}) });
  const ui = await renderWidget(api, { flow });
  cleanup = ui.cleanup;
  await ui.until(() => ui.$("h2") && ui.heading() !== "Loading…" && !ui.$(".loading"), state.state);
  return { api, ui };
}

describe("answer_questions step", () => {
  it("labels each answer with its question and sends them by id", async () => {
    const questions = [
      { id: "q1", text: "What was the name of your first pet?" },
      { id: "q2", text: "In what city were you born?" },
    ];
    const { ui, api } = await at(envelope("answer_questions", { ui: { questions } }), () => ok(envelope("new_password")));
    expect(ui.$$("label").map((label) => label.textContent)).toEqual(questions.map((q) => q.text));
    await ui.type("#sesame-answer-0", "Rex");
    await ui.type("#sesame-answer-1", "Lisbon");
    await ui.submit();
    expect(api.submits).toEqual([{ answers: [{ id: "q1", answer: "Rex" }, { id: "q2", answer: "Lisbon" }] }]);
  });
});

describe("unlock_options step", () => {
  it("offers unlocking with or without a new password", async () => {
    const { ui, api } = await at(envelope("unlock_options", {}, "unlock"), () => ok(envelope("done", {}, "unlock")), "unlock");
    expect(ui.$$("label.choice").map((label) => label.textContent)).toEqual([
      "Unlock my account and keep my current password",
      "Unlock my account and choose a new password",
    ]);
    await ui.submit();
    expect(api.submits).toEqual([{ choice: "unlock" }]);
  });
});

describe("new_password step", () => {
  const policy = { minLength: 10, maxLength: 256, requiredCharacterClasses: 3 };

  it("checks the rules as the user types, for eyes and for screen readers", async () => {
    const { ui } = await at(envelope("new_password", { ui: { password: policy } }));
    const rules = () => ui.$$("#sesame-rules li").map((li) => li.textContent);
    expect(rules()).toEqual([
      "✗Have at least 10 characters (not yet)",
      "✗Use at least 3 of: lower case, upper case, digits, symbols (not yet)",
      "•Not be a common or banned password, or close to one ",
      "✗Match in both fields (not yet)",
    ]);
    expect(ui.$("#sesame-password")!.getAttribute("aria-describedby")).toContain("sesame-rules");
    expect(ui.$("#sesame-password")!.getAttribute("autocomplete")).toBe("new-password");
    await ui.type("#sesame-password", "Glacier-Otter-77");
    await ui.type("#sesame-password-confirm", "Glacier-Otter-77");
    expect(rules().every((rule) => rule?.startsWith("✓") && rule.endsWith("(done)"))).toBe(true);
  });

  it("marks a banned password as the user types it", async () => {
    const { ui } = await at(envelope("new_password", { ui: { password: policy } }));
    await ui.type("#sesame-password", "P@ssw0rd123");
    expect(ui.$$("#sesame-rules li.unmet").map((li) => li.textContent)).toContain("✗Not be a common or banned password, or close to one (not yet)");
  });

  it("shows the server's verdict per rule when it refuses the password", async () => {
    const { ui } = await at(envelope("new_password", { ui: { password: policy } }), () =>
      refused("PASSWORD_REJECTED", { violations: [{ code: "PASSWORD_BANNED" }, { code: "PASSWORD_REUSED" }] }),
    );
    await ui.type("#sesame-password", "Contoso-2026!");
    await ui.type("#sesame-password-confirm", "Contoso-2026!");
    await ui.submit();
    expect(ui.$('[role="alert"]')?.textContent).toBe("Choose a different password: it doesn't meet every rule below.");
    const texts = ui.$$("#sesame-rules li.unmet").map((li) => li.textContent);
    expect(texts).toEqual(["✗Not be a common or banned password, or close to one (not yet)", "✗Not be one of your recent passwords (not yet)"]);
  });

  it("can show the password, and never submits two different entries", async () => {
    const { ui, api } = await at(envelope("new_password", { ui: { password: policy } }));
    await ui.click(ui.$<HTMLInputElement>("input[type=checkbox]"));
    expect(ui.$<HTMLInputElement>("#sesame-password")!.type).toBe("text");
    await ui.type("#sesame-password", "Glacier-Otter-77");
    await ui.type("#sesame-password-confirm", "Glacier-Otter-78");
    await ui.submit();
    expect(api.submits).toEqual([]);
    expect(ui.text()).toContain("The two passwords don't match.");
  });
});

describe("helpdesk step", () => {
  it("shows the tenant's helpdesk text, link and address", async () => {
    const { ui } = await at(envelope("helpdesk", { ui: { helpdesk: { text: "Call IT on 555-0100.", link: "https://it.example/help", email: "it@example.org" } } }));
    expect(ui.heading()).toBe("Contact your helpdesk");
    expect(ui.text()).toContain("Call IT on 555-0100.");
    expect(ui.$<HTMLAnchorElement>('a[href="https://it.example/help"]')?.textContent).toBe("Get help from your helpdesk");
    expect(ui.$('a[href="mailto:it@example.org"]')).not.toBeNull();
  });

  it("falls back to the tenant's config when the flow carries none", async () => {
    const { ui } = await at(envelope("helpdesk"));
    expect(ui.text()).toContain("Call the Contoso helpdesk on +1 425 555 0100.");
  });
});

describe("done step", () => {
  it("tells a reset user to sign in with the new password", async () => {
    const done = envelope("done", { messages: [{ id: 1010004, key: "PASSWORD_RESET", type: "info", text: "…" }] });
    const { ui } = await at(done);
    expect(ui.heading()).toBe("Your password has been reset");
    expect(ui.text()).toContain("Your password has been reset. Sign in with your new password.");
  });

  it("says an unlocked account is unlocked", async () => {
    const done = envelope("done", { messages: [{ id: 1010005, key: "ACCOUNT_UNLOCKED", type: "info", text: "…" }] }, "unlock");
    const { ui } = await at(done, undefined, "unlock");
    expect(ui.heading()).toBe("Your account is unlocked");
  });

  it("never shows a sign-in token in the page", async () => {
    const { ui } = await at(envelope("done", { ui: { token: "eyJhbGciOiJFUzI1NiJ9.secret.sig" } }, "sms_signin"), undefined, "sms-signin");
    expect(ui.heading()).toBe("You're signed in");
    expect(ui.shadow.innerHTML).not.toContain("eyJhbGciOiJFUzI1NiJ9");
  });
});
