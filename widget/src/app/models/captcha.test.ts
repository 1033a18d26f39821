import { describe, expect, it } from "vitest";
import type { AltchaSolver } from "./captcha";
import { FlowModel } from "./flow";
import { envelope, fakeApi, ok, refused, settle } from "../testing/fakes";

/** An ALTCHA solver the test finishes by hand, recording which challenges it was given. */
function heldSolver() {
  const given: unknown[] = [];
  const finishers: ((token: string | null) => void)[] = [];
  const solver: AltchaSolver = (challenge) => {
    given.push(challenge);
    return new Promise((resolve) => finishers.push(resolve));
  };
  return { given, load: async () => solver, finish: (index: number, token: string | null) => finishers[index]!(token) };
}

const altcha = (id: string) => ({ captcha: { provider: "altcha" as const, challenge: { parameters: { id } } } });
const withChallenge = (id: string) => envelope("identify", { ui: altcha(id) });

describe("the first step's CAPTCHA", () => {
  it("starts solving ALTCHA as soon as the challenge arrives, before the user submits", async () => {
    const solver = heldSolver();
    const model = new FlowModel({ api: fakeApi({ create: () => ok(withChallenge("c1")) }), flow: "reset", tenant: "demo", altcha: solver.load });
    await model.start();
    await settle();
    expect(solver.given).toEqual([{ parameters: { id: "c1" } }]);
  });

  it("sends the solution with the step, waiting (and saying so) when it is not ready yet", async () => {
    const solver = heldSolver();
    const api = fakeApi({ create: () => ok(withChallenge("c1")), submit: () => ok(envelope("choose_method")) });
    const model = new FlowModel({ api, flow: "reset", tenant: "demo", altcha: solver.load });
    await model.start();
    await settle();
    expect(model.captcha.checking.value).toBe(false);
    const submitted = model.submit({ identifier: "alice@contoso.example" });
    await settle();
    expect([model.captcha.checking.value, model.busy.value, api.submits.length]).toEqual([true, true, 0]);
    solver.finish(0, "token-1");
    expect(await submitted).toBe(true);
    expect(model.captcha.checking.value).toBe(false);
    expect(api.submits).toEqual([{ identifier: "alice@contoso.example", captcha: "token-1" }]);
  });

  it("does not say it is checking when the solution was ready first", async () => {
    const solver = heldSolver();
    const api = fakeApi({ create: () => ok(withChallenge("c1")), submit: () => ok(envelope("choose_method")) });
    const model = new FlowModel({ api, flow: "reset", tenant: "demo", altcha: solver.load });
    await model.start();
    await settle();
    solver.finish(0, "token-1");
    await settle();
    const seen: boolean[] = [];
    const stop = model.captcha.checking.subscribe((value) => seen.push(value));
    await model.submit({ identifier: "alice@contoso.example" });
    stop();
    expect(api.submits).toEqual([{ identifier: "alice@contoso.example", captcha: "token-1" }]);
    expect(seen).not.toContain(true);
  });

  it("on CAPTCHA_INVALID fetches the flow again, solves its fresh challenge and sends once more", async () => {
    const solver = heldSolver();
    const api = fakeApi({
      create: () => ok(withChallenge("c1")),
      get: () => ok(withChallenge("c2")),
      submit: (_payload, count) => (count === 1 ? refused("CAPTCHA_INVALID", { flow: withChallenge("c1b") }) : ok(envelope("choose_method"))),
    });
    const model = new FlowModel({ api, flow: "reset", tenant: "demo", altcha: solver.load });
    await model.start();
    await settle();
    solver.finish(0, "stale");
    const submitted = model.submit({ identifier: "alice@contoso.example" });
    await settle();
    expect(solver.given).toEqual([{ parameters: { id: "c1" } }, { parameters: { id: "c2" } }]);
    solver.finish(1, "fresh");
    expect(await submitted).toBe(true);
    expect(api.submits).toEqual([
      { identifier: "alice@contoso.example", captcha: "stale" },
      { identifier: "alice@contoso.example", captcha: "fresh" },
    ]);
    expect([model.state.value, model.errorCode.value]).toEqual(["choose_method", null]);
  });

  it("shows CAPTCHA_INVALID when the second try is refused too, and solves afresh for the next submit", async () => {
    const solver = heldSolver();
    const api = fakeApi({ create: () => ok(withChallenge("c1")), get: () => ok(withChallenge("c2")), submit: () => refused("CAPTCHA_INVALID") });
    const model = new FlowModel({ api, flow: "reset", tenant: "demo", altcha: solver.load });
    await model.start();
    await settle();
    solver.finish(0, "one");
    const submitted = model.submit({ identifier: "alice@contoso.example" });
    await settle();
    solver.finish(1, "two");
    expect(await submitted).toBe(false);
    expect(model.errorCode.value).toBe("CAPTCHA_INVALID");
    expect(api.submits).toHaveLength(2);
  });

  it("sends no captcha field when the flow asks for none, or after the flow has passed it", async () => {
    const solver = heldSolver();
    const api = fakeApi({
      create: () => ok(envelope("identify", { ui: { captcha: { provider: "none" } } })),
      submit: () => refused("SIGNIN_FAILED", { flow: envelope("identify", { ui: { captcha: { provider: "none" } } }) }),
    });
    const model = new FlowModel({ api, flow: "reset", tenant: "demo", altcha: solver.load });
    await model.start();
    await model.submit({ identifier: "bob" });
    expect(api.submits).toEqual([{ identifier: "bob" }]);
    expect(solver.given).toEqual([]);
  });

  it("waits for Turnstile's token and spends each token once", async () => {
    const turnstile = { captcha: { provider: "turnstile" as const, challenge: { siteKey: "1x00000000000000000000AA", action: "sesame_identify", cData: "flow" } } };
    const api = fakeApi({
      create: () => ok(envelope("identify", { ui: turnstile })),
      get: () => ok(envelope("identify", { ui: turnstile })),
      submit: (_payload, count) => (count === 1 ? refused("CAPTCHA_INVALID") : ok(envelope("choose_method"))),
    });
    const model = new FlowModel({ api, flow: "reset", tenant: "demo" });
    await model.start();
    const submitted = model.submit({ identifier: "carol" });
    await settle();
    expect([model.captcha.checking.value, api.submits.length]).toEqual([true, 0]);
    const round = model.captcha.turnstileRound.value;
    model.captcha.turnstileToken("ts-1");
    await settle();
    // The first token was refused: Turnstile is asked for another, and the step waits for it.
    expect(model.captcha.turnstileRound.value).toBe(round + 1);
    expect(api.submits).toEqual([{ identifier: "carol", captcha: "ts-1" }]);
    model.captcha.turnstileToken("ts-2");
    expect(await submitted).toBe(true);
    expect(api.submits).toEqual([
      { identifier: "carol", captcha: "ts-1" },
      { identifier: "carol", captcha: "ts-2" },
    ]);
  });

  it("solves the real challenge with the real solver chunk by default", async () => {
    const { createChallenge } = await import("altcha-lib");
    const { deriveKey } = await import("altcha-lib/algorithms/web/sha");
    const challenge = await createChallenge({ algorithm: "SHA-256", cost: 1, counter: 321, deriveKey, hmacSignatureSecret: "s" });
    const api = fakeApi({ create: () => ok(envelope("identify", { ui: { captcha: { provider: "altcha", challenge } } })), submit: () => ok(envelope("choose_method")) });
    const model = new FlowModel({ api, flow: "reset", tenant: "demo" });
    await model.start();
    await model.submit({ identifier: "dave" });
    const sent = api.submits[0] as { captcha: string };
    expect(JSON.parse(atob(sent.captcha)).solution.counter).toBe(321);
  });
});
