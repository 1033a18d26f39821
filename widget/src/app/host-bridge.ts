import { effect } from "@preact/signals";
import type { EmbedOptions } from "#contract/embed/options";
import { isEmbedErrorCode } from "#contract/embed/errors";
import type { MountRequest } from "../embed/mount-contract";
import { notifyHost } from "../embed/notify";
import type { FlowModel } from "./models/flow";
import { prefetchSteps } from "./steps/registry";

/** Steps worth fetching as soon as the browser is idle, by how likely they come next. */
const LIKELY_NEXT: Record<EmbedOptions["flow"], string[]> = {
  reset: ["choose_method", "verify_code", "new_password", "done", "helpdesk"],
  unlock: ["choose_method", "verify_code", "unlock_options", "done", "helpdesk"],
  "sms-signin": ["verify_code", "done"],
  signin: ["choose_method", "verify_code", "done"],
  "security-info": ["overview", "verify_totp", "verify_code", "done"],
};

const whenIdle = (work: () => void) => ("requestIdleCallback" in window ? requestIdleCallback(work, { timeout: 3000 }) : setTimeout(work, 200));

/**
 * What a running widget does for its host page: hands it the result (a token or a confirmation)
 * and the stable error codes, and once the first step is interactive, prefetches the next
 * steps and (for sampled page views) starts the web-vitals report. Returns the disposer.
 */
export function bridgeToHost(model: FlowModel, options: EmbedOptions, request: MountRequest): () => void {
  const { element, id, shadow } = request;
  const afterFirstStep = (loadMs: number) =>
    whenIdle(() => {
      prefetchSteps(LIKELY_NEXT[options.flow]);
      if (Math.random() >= request.vitalsSampleRate) return;
      void import("./vitals").then((vitals) =>
        vitals.startVitals({
          apiOrigin: request.apiOrigin,
          tenant: options.tenant,
          flow: options.flow,
          loadMs,
          isWidget: (node) => node === shadow.host || shadow.contains(node),
        }),
      );
    });

  let measured = false;
  const stops = [
    effect(() => {
      const result = model.result.value;
      if (result) notifyHost(element, "success", options.callback, [result], { widgetId: id, ...result });
    }),
    effect(() => {
      const code = model.errorCode.value;
      if (code && isEmbedErrorCode(code)) notifyHost(element, "error", options.errorCallback, [code], { widgetId: id, code });
    }),
    effect(() => {
      if (model.view.value !== "step" || measured) return;
      measured = true;
      // Interactive: the first step has been painted and its form answers input.
      requestAnimationFrame(() => setTimeout(() => afterFirstStep(performance.now() - request.scriptStart)));
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
