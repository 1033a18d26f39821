import { useModel } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { CodeEntryModel } from "../models/code-entry";
import { useWidget } from "../ui/context";
import { StepForm, SubmitButton, TextField } from "../ui/fields";
import { Step } from "../ui/step";
import { listenForSmsCode } from "./web-otp";

/**
 * Enter the code: one field with autocomplete="one-time-code" so browsers and password managers
 * offer it, numeric keyboard, a whole pasted code accepted, WebOTP for SMS, a resend that
 * counts down, and a way back to the other methods.
 */
export default function VerifyCode() {
  const { i18n, flow } = useWidget();
  return <CodeForm title={i18n.t("verify.title")} back={flow === "sms-signin" ? null : flow === "security-info" ? "cancel" : "back"} />;
}

/** The code form, shared with the authenticator step (which puts its QR code above it). */
export function CodeForm(props: { title: string; back: "back" | "cancel" | null; children?: ComponentChildren }) {
  const { model, i18n } = useWidget();
  const step = useModel(() => new CodeEntryModel(model));
  const channel = step.channel.value;
  const length = step.length.value;
  useEffect(() => (channel === "sms" ? listenForSmsCode((code) => void step.autofill(code)) : undefined), [channel]);

  const attempts = step.attemptsLeft.value;
  const resendIn = step.resendIn.value;
  return (
    <Step title={props.title} intro={i18n.t(`verify.${channel}`, { length })}>
      {props.children}
      <StepForm onSubmit={step.verify}>
        <div class="code">
          <TextField
            id="sesame-code"
            label={i18n.t("verify.code")}
            type="text"
            inputMode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]*"
            maxLength={length + 8 /* room for the spaces or dashes of a pasted code */}
            spellcheck={false}
            value={step.code.value}
            onValue={step.input}
            problem={step.incomplete.value ? i18n.t("verify.incomplete", { length }) : null}
          />
        </div>
        {attempts !== null && <p class="hint">{i18n.plural("verify.attemptsLeft", attempts)}</p>}
        <div class="actions">
          <SubmitButton label={i18n.t("verify.submit")} />
          {resendIn !== null &&
            (resendIn > 0 ? (
              <p class="hint">{i18n.t("verify.resendIn", { time: i18n.inTime(resendIn) })}</p>
            ) : (
              <button type="button" class="link" onClick={() => void step.resend()}>
                {i18n.t("verify.resend")}
              </button>
            ))}
          {props.back && (
            <button type="button" class="link" onClick={() => void step.back(props.back!)}>
              {i18n.t(props.back === "cancel" ? "app.cancel" : "verify.otherMethod")}
            </button>
          )}
        </div>
      </StepForm>
    </Step>
  );
}
