import type { SecurityInfoMethod } from "#contract/flows/envelope";
import type { MessageKey } from "../i18n/en";
import { useWidget } from "../ui/context";
import { Step } from "../ui/step";

/**
 * "My security info": the user's methods (masked, as everywhere), each with a way to remove it
 * (the server refuses removing one the policy still needs, and says so), adding an
 * authenticator app, and finishing. Adding a phone, an email or security questions is not
 * offered here yet (docs/widget.md).
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
  const info = model.flow.value?.ui.securityInfo;
  const methods = info?.methods ?? [];
  const name = (method: SecurityInfoMethod) => i18n.t(`info.${method.type}` as MessageKey, { hint: method.hint ?? "" }).trim();
  const hasApp = methods.some((method) => method.type === "authenticatorApp");
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
      <div class="actions">
        {!hasApp && (
          <button type="button" style={SECONDARY} onClick={() => void model.submit({ action: "add_authenticator" })}>
            {i18n.t("info.addAuthenticator")}
          </button>
        )}
        <button type="button" class="primary" onClick={() => void model.submit({ action: "finish" })}>
          {i18n.t("info.finish")}
        </button>
      </div>
    </Step>
  );
}
