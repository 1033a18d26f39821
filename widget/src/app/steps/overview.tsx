import { useModel } from "@preact/signals";
import type { SecurityInfoMethod } from "#contract/flows/envelope";
import type { LaterKey } from "../i18n/en-later";
import { SecurityInfoModel, type Adding } from "../models/security-info";
import { useWidget } from "../ui/context";
import { Step } from "../ui/step";
import { AddForm } from "./security-info-forms";

/**
 * "My security info": the user's methods (masked, as everywhere), each with a way to remove it
 * (the server refuses removing one the policy still needs, and says so), adding an
 * phone, an email address, an authenticator app or security questions, saying it is all still
 * right ("reconfirm"), and finishing.
 */
/** A second, plainer button beside the primary one, as big a target. */
const SECONDARY = {
  minHeight: "2.75rem",
  padding: "0.5em 1.25em",
  border: "1px solid var(--c-border)",
  borderRadius: "calc(var(--sesame-radius, 0.5rem) * 0.75)",
  background: "transparent",
  color: "inherit",
};

export default function Overview() {
  const { model, i18n } = useWidget();
  const step = useModel(() => new SecurityInfoModel(model));
  const info = model.flow.value?.ui.securityInfo;
  const methods = info?.methods ?? [];
  const name = (method: SecurityInfoMethod) => i18n.t(`info.${method.type}` as LaterKey, { hint: method.hint ?? "" }).trim();
  const has = (type: SecurityInfoMethod["type"]) => methods.some((method) => method.type === type);
  const canSetQuestions = !has("securityQuestions") && (info?.questionsToRegister ?? 0) > 0 && (info?.questions.length ?? 0) >= (info?.questionsToRegister ?? 0);
  const add = (what: Exclude<Adding, null>, label: LaterKey) => (
    <button type="button" style={SECONDARY} onClick={() => step.open(what)}>
      {i18n.t(label)}
    </button>
  );
  return (
    <Step title={i18n.t("identify.security_info.title")} intro={i18n.t("info.intro")}>
      <h3 id="sesame-methods">{i18n.t("info.methods")}</h3>
      {methods.length === 0 ? (
        <p class="muted">{i18n.t("info.none")}</p>
      ) : (
        <ul aria-labelledby="sesame-methods" style={{ listStyle: "none", padding: 0 }}>
          {methods.map((method) => (
            <li key={method.id} style={{ display: "flex", flexWrap: "wrap", justifyContent: "space-between", gap: "0.5em", alignItems: "center" }}>
              <span>{name(method)}</span>
              <button type="button" class="link" aria-label={i18n.t("info.remove", { method: name(method) })} onClick={() => void model.submit({ action: "remove", methodId: method.id })}>
                {i18n.t("info.removeShort")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {step.adding.value ? (
        <AddForm step={step} secondary={SECONDARY} />
      ) : (
        <div class="actions">
          {add("phone", "info.addPhone")}
          {!has("email") && add("email", "info.addEmail")}
          {canSetQuestions && add("questions", "info.setQuestions")}
          {!has("authenticatorApp") && (
            <button type="button" style={SECONDARY} onClick={() => void model.submit({ action: "add_authenticator" })}>
              {i18n.t("info.addAuthenticator")}
            </button>
          )}
          {methods.length > 0 && (
            <button type="button" style={SECONDARY} onClick={() => void step.reconfirm()}>
              {i18n.t("info.reconfirm")}
            </button>
          )}
          <button type="button" class="primary" onClick={() => void model.submit({ action: "finish" })}>
            {i18n.t("info.finish")}
          </button>
        </div>
      )}
    </Step>
  );
}
