import { render } from "preact";
import { EmbedOptionsSchema } from "#contract/embed/options";
import type { MountRequest, MountedWidget } from "../embed/mount-contract";
import { nextFrame } from "../embed/next-frame";
import { notifyHost } from "../embed/notify";
import { createFlowApi } from "./api";
import { bridgeToHost } from "./host-bridge";
import { english, loadI18n, pickLocale } from "./i18n/i18n";
import { FlowModel } from "./models/flow";
import { adoptStyles } from "./ui/styles";
import { WidgetView, nest } from "./ui/widget";

/**
 * The app module the loader imports: renders one widget into the shadow root the loader made.
 * It validates the options, picks the language, renders the first step, and only then creates
 * the flow: every flow opens on a step that needs nothing from the server, so the requests wait
 * until that step is painted rather than compete with it (for the main thread, the host's
 * connections, and the server). `reset` starts a fresh flow in the same box.
 */
export function mount(request: MountRequest): MountedWidget {
  adoptStyles(request.shadow);
  const parsed = EmbedOptionsSchema.safeParse(request.options);
  if (!parsed.success) return mountInvalid(request, parsed.error.issues);
  const options = parsed.data;
  const api = createFlowApi(request.apiOrigin, undefined, options.token);
  const i18n = loadI18n(pickLocale(options.locale, navigator.languages ?? [navigator.language]));
  let stop = () => {};

  const run = () => {
    stop();
    let stopped = false;
    const model = new FlowModel({ api, flow: options.flow, tenant: options.tenant });
    const unbridge = bridgeToHost(model, options, request);
    void model.start(i18n.then((translations) => {
      if (!stopped) render(<WidgetView context={{ model, i18n: translations, flow: options.flow, nest: nest(api, options.tenant) }} theme={options.theme} />, request.shadow);
      return nextFrame();
    }));
    stop = () => {
      stopped = true;
      unbridge();
      render(null, request.shadow);
      model[Symbol.dispose]();
    };
  };
  run();
  return { reset: run, unmount: () => stop() };
}

/** Bad options: say so in the box and the console, and tell the host through its error callback. */
type Issue = { path: PropertyKey[]; code?: string; keys?: string[] };

function mountInvalid(request: MountRequest, issues: readonly Issue[]): MountedWidget {
  // zod/mini ships no messages; the issue's code and the option's name say enough to a developer.
  const where = issues.map((issue) => (issue.keys ? `unknown option(s) ${issue.keys.join(", ")}` : `${issue.path.join(".")}: ${issue.code}`)).join("; ");
  console.error(`[sesame] widget ${request.id} has invalid options (${where})`);
  const box = request.shadow.ownerDocument.createElement("div");
  box.className = "root auto";
  box.setAttribute("role", "alert");
  box.textContent = english.t("app.misconfigured");
  request.shadow.append(box);
  notifyHost(request.element, "error", request.options.errorCallback, ["OPTIONS_INVALID"], { widgetId: request.id, code: "OPTIONS_INVALID" });
  return { reset: () => {}, unmount: () => box.remove() };
}
