import { afterEach, describe, expect, it, vi } from "vitest";
import { FlowModel } from "./flow";
import { FLOW_ID, envelope, fakeApi, ok, refused, demoConfig } from "../testing/fakes";

afterEach(() => vi.useRealTimers());

const started = async (api = fakeApi({}), flow: "reset" | "unlock" | "sms-signin" = "reset") => {
  const model = new FlowModel({ api, flow, tenant: "demo" });
  await model.start();
  return model;
};

describe("FlowModel: starting", () => {
  it("creates the flow and reads the tenant's config together, showing the first step meanwhile", async () => {
    const model = new FlowModel({ api: fakeApi({}), flow: "reset", tenant: "demo" });
    expect(model.view.value).toBe("loading");
    const starting = model.start();
    // Every flow starts at identify, which needs nothing from the server: no need to wait.
    expect([model.view.value, model.state.value, model.flow.value]).toEqual(["step", "identify", null]);
    await starting;
    expect(model.view.value).toBe("step");
    expect(model.state.value).toBe("identify");
    expect(model.config.value).toEqual(demoConfig);
    expect(model.busy.value).toBe(false);
  });

  it.each(["TENANT_NOT_FOUND", "ORIGIN_NOT_ALLOWED"])("is blocked for good by %s", async (code) => {
    const api = fakeApi({ create: () => refused(code), config: () => refused(code) });
    const model = await started(api);
    expect(model.view.value).toBe("blocked");
    expect(model.errorCode.value).toBe(code);
  });

  it("is blocked, with a retry, when the server cannot be reached; the retry starts over", async () => {
    let reachable = false;
    const api = fakeApi({ create: () => (reachable ? ok(envelope("identify")) : refused("NETWORK_ERROR", { status: 0 })) });
    const model = await started(api);
    expect([model.view.value, model.errorCode.value]).toEqual(["blocked", "NETWORK_ERROR"]);
    reachable = true;
    await model.start();
    expect([model.view.value, model.errorCode.value]).toEqual(["step", null]);
  });

  it("treats a server that does not offer the flow (404 on create) as STATE_UNSUPPORTED, not a retry", async () => {
    const model = await started(fakeApi({ create: () => refused("NOT_FOUND", { status: 404 }) }));
    expect([model.view.value, model.errorCode.value]).toEqual(["blocked", "STATE_UNSUPPORTED"]);
  });

  it("refuses to render a state this flow does not have (STATE_UNSUPPORTED)", async () => {
    const model = await started(fakeApi({ create: () => ok(envelope("password_and_mfa")) }));
    expect([model.view.value, model.errorCode.value, model.state.value]).toEqual(["blocked", "STATE_UNSUPPORTED", null]);
  });
});

