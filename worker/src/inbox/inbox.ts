import { DurableObject } from "cloudflare:workers";
import { HelloSchema, type Alert, type ApprovalDecision, type ApprovalOutcome, type ApprovalRequest, type InboxMessage } from "#contract/extension";
import type { Env } from "../env";
import { fail, ok, type Result } from "../http/api-error";
import { clockNow } from "../lib/clock";
import { migrate } from "../lib/sql";
import { INBOX_ALERTS_MAX, INBOX_PAGE_MAX, INBOX_RETENTION_DAYS } from "../limits";
import { alertOf, insertAlert, type AlertInput, type AlertRow } from "./alerts";
import { approvalView, decideApproval, openApproval, statusOf, type ApprovalRow, type ApprovalStatus, type OpenApproval } from "./approvals";
import { inboxMigrations } from "./schema";

const DAY_MS = 86_400_000;
const OPEN = 1;

/**
 * One user's inbox: their alerts (kept for a reconnecting extension), the extension's WebSockets
 * (hibernation API: an idle connection costs nothing), approval requests waiting for the user,
 * and the block "this wasn't me" puts on self-service reset. Everything about one user is
 * serialised here, so an approval is decided once and alerts are numbered without gaps.
 */
export class Inbox extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, inboxMigrations));
    // The extension's keep-alive is answered by the runtime, without waking a hibernating inbox.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** Stores an alert and pushes it to every connected extension. */
  async deliver(input: AlertInput): Promise<Alert> {
    this.remember(input.tenantId, input.userId);
    const alert = insertAlert(this.sql, input, Date.now());
    this.broadcast({ type: "alert", alert });
    await this.keepTidy();
    return alert;
  }

  /** Alerts after `after` (the polling fallback), pending approvals, and whether reset is blocked. */
  poll(after: number): { alerts: Alert[]; seq: number; blocked: boolean; approvals: ApprovalRequest[] } {
    return { alerts: this.alertsAfter(after), seq: this.lastSeq(), blocked: this.blocked(), approvals: this.pendingApprovals() };
  }

  // The extension's connection (the edge checked its signature before forwarding it here)

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response(null, { status: 426 });
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** The one message an extension sends: where it is up to. It gets what it missed, then `synced`. */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    let hello: ReturnType<typeof HelloSchema.safeParse> | null = null;
    try {
      hello = typeof message === "string" && message.length < 256 ? HelloSchema.safeParse(JSON.parse(message)) : null;
    } catch {
      hello = null;
    }
    if (!hello?.success) return ws.close(1008, "expected hello");
    let after = hello.data.after;
    for (;;) {
      const page = this.alertsAfter(after);
      for (const alert of page) this.send(ws, { type: "alert", alert });
      if (page.length < INBOX_PAGE_MAX) break;
      after = page.at(-1)!.seq;
    }
    for (const approval of this.pendingApprovals()) this.send(ws, { type: "approval", approval });
    this.send(ws, { type: "synced", seq: this.lastSeq(), blocked: this.blocked() });
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closed");
    } catch {
      // Already closed.
    }
  }

  // Approvals (asked by flows, answered by the extension)

  /** Opens an approval for a flow: one pending at a time, and only so many per window. */
  async requestApproval(
    input: OpenApproval & { tenantId: string; userId: string; now?: number },
  ): Promise<{ ok: true; id: string; number: string; expiresAt: number } | { ok: false; code: "RATE_LIMITED"; retryAfter: number }> {
    this.remember(input.tenantId, input.userId);
    const opened = openApproval(this.sql, input, clockNow(this.env, input.now));
    if (!opened.ok) return opened;
    this.broadcast({ type: "approval", approval: approvalView(opened.row) });
    await this.keepTidy();
    return { ok: true, id: opened.row.id, number: opened.row.number, expiresAt: opened.row.expires_at };
  }

  approvalStatus(id: string, fake: { now?: number } = {}): ApprovalStatus {
    const row = this.sql.exec<ApprovalRow>("SELECT * FROM approvals WHERE id = ?", id).toArray()[0];
    return row ? statusOf(row, clockNow(this.env, fake.now)) : "unknown";
  }

  /** The user's answer, from the extension: the number must match what the flow's page shows. */
  decide(id: string, decision: ApprovalDecision, fake: { now?: number } = {}): Result<{ outcome: ApprovalOutcome; flowId: string }> {
    return decideApproval(this.sql, id, decision, clockNow(this.env, fake.now));
  }

  // "This wasn't me"

  /**
   * Marks the alert reported, blocks self-service reset for the account, and ends any approval
   * still waiting; answers the alert so the edge can revoke sessions and tell the admins.
   */
  report(alertId: string): Result<{ alert: Alert; flowId: string | null; alreadyReported: boolean }> {
    const row = this.sql.exec<AlertRow>("SELECT * FROM alerts WHERE id = ?", alertId).toArray()[0];
    if (!row) return fail("NOT_FOUND");
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      this.sql.exec("UPDATE alerts SET reported = 1 WHERE id = ?", alertId);
      this.sql.exec("INSERT INTO block (id, since, alert_id) VALUES (1, ?, ?) ON CONFLICT(id) DO NOTHING", now, alertId);
      this.sql.exec("UPDATE approvals SET status = 'denied' WHERE status = 'pending'");
    });
    return ok({ alert: alertOf({ ...row, reported: 1 }), flowId: row.flow_id, alreadyReported: row.reported === 1 });
  }

  blocked(): boolean {
    return this.sql.exec("SELECT 1 FROM block").toArray().length > 0;
  }

  /** An admin, or the user after a fresh verified sign-in, lifts the block. */
  clearBlock(): boolean {
    return this.sql.exec("DELETE FROM block").rowsWritten > 0;
  }

  /** Forgets old alerts and approvals. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.sql.exec("DELETE FROM alerts WHERE at < ?", now - INBOX_RETENTION_DAYS * DAY_MS);
    this.sql.exec("DELETE FROM alerts WHERE seq <= (SELECT MAX(seq) FROM alerts) - ?", INBOX_ALERTS_MAX);
    this.sql.exec("DELETE FROM approvals WHERE expires_at < ?", now - DAY_MS);
    const left = this.sql.exec<{ n: number }>("SELECT (SELECT COUNT(*) FROM alerts) + (SELECT COUNT(*) FROM approvals) AS n").one().n;
    if (left > 0) await this.ctx.storage.setAlarm(now + DAY_MS);
  }

  // Inside

  private alertsAfter(after: number): Alert[] {
    return this.sql.exec<AlertRow>("SELECT * FROM alerts WHERE seq > ? ORDER BY seq LIMIT ?", after, INBOX_PAGE_MAX).toArray().map(alertOf);
  }

  private lastSeq(): number {
    return this.sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM alerts").one().seq ?? 0;
  }

  private pendingApprovals(): ApprovalRequest[] {
    return this.sql
      .exec<ApprovalRow>("SELECT * FROM approvals WHERE status = 'pending' AND expires_at > ? ORDER BY created_at", Date.now())
      .toArray()
      .map(approvalView);
  }

  private remember(tenantId: string, userId: string): void {
    if (this.sql.exec("SELECT 1 FROM meta").toArray().length === 0) this.sql.exec("INSERT INTO meta (tenant_id, user_id) VALUES (?, ?)", tenantId, userId);
  }

  private async keepTidy(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + DAY_MS);
  }

  private broadcast(message: InboxMessage): void {
    for (const ws of this.ctx.getWebSockets()) this.send(ws, message);
  }

  private send(ws: WebSocket, message: InboxMessage): void {
    if (ws.readyState !== OPEN) return;
    try {
      ws.send(JSON.stringify(message));
    } catch {
      // Closing: the extension resumes from its cursor when it reconnects.
    }
  }
}
