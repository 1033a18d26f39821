import type { Env } from "../../env";
import { inboxOf } from "../../inbox/stubs";
import type { RequestMeta } from "../shared/request-meta";
import type { ExtensionPort } from "./ports";
import type { ResetRecord } from "./record";

/** The reset flow's view of the user's inbox (worker/src/inbox): approvals and the report block. */
export function extensionPort(env: Env, record: ResetRecord, meta: RequestMeta): ExtensionPort {
  const inbox = (userId: string) => inboxOf(env, record.tenantId, userId);
  return {
    blocked: (userId) => inbox(userId).blocked(),
    requestApproval: (userId) => inbox(userId).requestApproval({ tenantId: record.tenantId, userId, flowId: record.id, flowType: record.type, ip: meta.ip, country: meta.country }),
    approvalStatus: (userId, approvalId) => inbox(userId).approvalStatus(approvalId),
  };
}
