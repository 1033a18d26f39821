import { afterEach, describe, expect, it, vi } from "vitest";
import type { FlowEnvelope } from "#contract/flows/envelope";
import { ApprovalModel } from "../models/approval";
import { FlowModel } from "../models/flow";
import { envelope, fakeApi, ok, refused } from "../testing/fakes";
import { renderWidget } from "../testing/render";

let cleanup = () => {};
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function at(state: FlowEnvelope, submit?: (payload: any, count: number) => any, flow: "reset" | "signin" = "signin") {
  const api = fakeApi({ create: () => ok(state), ...(submit ? { submit } : {}) });
  const ui = await renderWidget(api, { flow });
  cleanup = ui.cleanup;
  await ui.until(() => ui.$("h2") && ui.heading() !== "Loading…" && !ui.$(".loading"), state.state);
  return { api, ui };
}

describe("password sign-in's first step", () => {
  it("asks for the user name and the password and sends them as the signin flow names them", async () => {
    const { ui, api } = await at(envelope("identify", {}, "signin"), () => ok(envelope("done", { ui: { token: "t.o.k" } }, "signin")));
    expect(ui.heading()).toBe("Sign in");
    expect(ui.$$("label").map((label) => label.textContent)).toEqual(["User name or email address", "Password"]);
    expect(ui.$("#sesame-password")!.getAttribute("type")).toBe("password");
    expect(ui.$("#sesame-password")!.getAttribute("autocomplete")).toBe("current-password");
    await ui.type("#sesame-identifier", " alice@contoso.example ");
    await ui.type("#sesame-password", "Glacier-Otter-77");
    await ui.submit();
    expect(api.submits).toEqual([{ userName: "alice@contoso.example", password: "Glacier-Otter-77" }]);
    expect(ui.model.result.value).toEqual({ flow: "signin", flowId: expect.any(String), token: "t.o.k" });
  });

  it("needs both fields, and after a refusal says so without naming which was wrong, clearing the password only", async () => {
    const { ui, api } = await at(envelope("identify", {}, "signin"), () => refused("SIGNIN_FAILED", { flow: envelope("identify", {}, "signin") }));
    await ui.type("#sesame-identifier", "alice");
    await ui.submit();
    expect(api.submits).toEqual([]);
    expect(ui.$("#sesame-password-problem")!.textContent).toBe("Fill in this field.");
    await ui.type("#sesame-password", "wrong");
    await ui.submit();
    expect(ui.$("#sesame-alert")!.textContent).toBe("Your user name or password is incorrect.");
    expect(ui.$<HTMLInputElement>("#sesame-password")!.value).toBe("");
    expect(ui.$<HTMLInputElement>("#sesame-identifier")!.value).toBe("alice");
  });

  it("draws the second factor's choice and code steps, which send what the signin contract takes", async () => {
    const methods = [{ id: "m1", kind: "sms" as const, hint: "••• ••• ••01", confirm: null }];
    const code = { channel: "sms" as const, length: 6, resendAvailableAt: null };
    const { ui, api } = await at(envelope("choose_method", { methods }, "signin"), (payload) =>
      "method" in payload ? ok(envelope("verify_code", { ui: { code } }, "signin")) : ok(envelope("done", { ui: { token: "t" } }, "signin")),
    );
    await ui.click(ui.$("input[type=radio]"));
    await ui.submit();
    await ui.until(() => ui.$("#sesame-code"), "verify_code");
    await ui.type("#sesame-code", "123 456");
    await ui.submit();
    expect(api.submits).toEqual([{ method: "m1" }, { action: "verify", code: "123456" }]);
  });
});

