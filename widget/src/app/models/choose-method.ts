import { action, computed, createModel, signal } from "@preact/signals";
import type { FlowModel } from "./flow";

/**
 * Choosing a method. A phone or email method must be confirmed by typing the full number or
 * address before anything is sent (Entra's rule); the server answers a mismatch exactly like a
 * match, so this model only checks that something was typed.
 */
export const ChooseMethodModel = createModel((flow: FlowModel) => {
  const methods = computed(() => flow.flow.value?.methods ?? []);
  const selectedId = signal<string | null>(null);
  const confirmation = signal("");
  const problem = signal<"pick" | "required" | null>(null);
  const selected = computed(() => methods.value.find((method) => method.id === selectedId.value) ?? null);
  const confirmKind = computed(() => selected.value?.confirm ?? null);

  const select = action((id: string) => {
    if (selectedId.value !== id) confirmation.value = "";
    selectedId.value = id;
    problem.value = null;
    flow.clearError();
  });

  const confirm = action((text: string) => {
    confirmation.value = text;
    problem.value = null;
  });

  const submit = action(async () => {
    const method = selected.value;
    if (!method) {
      problem.value = "pick";
      return false;
    }
    const typed = confirmation.value.trim();
    if (method.confirm && !typed) {
      problem.value = "required";
      return false;
    }
    return flow.submit(method.confirm ? { method: method.id, confirm: typed } : { method: method.id });
  });

  return { methods, selectedId, selected, confirmKind, confirmation, problem, select, confirm, submit };
});
export type ChooseMethodModel = InstanceType<typeof ChooseMethodModel>;
