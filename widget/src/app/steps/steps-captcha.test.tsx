import { afterEach, describe, expect, it } from "vitest";
import type { AltchaSolver } from "../models/captcha";
import { envelope, fakeApi, ok } from "../testing/fakes";
import { renderWidget } from "../testing/render";

let cleanup = () => {};
afterEach(() => {
  cleanup();
  delete (globalThis as { turnstile?: unknown }).turnstile;
});

describe("identify step: the CAPTCHA", () => {
  it("says 'Checking your browser…' in a status region only while a submit waits for the proof", async () => {
    let finish: (token: string) => void = () => {};
    const solver: AltchaSolver = () => new Promise((resolve) => (finish = resolve));
    const api = fakeApi({
      create: () => ok(envelope("identify", { ui: { captcha: { provider: "altcha", challenge: {} } } })),
      submit: () => ok(envelope("helpdesk")),
    });
    const ui = await renderWidget(api, { altcha: async () => solver });
    cleanup = ui.cleanup;
    const status = ui.$("[role=status]")!;
    expect(status.textContent).toBe("");
    await ui.type("input", "alice@contoso.example");
    await ui.submit();
    expect(status.textContent).toBe("Checking your browser…");
    expect(ui.$("button.primary")?.getAttribute("aria-disabled")).toBe("true");
    finish("solved");
    await ui.until(() => ui.heading() === "Contact your helpdesk", "the helpdesk step");
    expect(api.submits).toEqual([{ identifier: "alice@contoso.example", captcha: "solved" }]);
  });

  it("renders Turnstile with the tenant's site key and the flow's cData, and sends its token", async () => {
    const rendered: Record<string, unknown>[] = [];
    (globalThis as { turnstile?: unknown }).turnstile = {
      render: (element: HTMLElement, options: Record<string, unknown>) => {
        rendered.push({ ...options, inWidget: element.getRootNode() instanceof ShadowRoot });
        return "ts-widget";
      },
      reset: () => {},
      remove: () => {},
    };
    const challenge = { siteKey: "0x4AAAAAAA-site", action: "sesame_identify", cData: "demo.abcdefghijklmnopqrstuvwx" };
    const api = fakeApi({ create: () => ok(envelope("identify", { ui: { captcha: { provider: "turnstile", challenge } } })), submit: () => ok(envelope("helpdesk")) });
    const ui = await renderWidget(api, { locale: "pt-BR" });
    cleanup = ui.cleanup;
    await ui.until(() => rendered.length === 1, "Turnstile's render");
    expect(rendered[0]).toMatchObject({ sitekey: challenge.siteKey, action: challenge.action, cData: challenge.cData, language: "pt-br", inWidget: true });
    await ui.type("input", "bob");
    await ui.submit();
    expect(api.submits).toEqual([]);
    (rendered[0]!.callback as (token: string) => void)("turnstile-token");
    await ui.until(() => api.submits.length === 1, "the submit");
    expect(api.submits).toEqual([{ identifier: "bob", captcha: "turnstile-token" }]);
  });
});
