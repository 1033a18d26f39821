import type { Device } from "#contract/device";
import type { ApprovalDecision, ApprovalOutcome, ApprovalRequest } from "#contract/extension";
import { fail, ok, type Result } from "../http/api-error";
import { newId, timingSafeEqualText } from "../lib/crypto";
import { APPROVAL_TTL_SECONDS, APPROVAL_WINDOW_SECONDS, APPROVALS_PER_WINDOW } from "../limits";

export type ApprovalRow = {
  id: string;
  flow_id: string;
  flow_type: ApprovalRequest["flowType"];
  number: string;
  created_at: number;
  expires_at: number;
  status: "pending" | ApprovalOutcome;
  ip: string | null;
  country: string | null;
  device: string | null;
};

export type ApprovalStatus = "pending" | ApprovalOutcome | "expired" | "unknown";

export interface OpenApproval {
  flowId: string;
  flowType: ApprovalRequest["flowType"];
  ip: string | null;
  country: string | null;
  device: Device | null;
}

/** The number the page shows and the user types: two digits, 10–99, uniform from the CSPRNG. */
export function matchingNumber(): string {
  const byte = new Uint8Array(1);
  for (;;) {
    crypto.getRandomValues(byte);
    // 180 is the largest multiple of 90 below 256: no number is likelier than another.
    if (byte[0]! < 180) return String(10 + (byte[0]! % 90));
  }
}

export const approvalView = (row: ApprovalRow): ApprovalRequest => ({
  id: row.id,
  flowType: row.flow_type,
  at: new Date(row.created_at).toISOString(),
  expiresAt: new Date(row.expires_at).toISOString(),
  ip: row.ip,
  country: row.country,
  device: row.device ? (JSON.parse(row.device) as Device) : null,
});

export const statusOf = (row: ApprovalRow, now: number): ApprovalStatus => (row.status === "pending" && row.expires_at <= now ? "expired" : row.status);

/**
 * Opens an approval, replacing one still pending (one prompt at a time), unless the user has
 * had `APPROVALS_PER_WINDOW` prompts in the window already.
 */
export type Opened = { ok: true; row: ApprovalRow } | { ok: false; code: "RATE_LIMITED"; retryAfter: number };

export function openApproval(sql: SqlStorage, input: OpenApproval, now: number): Opened {
  const windowStart = now - APPROVAL_WINDOW_SECONDS * 1000;
  const recent = sql.exec<{ created_at: number }>("SELECT created_at FROM approvals WHERE created_at > ? ORDER BY created_at", windowStart).toArray();
  if (recent.length >= APPROVALS_PER_WINDOW) {
    const retryAfter = Math.max(1, Math.ceil((recent[0]!.created_at + APPROVAL_WINDOW_SECONDS * 1000 - now) / 1000));
    return { ok: false, code: "RATE_LIMITED", retryAfter };
  }
  sql.exec("UPDATE approvals SET status = 'denied' WHERE status = 'pending'");
  const row = sql
    .exec<ApprovalRow>(
      `INSERT INTO approvals (id, flow_id, flow_type, number, created_at, expires_at, status, ip, country, device)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING *`,
      newId("apr"),
      input.flowId,
      input.flowType,
      matchingNumber(),
      now,
      now + APPROVAL_TTL_SECONDS * 1000,
      input.ip,
      input.country,
      input.device ? JSON.stringify(input.device) : null,
    )
    .one();
  return { ok: true, row };
}

/** Decides a pending approval once: a wrong number fails it as surely as a denial. */
export function decideApproval(sql: SqlStorage, id: string, decision: ApprovalDecision, now: number): Result<{ outcome: ApprovalOutcome; flowId: string }> {
  const row = sql.exec<ApprovalRow>("SELECT * FROM approvals WHERE id = ?", id).toArray()[0];
  if (!row) return fail("NOT_FOUND");
  const status = statusOf(row, now);
  if (status === "expired") return fail("APPROVAL_EXPIRED");
  if (status !== "pending") return fail("APPROVAL_DECIDED");
  const outcome: ApprovalOutcome = decision.decision === "deny" ? "denied" : timingSafeEqualText(decision.number, row.number) ? "approved" : "wrong_number";
  sql.exec("UPDATE approvals SET status = ? WHERE id = ?", outcome, id);
  return ok({ outcome, flowId: row.flow_id });
}
