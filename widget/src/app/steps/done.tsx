import type { MessageKey } from "../i18n/en";
import { useWidget } from "../ui/context";
import { Step } from "../ui/step";

const TITLE = {
  reset: "done.reset.title",
  unlock: "done.unlock.title",
  "sms-signin": "done.signin.title",
  signin: "done.signin.title",
  "security-info": "done.info.title",
} as const satisfies Record<string, MessageKey>;

/**
 * The end. Sign-in flows hand the host page the token (through the callback and event, never
 * shown); reset tells the user to sign in with the new password, as Entra does: no automatic
 * sign-in after a reset.
 */
export default function Done() {
  const { model, i18n, flow } = useWidget();
  const result = model.result.value;
  const unlockedOnly = result && "outcome" in result && result.outcome === "account_unlocked";
  const key = flow === "unlock" && !unlockedOnly ? TITLE.reset : TITLE[flow];
  return <Step title={i18n.t(key)} />;
}
