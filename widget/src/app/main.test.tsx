import { afterEach, describe, expect, it, vi } from "vitest";
import type { MountRequest } from "../embed/mount-contract";
import { mount } from "./main";
import { FLOW_ID, demoConfig, envelope } from "./testing/fakes";

/**
 * mount() as the loader calls it, against a stubbed fetch: options are validated with zod, the
 * flow runs, and the host page hears about the result through its callback and a DOM event.
 */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

function request(options: Record<string, unknown>): MountRequest & { cleanup: () => void } {
  const element = document.createElement("div");
  const container = document.createElement("div");
  element.append(container);
  document.body.append(element);
  return {
    id: "sesame-1",
    element,
    shadow: container.attachShadow({ mode: "open" }),
    options,
    apiOrigin: "https://sesame.example",
    vitalsSampleRate: 0,
    scriptStart: 0,
    cleanup: () => element.remove(),
  };
}

function stubServer(submit: (body: unknown) => unknown) {
  const fetcher = vi.fn(async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    const body = path === "/v1/config" ? demoConfig : init?.method === "POST" && path.startsWith(`/v1/flows/${FLOW_ID}`) ? submit(JSON.parse(String(init.body))) : envelope("identify");
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetcher);
  return fetcher;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("mount", () => {
  it("refuses invalid options with OPTIONS_INVALID: in the box, the console, the callback and the event", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const onError = vi.fn();
    const target = request({ tenant: "Not A Tenant!", flow: "reset", errorCallback: onError, colour: "red" });
    const events: unknown[] = [];
    target.element.addEventListener("sesame:error", (event) => events.push((event as CustomEvent).detail));
    mount(target);
    expect(onError).toHaveBeenCalledWith("OPTIONS_INVALID");
    expect(events).toEqual([{ widgetId: "sesame-1", code: "OPTIONS_INVALID" }]);
    expect(String(logged.mock.calls[0]?.[0])).toMatch(/tenant.*colour|colour.*tenant/s);
    expect(target.shadow.textContent).toContain("isn't set up correctly");
    target.cleanup();
  });

  it("runs a sign-in to the end and hands the token to the host's callback and event", async () => {
    const token = "eyJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJkZW1vIn0.sig";
    const fetcher = stubServer(() => envelope("done", { ui: { token } }, "sms_signin"));
    const onSuccess = vi.fn();
    const target = request({ tenant: "demo", flow: "sms-signin", callback: onSuccess, locale: "fr" });
    const events: unknown[] = [];
    target.element.addEventListener("sesame:success", (event) => events.push((event as CustomEvent).detail));
    const widget = mount(target);
    await settle();
    expect(fetcher).toHaveBeenCalledWith("https://sesame.example/v1/flows/sms_signin?tenant=demo", expect.objectContaining({ method: "POST" }));
    // The French catalogue is a lazy chunk: wait for it rather than for a number of turns.
    await vi.waitFor(() => expect(target.shadow.querySelector("h2")?.textContent).toBe("Se connecter par SMS"), { timeout: 10_000 });
    const input = target.shadow.querySelector("input")!;
    input.value = "+33 6 12 34 56 78";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await settle();
    target.shadow.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    await settle();
    const result = { flow: "sms-signin", flowId: FLOW_ID, token };
    expect(onSuccess).toHaveBeenCalledWith(result);
    expect(events).toEqual([{ widgetId: "sesame-1", ...result }]);
    widget.unmount();
    expect(target.shadow.childNodes).toHaveLength(0);
    target.cleanup();
  });

  it("shows the first step before it asks the server for anything, then creates the flow", async () => {
    const fetcher = stubServer(() => envelope("choose_method", { methods: [] }));
    const target = request({ tenant: "demo" });
    const widget = mount(target);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(target.shadow.querySelector("input[autocomplete=username]")).not.toBeNull();
    expect(fetcher).not.toHaveBeenCalled();
    await settle();
    expect(fetcher).toHaveBeenCalledWith("https://sesame.example/v1/flows/reset?tenant=demo", expect.objectContaining({ method: "POST" }));
    widget.unmount();
    target.cleanup();
  });

  it("reset() starts a fresh flow in the same box", async () => {
    const fetcher = stubServer(() => envelope("choose_method", { methods: [] }));
    const target = request({ tenant: "demo" });
    const widget = mount(target);
    await settle();
    widget.reset();
    await settle();
    const creates = fetcher.mock.calls.filter(([url]) => String(url).includes("/v1/flows/reset"));
    expect(creates).toHaveLength(2);
    expect(target.shadow.querySelector("h2")?.textContent).toBe("Reset your password");
    widget.unmount();
    target.cleanup();
  });
});
