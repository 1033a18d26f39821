import type { AppModule, MountedWidget } from "./mount-contract";
import { nextFrame } from "./next-frame";
import { notifyHost } from "./notify";
import type { ScriptUrl } from "./script-url";

/**
 * The `sesame` global, as Turnstile's: `render(elementOrSelector, options) → id`, `reset(id)`,
 * `remove(id)`, `ready(callback)`. Without an id, reset and remove act on the first widget.
 * It reserves each widget's box synchronously and leaves everything else to the app module.
 */
export interface SesameApi {
  render(target: string | Element, options?: Record<string, unknown>): string | undefined;
  /** Starts downloading the app before any widget is rendered (implicit rendering knows it will). */
  preload(): void;
  reset(id?: string): void;
  remove(id?: string): void;
  ready(callback: () => void): void;
}

interface Entry {
  element: Element;
  container: HTMLElement;
  mounted: Promise<MountedWidget | undefined>;
}

/** Option names of the data-* attributes; other data-* on the element belong to the partner. */
const DATA_OPTIONS = ["tenant", "flow", "callback", "errorCallback", "locale", "theme"] as const;

function readData(element: Element): Record<string, unknown> {
  const data = (element as HTMLElement).dataset ?? {};
  const options: Record<string, unknown> = {};
  for (const name of DATA_OPTIONS) if (data[name] !== undefined) options[name] = data[name];
  return options;
}

export function createSesame(deps: { doc: Document; script: ScriptUrl; loadApp: () => Promise<AppModule>; scriptStart: number }): SesameApi {
  const { doc, script } = deps;
  const widgets = new Map<string, Entry>();
  let counter = 0;
  let app: Promise<AppModule> | undefined;
  /** Settles once the previous widget has mounted, or failed to (see `render`). */
  let turn: Promise<void> | undefined;

  const render = (target: string | Element, explicit: Record<string, unknown> = {}) => {
    const element = typeof target === "string" ? doc.querySelector(target) : target;
    if (!element) {
      console.error("[sesame] render: no element matches", target);
      return undefined;
    }
    for (const [id, entry] of widgets) if (entry.element === element) return id;

    const id = `sesame-${++counter}`;
    // Turnstile's explicit option name is "error-callback"; the dataset spells it errorCallback.
    const { "error-callback": errorCallback, ...rest } = explicit;
    const options = { ...readData(element), ...rest, ...(errorCallback === undefined ? {} : { errorCallback }) };
    // Our own child carries the shadow root, so `remove` leaves the partner's element as it was
    // and a later render into it can attach a fresh root. Its min-height reserves the box now,
    // before the app arrives, so nothing below it moves when the first step appears.
    const container = doc.createElement("div");
    container.setAttribute("data-sesame-widget", id);
    container.style.setProperty("display", "block");
    container.style.setProperty("min-height", "var(--sesame-min-height, 24rem)");
    element.append(container);
    const shadow = container.attachShadow({ mode: "open" });

    app ??= deps.loadApp();
    const apiOrigin = script.url.origin;
    // A page with several widgets mounts them one per frame: the first is painted without
    // waiting for the others, and no single task mounts them all (a long task for the host page).
    const loaded = app;
    const ready = turn ? turn.then(nextFrame).then(() => loaded) : loaded;
    turn = ready.then(
      () => undefined,
      () => undefined,
    );
    const mounted = ready.then(
      (module) =>
        widgets.get(id)?.container === container
          ? module.mount({ id, element, shadow, options, apiOrigin, vitalsSampleRate: script.vitalsSampleRate, scriptStart: deps.scriptStart })
          : undefined,
      (error: unknown) => {
        // The app could not load (offline, or a CSP without our origin): still tell the host.
        console.error("[sesame] could not load the widget", error);
        notifyHost(element, "error", options.errorCallback, ["NETWORK_ERROR"], { widgetId: id, code: "NETWORK_ERROR" });
        return undefined;
      },
    );
    widgets.set(id, { element, container, mounted });
    return id;
  };

  const entryOf = (id?: string): [string, Entry] | undefined =>
    id === undefined ? widgets.entries().next().value : widgets.has(id) ? [id, widgets.get(id)!] : undefined;

  const whenDomReady = (callback: () => void) => {
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", () => callback(), { once: true });
    else queueMicrotask(callback);
  };

  return {
    render,
    preload() {
      app ??= deps.loadApp();
    },
    reset(id) {
      void entryOf(id)?.[1].mounted.then((widget) => widget?.reset());
    },
    remove(id) {
      const found = entryOf(id);
      if (!found) return;
      widgets.delete(found[0]);
      found[1].container.remove();
      void found[1].mounted.then((widget) => widget?.unmount());
    },
    ready(callback) {
      whenDomReady(() => {
        try {
          callback();
        } catch (error) {
          console.error("[sesame] ready callback threw", error);
        }
      });
    },
  };
}

/** Implicit rendering and `onload`, as the script's URL asks. */
export function boot(api: SesameApi, doc: Document, script: ScriptUrl, win: Window): void {
  // Implicit rendering will need the app: fetch it while the rest of the page is parsed.
  if (!script.explicit) api.preload();
  if (!script.explicit) api.ready(() => doc.querySelectorAll(".sesame").forEach((element) => api.render(element)));
  if (script.onload) {
    const onload = (win as unknown as Record<string, unknown>)[script.onload];
    if (typeof onload === "function") api.ready(onload as () => void);
    else console.error(`[sesame] onload "${script.onload}" is not a global function`);
  }
}
