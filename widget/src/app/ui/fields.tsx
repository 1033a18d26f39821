import type { ComponentChildren } from "preact";
import { useWidget } from "./context";

/** The input attributes the steps use; Preact's own input types are a union per `type`. */
interface InputProps {
  type: "text" | "tel" | "email" | "password";
  autocomplete?: string;
  inputMode?: "text" | "tel" | "email" | "numeric";
  autoCapitalize?: "none";
  spellcheck?: boolean;
  pattern?: string;
  maxLength?: number;
}

/**
 * A labelled text input. Its hint, its own problem and the step's alert are tied to it with
 * aria-describedby, so a screen reader hears why it is invalid when it lands on it.
 */
export function TextField(
  props: InputProps & { id: string; label: string; value: string; onValue: (value: string) => void; hint?: string; problem?: string | null; describedBy?: string; ownErrorsOnly?: boolean },
) {
  const { model } = useWidget();
  const { id, label, value, onValue, hint, problem, describedBy: extra, ownErrorsOnly, ...input } = props;
  // The server's refusal concerns the step's main field, not (say) the password confirmation.
  const serverError = !ownErrorsOnly && model.error.value !== null;
  const describedBy = [hint && `${id}-hint`, extra, problem && `${id}-problem`, serverError && "sesame-alert"].filter(Boolean).join(" ");
  return (
    <div>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input
        // Preact types each input `type` apart; every attribute here is valid for all four.
        type={input.type as "text"}
        autocomplete={input.autocomplete}
        inputMode={input.inputMode}
        autoCapitalize={input.autoCapitalize}
        spellcheck={input.spellcheck}
        pattern={input.pattern}
        maxLength={input.maxLength}
        id={id}
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-invalid={problem || serverError ? "true" : undefined}
        aria-describedby={describedBy || undefined}
      />
      {problem && (
        <p class="error" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </div>
  );
}

/**
 * The step's form: no native validation bubbles (their language is the browser's, not the
 * widget's), Enter submits, and a second submit while one is in flight is ignored.
 */
export function StepForm(props: { onSubmit: () => unknown; children: ComponentChildren }) {
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void props.onSubmit();
      }}
    >
      {props.children}
    </form>
  );
}

/**
 * The step's main button. aria-disabled rather than disabled while busy or throttled: a disabled
 * button drops the keyboard focus, which would send it back to the top of the host page.
 */
export function SubmitButton(props: { label: string }) {
  const { model } = useWidget();
  const blocked = model.busy.value || model.throttled.value;
  return (
    <button type="submit" class="primary" aria-disabled={blocked ? "true" : undefined}>
      {props.label}
    </button>
  );
}
