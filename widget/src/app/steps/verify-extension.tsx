import { useModel } from "@preact/signals";
import { ApprovalModel } from "../models/approval";
import { useWidget } from "../ui/context";
import { StepForm, SubmitButton } from "../ui/fields";
import { Step } from "../ui/step";

/**
 * "Approve the request in your extension": the two-digit number to type there (number
 * matching, so a request the user did not start cannot be approved by a reflex click), a polite
 * status while waiting, "I've approved it" to check at once (the step also checks by itself),
 * a new request, and the other methods.
 */
export default function VerifyExtension() {
  const { model, i18n } = useWidget();
  const step = useModel(() => new ApprovalModel(model));
  const number = step.approval.value?.number;
  return (
    <Step title={i18n.t("approve.title")} intro={number ? i18n.t("approve.intro") : undefined}>
      <StepForm onSubmit={step.check}>
        {number && (
          <p id="sesame-approval-number">
            <span class="sr-only">{i18n.t("approve.numberLabel")}: </span>
            <strong style={{ fontSize: "2.5em", letterSpacing: "0.1em", lineHeight: 1.2 }}>{number}</strong>
          </p>
        )}
        {/* Present from the start, so the waiting text is announced when it appears. */}
        <p class="muted" role="status" aria-live="polite">
          {step.waiting.value ? i18n.t("approve.waiting") : ""}
        </p>
        <div class="actions">
          {number && <SubmitButton label={i18n.t("approve.check")} />}
          <button type="button" class={number ? "link" : "primary"} onClick={() => void step.resend()}>
            {i18n.t("approve.resend")}
          </button>
          <button type="button" class="link" onClick={() => void step.back()}>
            {i18n.t("verify.otherMethod")}
          </button>
        </div>
      </StepForm>
    </Step>
  );
}
