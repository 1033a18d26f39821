import type { EmbedTheme } from "#contract/embed/options";
import type { MessageKey } from "../i18n/en";
import { embedFlowType } from "#contract/embed/options";
import type { FlowApi } from "../api";
import { FlowModel } from "../models/flow";
import { retryStep, stepFailed, stepFor } from "../steps/registry";
import { brandProperties } from "./contrast";
import { Widget, useWidget, type WidgetContext } from "./context";
import { Step } from "./step";

/** The whole widget: branding, then whatever the flow's view calls for. */
export function WidgetView(props: { context: WidgetContext; theme: EmbedTheme }) {
  const { model, i18n } = props.context;
  const config = model.config.value;
  const name = config?.branding.name ?? config?.displayName;
  return (
    <Widget.Provider value={props.context}>
      <div class={`root ${props.theme}`} lang={i18n.locale} style={brandProperties(config?.branding)} aria-busy={model.busy.value ? "true" : undefined}>
        {/* Always there, with its height reserved, so the name arriving later moves nothing. */}
        <p class="brand">
          {config?.branding.logoUrl && <img src={config.branding.logoUrl} alt="" width={32} height={32} />}
          {name && <span>{name}</span>}
        </p>
        <Body />
      </div>
    </Widget.Provider>
  );
}

function Loading() {
  const { i18n } = useWidget();
  return (
    <div class="loading">
      <span class="spinner" aria-hidden="true" />
      <span>{i18n.t("app.loading")}</span>
    </div>
  );
}

/** What `WidgetContext.nest` gives a sign-in gate: "My security info" with the gate's token. */
export const nest = (api: FlowApi, tenant: string) => (token: string) => ({
  model: new FlowModel({ api: api.withToken(token), flow: "security-info", tenant }),
  Body,
});

function Body() {
  const { model, i18n, flow } = useWidget();
  const view = model.view.value;
  const state = model.state.value;
  const title = i18n.t(`identify.${embedFlowType[flow]}.title` as MessageKey);

  if (view === "step" && state) {
    if (stepFailed(state)) return <Problem title={title} retry={() => retryStep(state)} />;
    const Component = stepFor(state);
    return Component ? <Component key={state} /> : <Loading />;
  }
  if (view === "expired") return <Problem title={title} retry={model.start} label={i18n.t("app.startOver")} />;
  if (view === "blocked") {
    const fatal = ["TENANT_NOT_FOUND", "ORIGIN_NOT_ALLOWED", "OPTIONS_INVALID", "STATE_UNSUPPORTED", "UNAUTHENTICATED"].includes(model.errorCode.value ?? "");
    return <Problem title={title} {...(fatal ? {} : { retry: model.start })} />;
  }
  return <Loading />;
}

/** A box in place of a step: the alert says what went wrong; a retry where one can help. */
function Problem(props: { title: string; retry?: () => unknown; label?: string }) {
  const { i18n, model } = useWidget();
  return (
    <Step title={props.title}>
      {!model.errorCode.value && <p class="error">{i18n.t("error.NETWORK_ERROR")}</p>}
      {props.retry && (
        <div class="actions">
          <button type="button" class="primary" onClick={() => void props.retry!()}>
            {props.label ?? i18n.t("app.tryAgain")}
          </button>
        </div>
      )}
    </Step>
  );
}
