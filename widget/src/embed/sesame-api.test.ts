import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppModule, MountRequest } from "./mount-contract";
import { boot, createSesame } from "./sesame-api";
import { readScriptUrl } from "./script-url";

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function fakeApp() {
  const mounts: MountRequest[] = [];
  const resets: string[] = [];
  const unmounts: string[] = [];
  const app: AppModule = {
    mount(request) {
      mounts.push(request);
      return { reset: () => resets.push(request.id), unmount: () => unmounts.push(request.id) };
    },
  };
  return { app, mounts, resets, unmounts };
}

function setup(src = "https://sesame.example/v1/sesame.js", loadApp?: () => Promise<AppModule>) {
  const fake = fakeApp();
  const script = readScriptUrl({ src } as HTMLScriptElement, document);
  const api = createSesame({ doc: document, script, scriptStart: 0, loadApp: loadApp ?? (async () => fake.app) });
  return { ...fake, api, script };
}

// The loader itself makes no requests but the app's import; any fetch here goes nowhere.
beforeEach(() => vi.stubGlobal("fetch", vi.fn(() => new Promise(() => {}))));
afterEach(() => {
  document.body.innerHTML = "";
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("the sesame global", () => {
  it("renders implicitly every .sesame element with its data-* options, in its own shadow root", async () => {
    document.body.innerHTML = `
      <div class="sesame" data-tenant="demo" data-flow="sms-signin" data-callback="onDone" data-error-callback="onFail" data-locale="de" data-theme="dark" data-partner-thing="x"></div>
      <div class="sesame" data-tenant="demo"></div>`;
    const { api, mounts, script } = setup();
    boot(api, document, script, window);
    await settle();
    // One widget per frame: the first at once, the second a frame later.
    expect(mounts.map((m) => m.id)).toEqual(["sesame-1"]);
    await vi.waitFor(() => expect(mounts.map((m) => m.id)).toEqual(["sesame-1", "sesame-2"]));
    expect(mounts[0]!.options).toEqual({ tenant: "demo", flow: "sms-signin", callback: "onDone", errorCallback: "onFail", locale: "de", theme: "dark" });
    expect(mounts[0]!.apiOrigin).toBe("https://sesame.example");
    const container = document.querySelector("[data-sesame-widget=sesame-1]") as HTMLElement;
    expect(container.shadowRoot).toBe(mounts[0]!.shadow);
    expect(container.style.getPropertyValue("min-height")).toBe("var(--sesame-min-height, 24rem)");
    // The API is the app's business, after its first step is painted: nothing competes with
    // the app's own download (the 100 ms to interactive, docs/widget.md).
    expect(fetch).not.toHaveBeenCalled();
  });

  it("renders nothing by itself with ?render=explicit, and calls onload once ready", async () => {
    document.body.innerHTML = `<div class="sesame" data-tenant="demo"></div>`;
    const onload = vi.fn();
    (window as any).onSesameLoad = onload;
    const { api, mounts, script } = setup("https://sesame.example/v1/sesame.js?render=explicit&onload=onSesameLoad");
    boot(api, document, script, window);
    await settle();
    expect(mounts).toEqual([]);
    expect(onload).toHaveBeenCalledOnce();
    delete (window as any).onSesameLoad;
  });

  it("render(selector, options) returns an id; explicit options win, 'error-callback' as Turnstile spells it", async () => {
    document.body.innerHTML = `<div id="box" data-tenant="other" data-flow="unlock"></div>`;
    const { api, mounts } = setup();
    const onError = () => {};
    const id = api.render("#box", { tenant: "demo", "error-callback": onError });
    await settle();
    expect(id).toBe("sesame-1");
    expect(mounts[0]!.options).toEqual({ tenant: "demo", flow: "unlock", errorCallback: onError });
    expect(api.render("#box")).toBe("sesame-1");
    expect(api.render("#nowhere")).toBeUndefined();
  });

  it("reset(id) restarts that widget, remove(id) takes it out and leaves the partner's element as it was", async () => {
    document.body.innerHTML = `<div id="a"></div><div id="b"></div>`;
    const { api, mounts, resets, unmounts } = setup();
    const a = api.render("#a", { tenant: "demo" })!;
    const b = api.render("#b", { tenant: "demo" })!;
    await vi.waitFor(() => expect(mounts).toHaveLength(2));
    api.reset(b);
    api.reset();
    api.remove(a);
    await settle();
    expect(resets).toEqual([b, a]);
    expect(unmounts).toEqual([a]);
    expect(document.getElementById("a")!.innerHTML).toBe("");
    expect(api.render("#a", { tenant: "demo" })).toBe("sesame-3");
  });

  it("does not mount a widget removed before the app arrived", async () => {
    document.body.innerHTML = `<div id="a"></div>`;
    const fake = fakeApp();
    let arrive!: (app: AppModule) => void;
    const { api } = setup(undefined, () => new Promise((resolve) => (arrive = resolve)));
    const id = api.render("#a", { tenant: "demo" })!;
    api.remove(id);
    arrive(fake.app);
    await settle();
    expect(fake.mounts).toEqual([]);
  });

  it("tells the host when the app cannot load (offline, or blocked by its CSP)", async () => {
    document.body.innerHTML = `<div id="a"></div>`;
    const onError = vi.fn();
    const events: unknown[] = [];
    document.addEventListener("sesame:error", (event) => events.push((event as CustomEvent).detail), { once: true });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { api } = setup(undefined, () => Promise.reject(new TypeError("Failed to fetch dynamically imported module")));
    api.render("#a", { tenant: "demo", "error-callback": onError });
    await settle();
    expect(onError).toHaveBeenCalledWith("NETWORK_ERROR");
    expect(events).toEqual([{ widgetId: "sesame-1", code: "NETWORK_ERROR" }]);
  });

  it("runs ready callbacks after the DOM is parsed, and survives one that throws", async () => {
    const { api } = setup();
    vi.spyOn(console, "error").mockImplementation(() => {});
    const order: string[] = [];
    api.ready(() => {
      throw new Error("partner bug");
    });
    api.ready(() => order.push("second"));
    await settle();
    expect(order).toEqual(["second"]);
  });
});

describe("readScriptUrl", () => {
  it("reads the API origin and the script-level options from the script's own URL", () => {
    const script = readScriptUrl({ src: "https://sesame.example/v1/sesame.js?render=explicit&onload=go&vitals=0.5" } as HTMLScriptElement, document);
    expect([script.url.origin, script.explicit, script.onload, script.vitalsSampleRate]).toEqual(["https://sesame.example", true, "go", 0.5]);
  });

  it("finds its own script tag when document.currentScript is not available", () => {
    // A stand-in document: happy-dom would try (and refuse) to load real script elements.
    const scripts = [{ src: "https://cdn.example/other.js" }, { src: "https://sesame.example/v1/sesame.js?vitals=7" }];
    const doc = { baseURI: "https://shop.example/", querySelectorAll: () => scripts } as unknown as Document;
    const script = readScriptUrl(null, doc);
    expect([script.url.origin, script.explicit, script.vitalsSampleRate]).toEqual(["https://sesame.example", false, 0.1]);
  });
});
