import { useModel } from "@preact/signals";
import type { MethodChoice } from "#contract/flows/envelope";
import { ChooseMethodModel } from "../models/choose-method";
import type { MessageKey } from "../i18n/en";
import { useWidget } from "../ui/context";
import { StepForm, SubmitButton, TextField } from "../ui/fields";
import { Step } from "../ui/step";

/**
 * Choose a method, shown masked as Entra shows them ("Text my mobile phone ••• ••• ••12"); a
 * phone or email must then be typed in full before anything is sent.
 */
export default function ChooseMethod() {
  const { model, i18n } = useWidget();
  const step = useModel(() => new ChooseMethodModel(model));
  const progress = model.flow.value?.ui.progress;
  const label = (method: MethodChoice) => i18n.t(`method.${method.kind}` as MessageKey, { hint: method.hint ?? "" }).trim();
  const selected = step.selected.value;
  const confirm = step.confirmKind.value;
  return (
    <Step title={i18n.t("choose.title")} intro={i18n.t("choose.intro")}>
      {progress && progress.required > 1 && <p class="muted">{i18n.t("choose.progress", { current: progress.verified + 1, total: progress.required })}</p>}
      <StepForm onSubmit={step.submit}>
        <fieldset aria-describedby={step.problem.value === "pick" ? "sesame-pick-problem" : undefined}>
          <legend>{i18n.t("choose.method")}</legend>
          {step.methods.value.map((method) => (
            <label class="choice" key={method.id}>
              <input type="radio" name="sesame-method" value={method.id} checked={step.selectedId.value === method.id} onChange={() => step.select(method.id)} />
              <span>{label(method)}</span>
            </label>
          ))}
        </fieldset>
        {step.problem.value === "pick" && (
          <p class="error" id="sesame-pick-problem">
            {i18n.t("choose.pick")}
          </p>
        )}
        {selected && confirm && (
          <>
            <p>{i18n.t(confirm === "phone" ? "choose.confirmPhone" : "choose.confirmEmail", { hint: selected.hint ?? "" })}</p>
            <TextField
              id="sesame-confirm"
              key={selected.id}
              label={i18n.t(confirm === "phone" ? "choose.confirmPhoneLabel" : "choose.confirmEmailLabel")}
              type={confirm === "phone" ? "tel" : "email"}
              autocomplete={confirm === "phone" ? "tel" : "email"}
              autoCapitalize="none"
              spellcheck={false}
              value={step.confirmation.value}
              onValue={step.confirm}
              problem={step.problem.value === "required" ? i18n.t("app.required") : null}
            />
          </>
        )}
        <div class="actions">
          <SubmitButton label={i18n.t("app.next")} />
        </div>
      </StepForm>
    </Step>
  );
}
