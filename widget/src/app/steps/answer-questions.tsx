import { useModel } from "@preact/signals";
import { QuestionsModel } from "../models/questions";
import { useWidget } from "../ui/context";
import { StepForm, SubmitButton, TextField } from "../ui/fields";
import { Step } from "../ui/step";

/** Security questions, one labelled field each; the server redraws them after a wrong answer. */
export default function AnswerQuestions() {
  const { model, i18n } = useWidget();
  const step = useModel(() => new QuestionsModel(model));
  return (
    <Step title={i18n.t("questions.title")} intro={i18n.t("questions.intro")}>
      <StepForm onSubmit={step.submit}>
        {step.questions.value.map((question, index) => (
          <TextField
            key={question.id}
            id={`sesame-answer-${index}`}
            label={question.text}
            type="text"
            autocomplete="off"
            value={step.answers.value[question.id] ?? ""}
            onValue={(text) => step.answer(question.id, text)}
            problem={step.missing.value.includes(question.id) ? i18n.t("app.required") : null}
          />
        ))}
        <div class="actions">
          <SubmitButton label={i18n.t("app.next")} />
        </div>
      </StepForm>
    </Step>
  );
}
