import type { SecurityInfoMethod } from "#contract/flows/envelope";
import type { LaterKey } from "../i18n/en-later";
import { useWidget } from "../ui/context";
import { Step } from "../ui/step";

/**
 * Where a sign-in stops before its token (contract/flows/sign-in-gates.ts): a reminder to
 * register security info that may be skipped until `dueAt`, a required registration, or a
 * reconfirmation ("Looks good") of the methods listed. The server's message says why.
 */
export default function SignInGate() {
  const { model, i18n } = useWidget();
  const current = model.flow.value;
  const state = current?.state;
  const registration = current?.ui.registration;
  const methods = current?.ui.securityInfo?.methods ?? [];
  const name = (method: SecurityInfoMethod) => i18n.t(`info.${method.type}` as LaterKey, { hint: method.hint ?? "" }).trim();
  const send = (action: "skip" | "continue" | "confirm") => () => void model.submit({ action });
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
        <button type="button" class="primary" onClick={send("continue")}>
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
