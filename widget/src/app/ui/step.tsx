import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useWidget } from "./context";
import { errorText, messageText } from "./messages";

/**
 * The frame of every step: a heading that takes the focus when the step arrives after a user
 * action (never on page load, which would steal the host page's focus), the server's info
 * messages, and an always-present alert region so errors are announced when they appear.
 */
export function Step(props: { title: string; intro?: string | undefined; children?: ComponentChildren }) {
  const { model, i18n } = useWidget();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (model.interacted.peek()) heading.current?.focus();
  }, []);

  const error = model.error.value;
  const code = model.errorCode.value;
  const alert = code ? errorText(i18n, { code, retryAt: error?.retryAt ?? null }, model.retryIn.value) : null;
  const messages = model.flow.value?.messages ?? [];
  // A refusal already says what went wrong; the flow's own error messages would repeat it.
  const shown = messages.filter((message) => message.type === "info" || !code);

  return (
    <section aria-labelledby="sesame-step-title">
      <h2 id="sesame-step-title" tabIndex={-1} ref={heading}>
        {props.title}
      </h2>
      {shown.map((message) =>
        message.type === "info" ? (
          <p class="muted" key={message.id}>
            {messageText(i18n, message)}
          </p>
        ) : (
          <p class="error" key={message.id}>
            {messageText(i18n, message)}
          </p>
        ),
      )}
      {props.intro && <p>{props.intro}</p>}
      <div class="alert error" role="alert" id="sesame-alert">
        {alert}
      </div>
      {props.children}
    </section>
  );
}
