import type { SecurityInfoModel } from "../models/security-info";
import { useWidget } from "../ui/context";
import { StepForm, SubmitButton, TextField } from "../ui/fields";

/** The forms that add a phone, an email address or security questions to "My security info". */
export function AddForm(props: { step: SecurityInfoModel; secondary: Record<string, string> }) {
  const { model, i18n } = useWidget();
  const { step } = props;
  const what = step.adding.value;
  const required = step.problem.value === "required" ? i18n.t("app.required") : null;
  const questions = model.flow.value?.ui.securityInfo?.questions ?? [];
  const types = ["mobile", "alternateMobile", "office"] as const;
  return (
    <StepForm onSubmit={step.submit}>
      {what === "phone" && (
        <>
          <TextField id="sesame-phone" label={i18n.t("info.phoneNumber")} hint={i18n.t("identify.phoneHint")} type="tel" autocomplete="tel" inputMode="tel" value={step.phoneNumber.value} onValue={step.inputPhone} problem={required} />
          <fieldset>
            <legend>{i18n.t("info.phoneType")}</legend>
            {types.map((type) => (
              <label class="choice" key={type}>
                <input type="radio" name="sesame-phone-type" value={type} checked={step.phoneType.value === type} onChange={() => step.setType(type)} />
                <span>{i18n.t(`info.${type}`)}</span>
              </label>
            ))}
          </fieldset>
          {step.phoneType.value !== "office" && (
            <fieldset>
              <legend>{i18n.t("info.channel")}</legend>
              {(["sms", "voice"] as const).map((channel) => (
                <label class="choice" key={channel}>
                  <input type="radio" name="sesame-phone-channel" value={channel} checked={step.channel.value === channel} onChange={() => step.setChannel(channel)} />
                  <span>{i18n.t(channel === "sms" ? "info.bySms" : "info.byVoice")}</span>
                </label>
              ))}
            </fieldset>
          )}
        </>
      )}
      {what === "email" && (
        <TextField id="sesame-email" label={i18n.t("info.emailAddress")} type="email" autocomplete="email" inputMode="email" autoCapitalize="none" spellcheck={false} value={step.emailAddress.value} onValue={step.inputEmail} problem={required} />
      )}
      {what === "questions" && (
        <>
          <p>{i18n.t("info.questionsIntro", { count: step.count.value })}</p>
          {step.picks.value.map((picked, index) => (
            <div key={index}>
              <label for={`sesame-question-${index}`}>{i18n.t("info.question", { n: index + 1 })}</label>
              <select id={`sesame-question-${index}`} style={{ minHeight: "2.75rem", maxWidth: "100%", font: "inherit" }} value={picked} onChange={(event) => step.pick(index, event.currentTarget.value)}>
                {questions.map((question) => (
                  <option key={question.id} value={question.id}>
                    {question.text}
                  </option>
                ))}
              </select>
              <TextField
                id={`sesame-question-answer-${index}`}
                label={i18n.t("info.answer", { n: index + 1 })}
                type="text"
                value={step.answers.value[index] ?? ""}
                onValue={(text) => step.answer(index, text)}
                problem={required && !step.answers.value[index]?.trim() ? required : null}
              />
            </div>
          ))}
          {step.problem.value === "distinct" && <p class="error">{i18n.t("info.questionsDistinct")}</p>}
        </>
      )}
      <div class="actions">
        <SubmitButton label={i18n.t(what === "questions" ? "info.save" : "info.sendCode")} />
        <button type="button" style={props.secondary} onClick={() => step.open(null)}>
          {i18n.t("app.cancel")}
        </button>
      </div>
    </StepForm>
  );
}
