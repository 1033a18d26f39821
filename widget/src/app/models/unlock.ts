import { action, createModel, signal } from "@preact/signals";
import type { FlowModel } from "./flow";

/** After verification in the unlock flow: unlock only, or unlock and choose a new password. */
export const UnlockModel = createModel((flow: FlowModel) => {
  const choice = signal<"unlock" | "reset">("unlock");
  const choose = action((value: "unlock" | "reset") => {
    choice.value = value;
  });
  const submit = action(async () => flow.submit({ choice: choice.value }));
  return { choice, choose, submit };
});
export type UnlockModel = InstanceType<typeof UnlockModel>;