describe("FlowModel: submitting", () => {
  it("moves to whatever state the server answers and never guesses", async () => {
    const api = fakeApi({ submit: () => ok(envelope("helpdesk")) });
    const model = await started(api);
    expect(await model.submit({ identifier: "dave@contoso.example" })).toBe(true);
    expect(api.submits).toEqual([{ identifier: "dave@contoso.example" }]);
    expect(model.state.value).toBe("helpdesk");
    expect(model.interacted.value).toBe(true);
  });

  it("keeps a refusal's code and takes the flow the refusal carries (fewer attempts left)", async () => {
    const after = envelope("verify_code", { ui: { code: { channel: "sms", length: 6, resendAvailableAt: null, attemptsLeft: 2 } } });
    const model = await started(fakeApi({ submit: () => refused("OTP_INVALID", { flow: after }) }));
    expect(await model.submit({ action: "verify", code: "000000" })).toBe(false);
    expect(model.errorCode.value).toBe("OTP_INVALID");
    expect(model.flow.value).toEqual(after);
    model.clearError();
    expect(model.error.value).toBeNull();
  });

  it("ignores a second submit while one is in flight", async () => {
    let release!: () => void;
    const api = fakeApi({ submit: () => new Promise((resolve) => (release = () => resolve(ok(envelope("choose_method"))))) });
    const model = await started(api);
    const first = model.submit({ identifier: "a" });
    expect(await model.submit({ identifier: "b" })).toBe(false);
    release();
    await first;
    expect(api.submits).toEqual([{ identifier: "a" }]);
  });

  it("counts down a throttle (RATE_LIMITED + Retry-After) and holds submits until it ends", async () => {
    vi.useFakeTimers();
    const api = fakeApi({ submit: (_payload, count) => (count === 1 ? refused("RATE_LIMITED", { status: 429, retryAfter: 3 }) : ok(envelope("choose_method"))) });
    const model = await started(api);
    await model.submit({ identifier: "a" });
    expect([model.throttled.value, model.retryIn.value]).toEqual([true, 3]);
    expect(await model.submit({ identifier: "a" })).toBe(false);
    model.clearError();
    expect(model.errorCode.value).toBe("RATE_LIMITED");
    await vi.advanceTimersByTimeAsync(1000);
    expect(model.retryIn.value).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect([model.throttled.value, model.retryIn.value]).toEqual([false, 0]);
    expect(await model.submit({ identifier: "a" })).toBe(true);
    expect(api.submits).toHaveLength(2);
    model[Symbol.dispose]();
  });

  it("lets the user verify while a resend is too soon: only RATE_LIMITED-like refusals hold every submit", async () => {
    const api = fakeApi({ submit: (_payload, count) => (count === 1 ? refused("OTP_RESEND_TOO_SOON", { status: 429, retryAfter: 20 }) : ok(envelope("new_password"))) });
    const model = await started(api);
    await model.submit({ action: "resend" });
    expect([model.errorCode.value, model.retryIn.value, model.throttled.value]).toEqual(["OTP_RESEND_TOO_SOON", 20, false]);
    expect(await model.submit({ action: "verify", code: "123456" })).toBe(true);
    model[Symbol.dispose]();
  });

  it.each(["FLOW_EXPIRED", "FLOW_NOT_FOUND", "FLOW_COMPLETED"])("shows the expired box on %s, and starting again makes a new flow", async (code) => {
    const api = fakeApi({ submit: () => refused(code, { status: 410 }) });
    const model = await started(api);
    await model.submit({ identifier: "a" });
    expect(model.view.value).toBe("expired");
    await model.start();
    expect([model.view.value, api.creates]).toEqual(["step", 2]);
  });

  it("re-reads the flow when the server says the step moved on (FLOW_STATE_INVALID)", async () => {
    const model = await started(fakeApi({ submit: () => refused("FLOW_STATE_INVALID", { status: 409 }), get: () => ok(envelope("verify_code")) }));
    await model.submit({ identifier: "a" });
    expect(model.state.value).toBe("verify_code");
  });

  it("does nothing before the flow is started", async () => {
    const model = new FlowModel({ api: fakeApi({}), flow: "reset", tenant: "demo" });
    expect(await model.submit({})).toBe(false);
  });

  it("sends what was submitted while the flow was being created once it exists, or nothing if it failed", async () => {
    let make!: (answer: ReturnType<typeof ok> | ReturnType<typeof refused>) => void;
    const api = fakeApi({ create: () => new Promise((resolve) => (make = resolve as never)), submit: () => ok(envelope("choose_method")) });
    const model = new FlowModel({ api, flow: "reset", tenant: "demo" });
    void model.start();
    const early = model.submit({ identifier: "alice@contoso.example" });
    expect(model.busy.value).toBe(true);
    make(ok(envelope("identify")));
    expect(await early).toBe(true);
    expect([api.submits, model.state.value]).toEqual([[{ identifier: "alice@contoso.example" }], "choose_method"]);

    void model.start();
    const lost = model.submit({ identifier: "bob@contoso.example" });
    make(refused("NETWORK_ERROR", { status: 0 }));
    expect(await lost).toBe(false);
    expect([api.submits.length, model.view.value, model.busy.value]).toEqual([1, "blocked", false]);
  });
});

describe("FlowModel: what the host page is handed at the end", () => {
  it("reset: a confirmation, never a password", async () => {
    const model = await started(fakeApi({ submit: () => ok(envelope("done")) }));
    await model.submit({ password: "Correct-Horse-9" });
    expect(model.result.value).toEqual({ flow: "reset", flowId: FLOW_ID, outcome: "password_reset" });
    expect(JSON.stringify(model.result.value)).not.toContain("Correct-Horse-9");
  });

  it("unlock: whether the password was kept, from the server's message", async () => {
    const unlocked = envelope("done", { messages: [{ id: 1010005, key: "ACCOUNT_UNLOCKED", type: "info", text: "Your account has been unlocked." }] }, "unlock");
    const model = await started(fakeApi({ submit: () => ok(unlocked) }), "unlock");
    await model.submit({ choice: "unlock" });
    expect(model.result.value).toEqual({ flow: "unlock", flowId: FLOW_ID, outcome: "account_unlocked" });
  });

  it("SMS sign-in: the signed token", async () => {
    const model = await started(fakeApi({ submit: () => ok(envelope("done", { ui: { token: "eyJhbGciOiJFUzI1NiJ9.e30.sig" } }, "sms_signin")) }), "sms-signin");
    expect(model.result.value).toBeNull();
    await model.submit({ action: "verify", code: "123456" });
    expect(model.result.value).toEqual({ flow: "sms-signin", flowId: FLOW_ID, token: "eyJhbGciOiJFUzI1NiJ9.e30.sig" });
  });
});
