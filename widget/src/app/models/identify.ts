import { action, createModel, signal } from "@preact/signals";
import type { FlowModel } from "./flow";

/**
 * The first step: who is this. Reset and unlock ask for a user name, email or phone; SMS
 * sign-in for a phone number. Whatever is typed, the server answers the same way (no
 * enumeration), so the only error this model makes itself is an empty field.
 */
export const IdentifyModel = createModel((flow: FlowModel, field: "identifier" | "phoneNumber") => {
  const value = signal("");
  const missing = signal(false);

  const input = action((text: string) => {
    value.value = text;
    missing.value = false;
    flow.clearError();
  });

  const submit = action(async () => {
    const typed = value.value.trim();
    if (!typed) {
      missing.value = true;
      return false;
    }
    return flow.submit({ [field]: typed });
  });

  return { value, missing, input, submit };
});
export type IdentifyModel = InstanceType<typeof IdentifyModel>;
