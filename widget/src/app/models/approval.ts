import { action, computed, createModel, effect } from "@preact/signals";
import type { FlowModel } from "./flow";

/** How often the step asks whether the user has answered in the extension. */
export const APPROVAL_CHECK_MS = 3000;

/**
 * Approving in the browser extension (reset's `verify_extension`): the page shows the number
 * the user types in the extension, and asks the server (`check`) every few seconds until the
 * approval is decided: a pending one leaves the flow as it is, an approved one moves it on,
 * a denied or expired one comes back refused without `ui.approval`, which stops the checks
 * until the user asks for a new request (`resend`) or another method (`back`).
 */
export const ApprovalModel = createModel((flow: FlowModel, every: number = APPROVAL_CHECK_MS) => {
  const approval = computed(() => (flow.flow.value?.state === "verify_extension" ? (flow.flow.value.ui.approval ?? null) : null));
  const waiting = computed(() => approval.value !== null && flow.error.value === null);

  const check = action(async () => flow.submit({ action: "check" }));
  const resend = action(async () => flow.submit({ action: "resend" }));
  const back = action(async () => flow.submit({ action: "back" }));

  effect(() => {
    if (!waiting.value) return;
    const timer = setInterval(() => {
      if (!flow.busy.peek() && !flow.throttled.peek()) void check();
    }, every);
    return () => clearInterval(timer);
  });

  return { approval, waiting, check, resend, back };
});
export type ApprovalModel = InstanceType<typeof ApprovalModel>;
