import type { FlowType } from "../flows/envelope";

/**
 * The flows a widget can show (`data-flow`), and the API's flow type for each (the API uses
 * snake case, HTML kebab case). No zod here: the first-load script imports this module.
 */
export const EmbedFlows = ["reset", "unlock", "sms-signin", "signin", "security-info"] as const;
export type EmbedFlow = (typeof EmbedFlows)[number];

export const embedFlowType = {
  reset: "reset",
  unlock: "unlock",
  "sms-signin": "sms_signin",
  signin: "signin",
  "security-info": "security_info",
} as const satisfies Record<EmbedFlow, FlowType>;

/** Same shape as the admin API's tenant ids (contract/admin/common.ts), without full zod. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;
