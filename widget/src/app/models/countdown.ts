import { computed, effect, signal, type ReadonlySignal } from "@preact/signals";

/**
 * Whole seconds left until `deadline` (epoch ms), ticking once a second while it is in the
 * future, and null when there is no deadline. The timer runs only while counting down, and
 * belongs to the model that creates it (effects made inside `createModel` die with the model).
 */
export function countdown(deadline: ReadonlySignal<number | null>): ReadonlySignal<number | null> {
  const now = signal(Date.now());
  const left = computed(() => (deadline.value === null ? null : Math.max(0, Math.ceil((deadline.value - now.value) / 1000))));
  const counting = computed(() => (left.value ?? 0) > 0);
  effect(() => {
    if (!counting.value) return;
    const timer = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(timer);
  });
  // A new deadline must be measured from now, not from when the last tick happened.
  effect(() => {
    deadline.value;
    now.value = Date.now();
  });
  return left;
}
