import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { SecurityInfoMethod } from "#contract/flows/envelope";
import type { LaterKey } from "../i18n/en-later";
import { Widget, useWidget } from "../ui/context";
import { Step } from "../ui/step";

/**
 * Where a sign-in stops before its token (contract/flows/sign-in-gates.ts): a reminder to
 * register security info that may be skipped until `dueAt`, a required registration, or a
 * reconfirmation ("Looks good") of the methods listed. The server's message says why. To
 * register, the user opens "My security info" right here, with the token the envelope carries
 * for it; when that flow is done, the sign-in continues by itself.
 */
export default function SignInGate() {
  const context = useWidget();
  const { model, i18n } = context;
  const current = model.flow.value;
  const state = current?.state;
  const registration = current?.ui.registration;
  const methods = current?.ui.securityInfo?.methods ?? [];
  const name = (method: SecurityInfoMethod) => i18n.t(`info.${method.type}` as LaterKey, { hint: method.hint ?? "" }).trim();
  const send = (action: "skip" | "continue" | "confirm") => () => void model.submit({ action });
  const opened = useSignal(false);
  const token = registration?.securityInfoToken;
  const canOpen = Boolean(token && context.nest);
  if (opened.value && token)
    return (
      <SecurityInfo
        token={token}
        onDone={() => {
          opened.value = false;
          void model.submit({ action: "continue" });
        }}
      />
    );
  const due = registration?.dueAt ? new Date(registration.dueAt).toLocaleDateString(i18n.locale, { dateStyle: "long" }) : null;

  if (state === "reconfirm")
    return (
      <Step title={i18n.t("gate.reconfirm.title")}>
        <h3 id="sesame-methods">{i18n.t("info.methods")}</h3>
        <ul aria-labelledby="sesame-methods">
          {methods.map((method) => (
            <li key={method.id}>{name(method)}</li>
          ))}
        </ul>
        <div class="actions">
          <button type="button" class="primary" onClick={send("confirm")}>
            {i18n.t("gate.confirm")}
          </button>
        </div>
      </Step>
    );

  return (
    <Step title={i18n.t("gate.register.title")}>
      {registration && <p>{i18n.t("gate.register.progress", { registered: registration.registered, required: registration.required })}</p>}
      {state === "registration_reminder" && due && <p class="muted">{i18n.t("gate.register.due", { date: due })}</p>}
      <div class="actions">
        {canOpen && (
          <button type="button" class="primary" onClick={() => (opened.value = true)}>
            {i18n.t("gate.setUp")}
          </button>
        )}
        <button type="button" class={canOpen ? "link" : "primary"} onClick={send("continue")}>
          {i18n.t("gate.continue")}
        </button>
        {state === "registration_reminder" && (
          <button type="button" class="link" onClick={send("skip")}>
            {i18n.t("gate.skip")}
          </button>
        )}
      </div>
    </Step>
  );
}

/** "My security info", opened inside the sign-in with the gate's token and drawn as its own widget would draw it. */
function SecurityInfo(props: { token: string; onDone: () => void }) {
  const context = useWidget();
  const { model: nested, Body } = useMemo(() => context.nest!(props.token), []);
  useEffect(() => {
    // The user asked for it: its first step takes the focus, as every later step does.
    nested.interacted.value = true;
    void nested.start();
    return () => nested[Symbol.dispose]();
  }, []);
  useSignalEffect(() => {
    if (nested.flow.value?.state === "done") props.onDone();
  });
  return (
    <Widget.Provider value={{ ...context, model: nested, flow: "security-info" }}>
      <Body />
    </Widget.Provider>
  );
}