describe("sign-in gates", () => {
  const registration = { reason: "register" as const, dueAt: "2030-01-31T00:00:00.000Z", required: 2, registered: 1, securityInfoToken: "s.i.t" };

  it("reminds, with the date it can be skipped until, and skips", async () => {
    const { ui, api } = await at(envelope("registration_reminder", { ui: { registration } }, "signin"), () => ok(envelope("done", { ui: { token: "t" } }, "signin")));
    expect(ui.heading()).toBe("Help us keep your account secure");
    expect(ui.text()).toContain("Methods set up: 1 of 2.");
    expect(ui.text()).toContain("You can skip this until January 31, 2030.");
    await ui.click(ui.$$("button").find((button) => button.textContent === "Skip for now")!);
    expect(api.submits).toEqual([{ action: "skip" }]);
  });

  it("opens My security info in place with the gate's token, and continues the sign-in when it is done", async () => {
    const info = { methods: [], questions: [], questionsToRegister: 0, changesAllowedUntil: "2030-01-01T00:00:00.000Z", registration: { required: 1, registered: 0 } };
    const nested = fakeApi({
      create: () => ok(envelope("overview", { ui: { securityInfo: info } }, "security_info")),
      submit: () => ok(envelope("done", {}, "security_info")),
    });
    const required = envelope("registration_required", { ui: { registration: { ...registration, dueAt: null } } }, "signin");
    const api = fakeApi({ create: () => ok(required), submit: () => ok(envelope("done", { ui: { token: "t" } }, "signin")), withToken: () => nested });
    const ui = await renderWidget(api, { flow: "signin" });
    cleanup = ui.cleanup;
    await ui.until(() => ui.heading() === "Help us keep your account secure", "the gate");
    expect(ui.$$("button").map((button) => button.textContent)).toEqual(["Set up my security info", "Continue"]);
    await ui.click(ui.$("button.primary"));
    await ui.until(() => ui.heading() === "My security info", "security info");
    expect(api.tokens).toEqual(["s.i.t"]);
    expect(nested.creates).toBe(1);
    expect(ui.$$("h2")).toHaveLength(1);
    await ui.click(ui.$$("button").find((button) => button.textContent === "Done")!);
    expect(nested.submits).toEqual([{ action: "finish" }]);
    await ui.until(() => ui.heading() === "You're signed in", "the end of the sign-in");
    expect(api.submits).toEqual([{ action: "continue" }]);
    expect(ui.model.result.value).toEqual({ flow: "signin", flowId: expect.any(String), token: "t" });
  });

  it("requires registration: no skip, and the server's refusal is shown", async () => {
    const required = envelope("registration_required", { ui: { registration: { ...registration, dueAt: null } } }, "signin");
    const { ui, api } = await at(required, () => refused("REGISTRATION_INCOMPLETE", { flow: required }));
    expect(ui.$$("button").map((button) => button.textContent)).toEqual(["Set up my security info", "Continue"]);
    await ui.click(ui.$$("button").find((button) => button.textContent === "Continue")!);
    expect(api.submits).toEqual([{ action: "continue" }]);
    expect(ui.$("#sesame-alert")!.textContent).toBe("Set up the security info your organization asks for before you continue.");
  });

  it("lists the methods to reconfirm and confirms them", async () => {
    const securityInfo = {
      methods: [{ id: "p", type: "phone" as const, hint: "+1 ••• ••• ••01", lastConfirmedAt: null }],
      questions: [],
      questionsToRegister: 0,
      changesAllowedUntil: "2030-01-01T00:00:00.000Z",
      registration: { required: 1, registered: 1 },
    };
    const { ui, api } = await at(envelope("reconfirm", { ui: { securityInfo } }, "signin"), () => ok(envelope("done", { ui: { token: "t" } }, "signin")));
    expect(ui.heading()).toBe("Is your security info still correct?");
    expect(ui.$$("li").map((li) => li.textContent)).toEqual(["Phone +1 ••• ••• ••01"]);
    await ui.click(ui.$("button.primary"));
    expect(api.submits).toEqual([{ action: "confirm" }]);
  });
});

describe("verify_extension step (reset)", () => {
  const approval = { number: "42", expiresAt: "2030-01-01T00:00:00.000Z" };

  it("shows the number to match, with its meaning for screen readers, and a polite waiting status", async () => {
    const { ui, api } = await at(envelope("verify_extension", { ui: { approval } }), () => ok(envelope("new_password")), "reset");
    expect(ui.heading()).toBe("Approve the request in your extension");
    expect(ui.$("#sesame-approval-number")!.textContent).toBe("Number to enter in the extension: 42");
    const status = ui.$("[role=status]")!;
    expect(status.getAttribute("aria-live")).toBe("polite");
    expect(status.textContent).toBe("Waiting for you to approve the request…");
    await ui.submit();
    expect(api.submits).toEqual([{ action: "check" }]);
  });

  it("is password sign-in's second factor too: the same number, and approval ends in the token", async () => {
    const token = "eyJ.signed.token";
    const { ui, api } = await at(envelope("verify_extension", { ui: { approval } }), () => ok(envelope("done", { ui: { token } })), "signin");
    expect(ui.$("#sesame-approval-number")!.textContent).toBe("Number to enter in the extension: 42");
    await ui.submit();
    expect(api.submits).toEqual([{ action: "check" }]);
  });

  it("after a denial stops waiting, explains, and offers a new request or another method", async () => {
    const denied = envelope("verify_extension");
    const { ui, api } = await at(envelope("verify_extension", { ui: { approval } }), (payload) =>
      payload.action === "check" ? refused("APPROVAL_DENIED", { flow: denied }) : ok(envelope("choose_method")),
    "reset");
    await ui.submit();
    expect(ui.$("#sesame-alert")!.textContent).toBe("The request wasn't approved. Send a new request, or choose another method.");
    expect(ui.$("#sesame-approval-number")).toBeNull();
    expect(ui.$("[role=status]")!.textContent).toBe("");
    await ui.click(ui.$$("button").find((button) => button.textContent === "Use a different method")!);
    expect(api.submits).toEqual([{ action: "check" }, { action: "back" }]);
  });

  it("checks by itself while the approval is pending, and stops once it is decided", async () => {
    vi.useFakeTimers();
    const waiting = envelope("verify_extension", { ui: { approval } });
    const api = fakeApi({ create: () => ok(waiting), submit: (_payload, count) => (count < 3 ? ok(waiting) : refused("APPROVAL_EXPIRED", { flow: envelope("verify_extension") })) });
    const model = new FlowModel({ api, flow: "reset", tenant: "demo" });
    await model.start();
    const step = new ApprovalModel(model, 1000);
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(1000);
    expect(api.submits).toEqual([{ action: "check" }, { action: "check" }, { action: "check" }]);
    expect(step.waiting.value).toBe(false);
    step[Symbol.dispose]();
    model[Symbol.dispose]();
  });
});
