import { useModel } from "@preact/signals";
import type { MessageKey } from "../i18n/en";
import { IdentifyModel } from "../models/identify";
import { flowKinds } from "../models/flow-kinds";
import { embedFlowType } from "#contract/embed/options";
import { useWidget } from "../ui/context";
import { StepForm, SubmitButton, TextField } from "../ui/fields";
import { Step } from "../ui/step";

/** Who is this: a user name, email or phone (reset, unlock, sign-in), or a mobile number (SMS sign-in). */
export default function Identify() {
  const { model, i18n, flow } = useWidget();
  const field = flowKinds[flow].identifyField;
  const step = useModel(() => new IdentifyModel(model, field));
  const type = embedFlowType[flow];
  const phone = field === "phoneNumber";
  return (
    <Step title={i18n.t(`identify.${type}.title` as MessageKey)} intro={i18n.t(`identify.${type}.intro` as MessageKey)}>
      <StepForm onSubmit={step.submit}>
        <TextField
          id="sesame-identifier"
          label={i18n.t(phone ? "identify.phoneNumber" : "identify.identifier")}
          {...(phone ? { hint: i18n.t("identify.phoneHint") } : {})}
          type={phone ? "tel" : "text"}
          autocomplete={phone ? "tel" : "username"}
          inputMode={phone ? "tel" : "email"}
          autoCapitalize="none"
          spellcheck={false}
          value={step.value.value}
          onValue={step.input}
          problem={step.missing.value ? i18n.t("app.required") : null}
        />
        <div class="actions">
          <SubmitButton label={i18n.t("app.next")} />
        </div>
      </StepForm>
    </Step>
  );
}
