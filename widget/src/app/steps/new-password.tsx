import { useModel } from "@preact/signals";
import type { MessageKey } from "../i18n/en";
import { NewPasswordModel } from "../models/new-password";
import type { Rule } from "../models/password-rules";
import { useWidget } from "../ui/context";
import { StepForm, SubmitButton, TextField } from "../ui/fields";
import { Step } from "../ui/step";

const MARK = { met: "✓", unmet: "✗", unknown: "•" } as const;

/**
 * A new password with its rules listed under the field and checked as the user types; after a
 * refusal the server's verdict is shown against each rule it names. The rule list is not a live
 * region (it would speak on every keystroke); it is tied to the field by aria-describedby.
 */
export default function NewPassword() {
  const { model, i18n } = useWidget();
  const step = useModel(() => new NewPasswordModel(model));
  const reveal = step.reveal.value;
  const text = (rule: Rule) => i18n.t(`rule.${rule.id}` as MessageKey, rule.vars);
  return (
    <Step title={i18n.t("password.title")}>
      <StepForm onSubmit={step.submit}>
        <TextField
          id="sesame-password"
          label={i18n.t("password.new")}
          type={reveal ? "text" : "password"}
          autocomplete="new-password"
          spellcheck={false}
          autoCapitalize="none"
          describedBy="sesame-rules"
          value={step.password.value}
          onValue={step.type}
          // After the server's refusal the alert already says this; do not say it twice.
          problem={step.rulesUnmet.value && !model.errorCode.value ? i18n.t("error.PASSWORD_REJECTED") : null}
        />
        <p class="hint" id="sesame-rules-title">
          {i18n.t("password.rules")}
        </p>
        <ul class="rules" id="sesame-rules" aria-labelledby="sesame-rules-title">
          {step.rules.value.map((rule) => (
            <li key={rule.id} class={rule.verdict === "unknown" ? "pending" : rule.verdict}>
              <span class="mark" aria-hidden="true">
                {MARK[rule.verdict]}
              </span>
              <span>
                {text(rule)} {rule.verdict !== "unknown" && <span class="sr-only">{i18n.t(rule.verdict === "met" ? "password.met" : "password.unmet")}</span>}
              </span>
            </li>
          ))}
        </ul>
        <TextField
          id="sesame-password-confirm"
          label={i18n.t("password.confirm")}
          type={reveal ? "text" : "password"}
          autocomplete="new-password"
          spellcheck={false}
          autoCapitalize="none"
          value={step.confirmation.value}
          onValue={step.confirm}
          ownErrorsOnly
          problem={step.mismatch.value ? i18n.t("error.PASSWORD_MISMATCH") : null}
        />
        <label class="check">
          <input type="checkbox" checked={reveal} onChange={step.toggleReveal} />
          {i18n.t("password.show")}
        </label>
        <div class="actions">
          <SubmitButton label={i18n.t("password.submit")} />
        </div>
      </StepForm>
    </Step>
  );
}
