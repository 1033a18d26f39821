import { signal } from "@preact/signals";
import type { ComponentType } from "preact";
import { addEnglish } from "../i18n/i18n";
import Identify from "./identify";

/**
 * One component per flow state. The first step ships with the app; every other step is its own
 * chunk, fetched when the browser is idle after the first render (so the next step is usually
 * there before it is needed) or, at the latest, when the server moves the flow to it.
 */
type StepModule = { default: ComponentType };

/** Steps whose English is in en-later.ts (kept out of the first step): loaded with its chunk. */
const withLaterEnglish = (step: Promise<StepModule>): Promise<StepModule> =>
  Promise.all([step, import("../i18n/en-later")]).then(([module, strings]) => {
    addEnglish(strings.enLater);
    return module;
  });

const loaders: Record<string, () => Promise<StepModule>> = {
  choose_method: () => import("./choose-method"),
  verify_code: () => import("./verify-code"),
  answer_questions: () => import("./answer-questions"),
  unlock_options: () => import("./unlock-options"),
  new_password: () => import("./new-password"),
  helpdesk: () => import("./helpdesk"),
  overview: () => withLaterEnglish(import("./overview")),
  verify_totp: () => withLaterEnglish(import("./verify-totp")),
  verify_extension: () => withLaterEnglish(import("./verify-extension")),
  registration_reminder: () => withLaterEnglish(import("./sign-in-gate")),
  registration_required: () => withLaterEnglish(import("./sign-in-gate")),
  reconfirm: () => withLaterEnglish(import("./sign-in-gate")),
  done: () => import("./done"),
};

const loaded = signal<Record<string, ComponentType>>({ identify: Identify });
const failed = signal<Record<string, true>>({});
const pending = new Set<string>();

export function loadStep(state: string): void {
  if (loaded.peek()[state] || pending.has(state) || !loaders[state]) return;
  pending.add(state);
  loaders[state]!().then(
    (module) => {
      pending.delete(state);
      loaded.value = { ...loaded.peek(), [state]: module.default };
    },
    () => {
      pending.delete(state);
      failed.value = { ...failed.peek(), [state]: true };
    },
  );
}

/** The component for a state, or undefined while it loads (the caller shows the loading box). */
export function stepFor(state: string): ComponentType | undefined {
  const component = loaded.value[state];
  if (!component) loadStep(state);
  return component;
}

/** Whether the chunk of a state could not be fetched (offline): the caller offers a retry. */
export const stepFailed = (state: string): boolean => failed.value[state] === true;

export function retryStep(state: string): void {
  const { [state]: _dropped, ...rest } = failed.peek();
  failed.value = rest;
  loadStep(state);
}

export function prefetchSteps(states: readonly string[]): void {
  for (const state of states) loadStep(state);
}
