import { useWidget } from "../ui/context";
import { Step } from "../ui/step";

/**
 * Where self-service cannot help (out of scope, disabled, too few methods): the tenant's
 * helpdesk. Unknown users land here exactly as known ones would, with the same words.
 */
export default function Helpdesk() {
  const { model, i18n } = useWidget();
  const helpdesk = model.flow.value?.ui.helpdesk ?? model.config.value?.helpdesk;
  return (
    <Step title={i18n.t("helpdesk.title")} intro={i18n.t("helpdesk.intro")}>
      {helpdesk?.text && <p>{helpdesk.text}</p>}
      {helpdesk?.link && (
        <p>
          <a href={helpdesk.link} target="_blank" rel="noopener noreferrer">
            {i18n.t("helpdesk.link")}
          </a>
        </p>
      )}
      {helpdesk?.email && (
        <p>
          <a href={`mailto:${helpdesk.email}`}>{i18n.t("helpdesk.email")}</a> ({helpdesk.email})
        </p>
      )}
    </Step>
  );
}
