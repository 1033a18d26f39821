import { useModel, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { MessageKey } from "../i18n/en";
import { IdentifyModel } from "../models/identify";
import { flowKinds } from "../models/flow-kinds";
import { embedFlowType } from "#contract/embed/options";
import { useWidget } from "../ui/context";
import { StepForm, SubmitButton, TextField } from "../ui/fields";
import { Step } from "../ui/step";

/** Who is this: a user name, email or phone (reset, unlock), a user name and password (sign-in), or a mobile number (SMS sign-in). */
export default function Identify() {
  const { model, i18n, flow } = useWidget();
  const field = flowKinds[flow].identifyField;
  const step = useModel(() => new IdentifyModel(model, field));
  const type = embedFlowType[flow];
  const phone = field === "phoneNumber";
  const withPassword = field === "userName";
  return (
    // Sign-in's two labelled fields say it all: no intro, so the step fits the box the page reserves.
    <Step title={i18n.t(`identify.${type}.title` as MessageKey)} intro={withPassword ? undefined : i18n.t(`identify.${type}.intro` as MessageKey)}>
      <StepForm onSubmit={step.submit}>
        <TextField
          id="sesame-identifier"
          label={i18n.t(phone ? "identify.phoneNumber" : withPassword ? "identify.userName" : "identify.identifier")}
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
        {withPassword && (
          <TextField
            id="sesame-password"
            label={i18n.t("identify.password")}
            type="password"
            autocomplete="current-password"
            value={step.password.value}
            onValue={step.inputPassword}
            problem={step.passwordMissing.value ? i18n.t("app.required") : null}
          />
        )}
        <Turnstile />
        {/* Present from the start, so a screen reader announces the text when it appears. */}
        <p class="muted" role="status">
          {model.captcha.checking.value ? i18n.t("captcha.checking") : ""}
        </p>
        <div class="actions">
          <SubmitButton label={i18n.t("app.next")} />
        </div>
      </StepForm>
    </Step>
  );
}

/** Turnstile's own widget, when the tenant chose Turnstile: its chunk and script load only then. */
function Turnstile() {
  const { model, i18n } = useWidget();
  const box = useRef<HTMLDivElement>(null);
  const failed = useSignal(false);
  const captcha = model.flow.value?.ui.captcha;
  const challenge = captcha?.provider === "turnstile" ? (captcha.challenge as { siteKey: string; action: string; cData: string }) : null;
  const siteKey = challenge?.siteKey;
  useEffect(() => {
    if (!challenge || !box.current) return;
    let stop = () => {};
    let stopped = false;
    const theme = box.current.closest(".dark") ? "dark" : box.current.closest(".light") ? "light" : "auto";
    const onError = () => (failed.value = true);
    import("../captcha/turnstile").then(
      ({ mountTurnstile }) => {
        if (!stopped && box.current) stop = mountTurnstile(box.current, challenge, model.captcha, { language: i18n.locale.toLowerCase(), theme, onError });
      },
      onError,
    );
    return () => {
      stopped = true;
      stop();
    };
  }, [siteKey]);
  if (!challenge) return null;
  return (
    <div>
      <div class="turnstile" ref={box} />
      {failed.value && <p class="error">{i18n.t("error.CAPTCHA_INVALID")}</p>}
    </div>
  );
}
