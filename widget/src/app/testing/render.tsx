import { render } from "preact";
import { act } from "preact/test-utils";
import type { EmbedFlow, EmbedTheme } from "#contract/embed/options";
import type { FlowApi } from "../api";
import { loadI18n, type Locale } from "../i18n/i18n";
import type { AltchaSolver } from "../models/captcha";
import { FlowModel } from "../models/flow";
import { adoptStyles } from "../ui/styles";
import { WidgetView, nest } from "../ui/widget";

/**
 * Renders a widget into a shadow root in happy-dom, as the loader does, with a fake API, and
 * gives tests the queries and gestures they need (typing fires `input` as a browser does).
 */
export async function renderWidget(api: FlowApi, options: { flow?: EmbedFlow; locale?: Locale; theme?: EmbedTheme; altcha?: () => Promise<AltchaSolver> } = {}) {
  const host = document.createElement("div");
  document.body.append(host);
  const shadow = host.attachShadow({ mode: "open" });
  adoptStyles(shadow);
  const flow = options.flow ?? "reset";
  const model = new FlowModel({ api, flow, tenant: "demo", ...(options.altcha ? { altcha: options.altcha } : {}) });
  const i18n = await loadI18n(options.locale ?? "en");
  await act(() => {
    render(<WidgetView context={{ model, i18n, flow, nest: nest(api, "demo") }} theme={options.theme ?? "auto"} />, shadow);
    void model.start();
  });

  const $ = <E extends Element = HTMLElement>(selector: string) => shadow.querySelector<E>(selector);
  const $$ = (selector: string) => [...shadow.querySelectorAll<HTMLElement>(selector)];
  const text = () => (shadow.textContent ?? "").replace(/\s+/g, " ");
  const flush = async () => {
    for (let i = 0; i < 10; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
  };
  /** Waits for a state's lazily imported step to arrive and render. */
  const until = async (predicate: () => unknown, what = "condition") => {
    for (let i = 0; i < 100; i++) {
      if (predicate()) return;
      await flush();
    }
    throw new Error(`timed out waiting for ${what}; widget shows: ${text()}`);
  };
  const type = async (selector: string, value: string) => {
    const input = $<HTMLInputElement>(selector);
    if (!input) throw new Error(`no ${selector} in: ${text()}`);
    await act(() => {
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
  };
  const click = async (element: HTMLElement | null) => {
    if (!element) throw new Error(`nothing to click in: ${text()}`);
    await act(() => element.click());
    await flush();
  };
  const submit = async () => {
    await act(() => {
      $<HTMLFormElement>("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });
    await flush();
  };
  const heading = () => $("h2")?.textContent ?? "";
  await flush();
  const cleanup = () => {
    render(null, shadow);
    host.remove();
    model[Symbol.dispose]();
  };
  return { host, shadow, model, $, $$, text, flush, until, type, click, submit, heading, cleanup };
}
