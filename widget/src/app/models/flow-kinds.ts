import type { EmbedFlow, EmbedResult } from "#contract/embed/options";
import type { FlowEnvelope } from "#contract/flows/envelope";

/**
 * What differs between the flows the widget renders: which states it can show, what the
 * first step asks for, and what the host page is handed at the end. Everything else (the
 * envelope, submits, errors, throttling) is shared by the flow model.
 */
export interface FlowKind {
  states: readonly string[];
  /** The identify step's field, named as the API's submit schema names it. */
  identifyField: "identifier" | "phoneNumber" | "userName";
  result(flow: FlowEnvelope): EmbedResult | undefined;
}

const resetStates = ["identify", "choose_method", "verify_code", "verify_extension", "answer_questions", "unlock_options", "new_password", "helpdesk", "done"];
/** Password sign-in (contract/flows/signin.ts): the gates hand over to security info. */
const signInStates = ["identify", "choose_method", "verify_code", "verify_extension", "registration_reminder", "registration_required", "reconfirm", "helpdesk", "done"];
const unlocked = (flow: FlowEnvelope) => flow.messages.some((message) => message.key === "ACCOUNT_UNLOCKED");
const signedIn = (embed: "sms-signin" | "signin") => (flow: FlowEnvelope): EmbedResult | undefined =>
  flow.ui.token ? { flow: embed, flowId: flow.id, token: flow.ui.token } : undefined;

export const flowKinds: Record<EmbedFlow, FlowKind> = {
  reset: {
    states: resetStates,
    identifyField: "identifier",
    result: (flow) => ({ flow: "reset", flowId: flow.id, outcome: "password_reset" }),
  },
  unlock: {
    states: resetStates,
    identifyField: "identifier",
    // Unlock may end with the password kept or changed; the server's message says which.
    result: (flow) => ({ flow: "unlock", flowId: flow.id, outcome: unlocked(flow) ? "account_unlocked" : "password_reset" }),
  },
  "sms-signin": { states: ["identify", "verify_code", "done"], identifyField: "phoneNumber", result: signedIn("sms-signin") },
  // The password rides along with the user name: see IdentifyModel.
  signin: { states: signInStates, identifyField: "userName", result: signedIn("signin") },
  "security-info": {
    states: ["overview", "verify_code", "verify_totp", "done"],
    identifyField: "identifier",
    result: (flow) => ({ flow: "security-info", flowId: flow.id, outcome: "methods_updated" }),
  },
};
