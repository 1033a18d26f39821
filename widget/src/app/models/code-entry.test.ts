import { afterEach, describe, expect, it, vi } from "vitest";
import { CodeEntryModel } from "./code-entry";
import { FlowModel } from "./flow";
import { envelope, fakeApi, ok, refused } from "../testing/fakes";
import type { FlowUi } from "#contract/flows/envelope";

afterEach(() => vi.useRealTimers());

const codeUi = (extra: Partial<NonNullable<FlowUi["code"]>> = {}): FlowUi => ({
  code: { channel: "sms", length: 6, resendAvailableAt: new Date(Date.now() + 30_000).toISOString(), attemptsLeft: 5, ...extra },
});

async function setup(ui: FlowUi, submit: (payload: any, count: number) => any = () => ok(envelope("new_password"))) {
  const api = fakeApi({ create: () => ok(envelope("verify_code", { ui })), submit });
  const flow = new FlowModel({ api, flow: "reset", tenant: "demo" });
  await flow.start();
  return { flow, api, step: new CodeEntryModel(flow) };
}

describe("CodeEntryModel", () => {
  it("keeps digits only, so a pasted '123 456' or '123-456' is the whole code, cut at its length", async () => {
    const { step } = await setup(codeUi());
    step.input("123 456");
    expect(step.code.value).toBe("123456");
    step.input("123-4567");
    expect(step.code.value).toBe("123456");
    step.input("G-12a");
    expect(step.code.value).toBe("12");
  });

  it("refuses an incomplete code locally, verifies a complete one", async () => {
    const { step, api } = await setup(codeUi({ length: 8 }));
    step.input("123456");
    expect(await step.verify()).toBe(false);
    expect(step.incomplete.value).toBe(true);
    step.input("12345678");
    expect(await step.verify()).toBe(true);
    expect(api.submits).toEqual([{ action: "verify", code: "12345678" }]);
  });

  it("clears a refused code and shows the attempts the server says are left", async () => {
    const after = envelope("verify_code", { ui: codeUi({ attemptsLeft: 4 }) });
    const { step, flow } = await setup(codeUi(), () => refused("OTP_INVALID", { flow: after }));
    step.input("000000");
    expect(await step.verify()).toBe(false);
    expect([step.code.value, step.attemptsLeft.value, flow.errorCode.value]).toEqual(["", 4, "OTP_INVALID"]);
  });

  it("counts down to the resend and only then sends one", async () => {
    vi.useFakeTimers();
    const { step, api } = await setup(codeUi(), () => ok(envelope("verify_code", { ui: codeUi() })));
    expect([step.resendIn.value, step.canResend.value]).toEqual([30, false]);
    expect(await step.resend()).toBe(false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect([step.resendIn.value, step.canResend.value]).toEqual([0, true]);
    expect(await step.resend()).toBe(true);
    expect(api.submits).toEqual([{ action: "resend" }]);
    // The server's new resendAvailableAt starts a new countdown.
    expect(step.resendIn.value).toBe(30);
    step[Symbol.dispose]();
  });

  it("has no resend for authenticator codes", async () => {
    const { step } = await setup(codeUi({ channel: "totp", resendAvailableAt: null }));
    expect([step.resendIn.value, step.canResend.value, step.channel.value]).toEqual([null, false, "totp"]);
  });

  it("verifies a WebOTP code at once, and goes back to the methods on request", async () => {
    const { step, api } = await setup(codeUi(), () => ok(envelope("choose_method")));
    await step.autofill("654321");
    await step.back();
    expect(api.submits).toEqual([{ action: "verify", code: "654321" }, { action: "back" }]);
  });
});
