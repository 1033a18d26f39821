import { afterEach, describe, expect, it } from "vitest";
import type { FlowUi } from "#contract/flows/envelope";
import { envelope, fakeApi, ok, refused } from "../testing/fakes";
import { renderWidget } from "../testing/render";

let cleanup = () => {};
afterEach(() => cleanup());

const code = (extra: Partial<NonNullable<FlowUi["code"]>> = {}): FlowUi => ({
  code: { channel: "sms", length: 6, resendAvailableAt: new Date(Date.now() + 30_000).toISOString(), attemptsLeft: 5, ...extra },
});
const sent = { id: 1010001, key: "CODE_SENT_IF_MATCH", type: "info" as const, text: "If that matches our records, we sent you a code." };

async function atVerify(ui: FlowUi, submit?: (payload: any, count: number) => any, flow: "reset" | "sms-signin" = "reset") {
  const api = fakeApi({ create: () => ok(envelope("verify_code", { ui, messages: [sent] })), ...(submit ? { submit } : {}) });
  const rendered = await renderWidget(api, { flow });
  cleanup = rendered.cleanup;
  await rendered.until(() => rendered.$("#sesame-code"), "the code field");
  return { api, ui: rendered };
}

describe("verify_code step", () => {
  it("offers the code to autofill: one-time-code, numeric keyboard, labelled", async () => {
    const { ui } = await atVerify(code());
    const input = ui.$<HTMLInputElement>("#sesame-code")!;
    expect(input.getAttribute("autocomplete")).toBe("one-time-code");
    expect(input.getAttribute("inputmode")).toBe("numeric");
    expect(ui.shadow.querySelector(`label[for="sesame-code"]`)?.textContent).toBe("Verification code");
    expect(ui.text()).toContain("If that matches our records, we sent you a code.");
    expect(ui.text()).toContain("Enter the 6-digit code from the text message.");
    expect(ui.text()).toContain("5 attempts left.");
  });

  it("takes a whole pasted code with its spaces, and verifies it", async () => {
    const { ui, api } = await atVerify(code(), () => ok(envelope("new_password")));
    await ui.type("#sesame-code", "482 913");
    expect(ui.$<HTMLInputElement>("#sesame-code")!.value).toBe("482913");
    await ui.submit();
    expect(api.submits).toEqual([{ action: "verify", code: "482913" }]);
    await ui.until(() => ui.heading() === "Choose a new password", "the password step");
  });

  it("announces a wrong code, empties the field and shows the attempts left", async () => {
    const after = envelope("verify_code", { ui: code({ attemptsLeft: 1 }) });
    const { ui } = await atVerify(code(), () => refused("OTP_INVALID", { flow: after }));
    await ui.type("#sesame-code", "000000");
    await ui.submit();
    expect(ui.$('[role="alert"]')?.textContent).toBe("That code didn't work. Check it and try again.");
    expect(ui.$<HTMLInputElement>("#sesame-code")!.value).toBe("");
    expect(ui.$("#sesame-code")!.getAttribute("aria-invalid")).toBe("true");
    expect(ui.text()).toContain("1 attempt left.");
  });

  it.each([
    ["OTP_EXPIRED", "That code has expired. Ask for a new one."],
    ["OTP_ATTEMPTS_EXCEEDED", "Too many wrong codes. Ask for a new code, or try again later."],
  ])("explains %s", async (errorCode, sentence) => {
    const { ui } = await atVerify(code(), () => refused(errorCode));
    await ui.type("#sesame-code", "123456");
    await ui.submit();
    expect(ui.$('[role="alert"]')?.textContent).toBe(sentence);
  });

  it("counts down to the resend, then offers it", async () => {
    const { ui } = await atVerify(code());
    expect(ui.text()).toContain("You can ask for a new code in 30 seconds.");
    expect(ui.$$("button").map((b) => b.textContent)).not.toContain("Send a new code");
    cleanup();
    const ready = await atVerify(code({ resendAvailableAt: new Date(Date.now() - 1000).toISOString() }), () => ok(envelope("verify_code", { ui: code() })));
    await ready.ui.click(ready.ui.$$("button").find((b) => b.textContent === "Send a new code")!);
    expect(ready.api.submits).toEqual([{ action: "resend" }]);
  });

  it("goes back to the other methods in reset, but not in SMS sign-in (there are none)", async () => {
    const { ui, api } = await atVerify(code(), () => ok(envelope("choose_method", { methods: [] })));
    await ui.click(ui.$$("button").find((b) => b.textContent === "Use a different method")!);
    expect(api.submits).toEqual([{ action: "back" }]);
    cleanup();
    const sms = await atVerify(code(), undefined, "sms-signin");
    expect(sms.ui.$$("button").map((b) => b.textContent)).not.toContain("Use a different method");
  });

  it("tells authenticator users where the code is, with no resend", async () => {
    const { ui } = await atVerify(code({ channel: "totp", resendAvailableAt: null, attemptsLeft: undefined }));
    expect(ui.text()).toContain("Enter the 6-digit code shown in your authenticator app.");
    expect(ui.text()).not.toMatch(/new code|attempts left/);
  });
});
