import type { FlowType } from "#contract/flows/envelope";
import type { Env } from "../../env";
import { inboxOf } from "../../inbox/stubs";
import type { RequestMeta } from "./request-meta";

/**
 * A flow's view of the user's inbox (worker/src/inbox): approvals asked of the paired browser
 * extension (number matching, rate-limited and decided once by the inbox), and the block its
 * "this wasn't me" sets. Reset, unlock and password sign-in share it.
 */
export interface ExtensionPort {
  /** Whether the user reported "this wasn't me" and no one has cleared it since. */
  blocked(userId: string): Promise<boolean>;
  requestApproval(userId: string): Promise<{ ok: true; id: string; number: string; expiresAt: number } | { ok: false; code: "RATE_LIMITED"; retryAfter: number }>;
  approvalStatus(userId: string, approvalId: string): Promise<"pending" | "approved" | "denied" | "wrong_number" | "expired" | "unknown">;
}

/** The flows that may ask the extension for an approval (the inbox shows which one asks). */
type ApprovingFlow = { id: string; tenantId: string; type: Extract<FlowType, "reset" | "unlock" | "signin"> };

/** `fakeNow` is the flow's test clock (only a test worker accepts one), handed on to the inbox. */
export function extensionPort(env: Env, flow: ApprovingFlow, meta: RequestMeta, fakeNow?: number): ExtensionPort {
  const inbox = (userId: string) => inboxOf(env, flow.tenantId, userId);
  const timed = fakeNow !== undefined ? { now: fakeNow } : {};
  return {
    blocked: (userId) => inbox(userId).blocked(),
    requestApproval: (userId) =>
      inbox(userId).requestApproval({ tenantId: flow.tenantId, userId, flowId: flow.id, flowType: flow.type, ip: meta.ip, country: meta.country, device: meta.device, ...timed }),
    approvalStatus: (userId, approvalId) => inbox(userId).approvalStatus(approvalId, timed),
  };
}
