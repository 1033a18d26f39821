import { action, computed, createModel, signal } from "@preact/signals";
import { prepareBannedTerms } from "#contract/password/banned";
import { GLOBAL_BANNED_TERMS } from "#contract/password/global-banned-terms";
import { clientViolations, evaluateRules, passwordCodes } from "./password-rules";
import type { FlowModel } from "./flow";

/** Normalised once per page, not on every keystroke. */
let globalTerms: string[] | undefined;

/** Fallback when the server sends no policy: Entra's defaults (8 characters, 3 of 4 classes). */
const DEFAULT_POLICY = { minLength: 8, maxLength: 256, requiredCharacterClasses: 3 };

/**
 * Choosing a new password: live rule checks as the user types, the server's per-rule verdict
 * after a refusal, and a submit that is held back while a rule the widget can check fails.
 * The password lives only in this model's memory and in the one request that sets it.
 */
export const NewPasswordModel = createModel((flow: FlowModel) => {
  const password = signal("");
  const confirmation = signal("");
  const reveal = signal(false);
  const refused = signal<{ password: string; codes: string[] } | null>(null);
  const attempted = signal(false);
  const policy = computed(() => flow.flow.value?.ui.password ?? DEFAULT_POLICY);
  globalTerms ??= prepareBannedTerms(GLOBAL_BANNED_TERMS);
  const terms = globalTerms;
  // The tenant's name counts as banned, as in Entra.
  const tenantName = computed(() => flow.config.value?.displayName);
  const broken = computed(() => clientViolations(password.value, policy.value, tenantName.value, terms));
  const rules = computed(() => evaluateRules(password.value, confirmation.value, policy.value, broken.value, refused.value));
  const ready = computed(() => rules.value.every((rule) => rule.verdict !== "unmet"));
  const mismatch = computed(() => attempted.value && confirmation.value !== password.value);
  /** After a submit attempt, a rule other than "match" still fails (mismatch has its own message). */
  const rulesUnmet = computed(() => attempted.value && rules.value.some((rule) => rule.id !== "match" && rule.verdict === "unmet"));

  const type = action((text: string) => {
    password.value = text;
    flow.clearError();
  });
  const confirm = action((text: string) => {
    confirmation.value = text;
  });
  const toggleReveal = action(() => {
    reveal.value = !reveal.value;
  });

  const submit = action(async () => {
    attempted.value = true;
    if (!ready.value) return false;
    const sent = password.value;
    const accepted = await flow.submit({ password: sent });
    if (!accepted) {
      const error = flow.error.value;
      refused.value = { password: sent, codes: passwordCodes(error?.code, error?.details, error?.violations) };
    }
    return accepted;
  });

  return { password, confirmation, reveal, rules, ready, mismatch, rulesUnmet, attempted, type, confirm, toggleReveal, submit };
});
export type NewPasswordModel = InstanceType<typeof NewPasswordModel>;
