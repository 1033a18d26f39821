import { action, computed, createModel, signal } from "@preact/signals";
import { countdown } from "./countdown";
import type { FlowModel } from "./flow";

/**
 * Entering a one-time code: digits only (a pasted "123 456" or "123-456" becomes 123456), the
 * resend countdown from the server's `resendAvailableAt`, and the verify / resend / back
 * submits. A refused code is cleared so the user types the next one from scratch.
 */
export const CodeEntryModel = createModel((flow: FlowModel) => {
  const code = signal("");
  const incomplete = signal(false);
  const ui = computed(() => flow.flow.value?.ui.code);
  const length = computed(() => ui.value?.length ?? 6);
  const channel = computed(() => ui.value?.channel ?? "sms");
  const attemptsLeft = computed(() => ui.value?.attemptsLeft ?? null);
  const resendAt = computed(() => {
    const at = ui.value?.resendAvailableAt;
    return at ? Date.parse(at) : null;
  });
  const resendIn = countdown(resendAt);
  /** TOTP codes cannot be resent; the server says so with a null `resendAvailableAt`. */
  const canResend = computed(() => resendIn.value === 0);

  const input = action((text: string) => {
    code.value = text.replace(/\D/g, "").slice(0, length.value);
    incomplete.value = false;
    flow.clearError();
  });

  const verify = action(async () => {
    if (code.value.length !== length.value) {
      incomplete.value = true;
      return false;
    }
    const accepted = await flow.submit({ action: "verify", code: code.value });
    if (!accepted) code.value = "";
    return accepted;
  });

  /** A code delivered by WebOTP is complete and the user meant to use it: verify at once. */
  const autofill = action(async (text: string) => {
    input(text);
    return code.value.length === length.value ? verify() : false;
  });

  const resend = action(async () => (canResend.value ? flow.submit({ action: "resend" }) : false));
  /** Back to the methods: `back` in reset and sign-in, `cancel` when adding a method in security info. */
  const back = action(async (name: "back" | "cancel" = "back") => flow.submit({ action: name }));

  return { code, incomplete, length, channel, attemptsLeft, resendIn, canResend, input, verify, autofill, resend, back };
});
export type CodeEntryModel = InstanceType<typeof CodeEntryModel>;
