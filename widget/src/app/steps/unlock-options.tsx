import { useModel } from "@preact/signals";
import { UnlockModel } from "../models/unlock";
import { useWidget } from "../ui/context";
import { StepForm, SubmitButton } from "../ui/fields";
import { Step } from "../ui/step";

/** After verifying in the unlock flow: keep the password, or choose a new one as well. */
export default function UnlockOptions() {
  const { model, i18n } = useWidget();
  const step = useModel(() => new UnlockModel(model));
  const choices = [
    ["unlock", i18n.t("unlock.unlock")],
    ["reset", i18n.t("unlock.reset")],
  ] as const;
  return (
    <Step title={i18n.t("unlock.title")} intro={i18n.t("unlock.intro")}>
      <StepForm onSubmit={step.submit}>
        <fieldset>
          <legend>{i18n.t("unlock.choice")}</legend>
          {choices.map(([value, text]) => (
            <label class="choice" key={value}>
              <input type="radio" name="sesame-unlock" value={value} checked={step.choice.value === value} onChange={() => step.choose(value)} />
              <span>{text}</span>
            </label>
          ))}
        </fieldset>
        <div class="actions">
          <SubmitButton label={i18n.t("app.next")} />
        </div>
      </StepForm>
    </Step>
  );
}
