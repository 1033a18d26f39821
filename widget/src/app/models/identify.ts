import { action, createModel, signal } from "@preact/signals";
import type { FlowModel } from "./flow";

/**
 * The first step: who is this. Reset and unlock ask for a user name, email or phone; SMS
 * sign-in for a phone number; password sign-in for a user name and the password. Whatever is
 * typed, the server answers the same way (no enumeration), so the only errors this model makes
 * itself are empty fields. A refused password is cleared; the user name stays.
 */
export const IdentifyModel = createModel((flow: FlowModel, field: "identifier" | "phoneNumber" | "userName") => {
  const value = signal("");
  const missing = signal(false);
  const withPassword = field === "userName";
  const password = signal("");
  const passwordMissing = signal(false);

  const input = action((text: string) => {
    value.value = text;
    missing.value = false;
    flow.clearError();
  });

  const inputPassword = action((text: string) => {
    password.value = text;
    passwordMissing.value = false;
    flow.clearError();
  });

  const submit = action(async () => {
    const typed = value.value.trim();
    missing.value = !typed;
    passwordMissing.value = withPassword && !password.value;
    if (missing.value || passwordMissing.value) return false;
    if (!withPassword) return flow.submit({ [field]: typed });
    const accepted = await flow.submit({ userName: typed, password: password.value });
    if (!accepted) password.value = "";
    return accepted;
  });

  return { value, missing, password, passwordMissing, input, inputPassword, submit };
});
export type IdentifyModel = InstanceType<typeof IdentifyModel>;
