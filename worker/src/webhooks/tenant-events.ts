import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { AlertKindSchema, type Alert } from "#contract/admin/alerts";
import {
  CreateWebhookEndpointSchema,
  PatchWebhookEndpointSchema,
  WebhookEventTypeSchema,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookEndpoint,
  type WebhookEndpointCreated,
  type WebhookEventType,
  type WebhookPayload,
} from "#contract/admin/webhooks";
import type { Env } from "../env";
import { deliverInBackground } from "../delivery/deliver";
import { renderNotice } from "../delivery/messages/notices";
import { directoryOf } from "../directory/stub";
import { fail, ok, type Result } from "../http/api-error";
import { log } from "../http/log";
import { newId } from "../lib/crypto";
import { iso, isoOrNull, migrate } from "../lib/sql";
import {
  ALERT_RETENTION_MS,
  WEBHOOK_ATTEMPT_TIMEOUT_MS,
  WEBHOOK_DELIVERIES_PER_RUN,
  WEBHOOK_DELIVERY_RETENTION_MS,
  WEBHOOK_ENDPOINTS_MAX,
  WEBHOOK_RETRY_DELAYS_MS,
} from "../limits";
import { messageIdOf, newWebhookSecret, signedHeaders } from "./sign";

const steps = [
  `CREATE TABLE endpoints (id TEXT PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL, description TEXT NOT NULL,
     enabled INTEGER NOT NULL, secret TEXT NOT NULL, created_at INTEGER NOT NULL);
   CREATE TABLE deliveries (id TEXT PRIMARY KEY, endpoint_id TEXT NOT NULL, message_id TEXT NOT NULL, type TEXT NOT NULL,
     payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, next_at INTEGER, last_status INTEGER,
     last_error TEXT, created_at INTEGER NOT NULL, delivered_at INTEGER);
   CREATE INDEX deliveries_due ON deliveries(status, next_at);
   CREATE INDEX deliveries_by_time ON deliveries(created_at);
   CREATE TABLE alerts (id TEXT PRIMARY KEY, kind TEXT NOT NULL, country TEXT NOT NULL, hour INTEGER NOT NULL,
     count INTEGER NOT NULL, baseline REAL NOT NULL, raised_at INTEGER NOT NULL, acknowledged_at INTEGER,
     UNIQUE (kind, country, hour));`,
];

type EndpointRow = { id: string; url: string; events: string; description: string; enabled: number; secret: string; created_at: number };
type DeliveryRow = {
  id: string;
  endpoint_id: string;
  message_id: string;
  type: string;
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
};
type AlertRow = { id: string; kind: string; country: string; hour: number; count: number; baseline: number; raised_at: number; acknowledged_at: number | null };

const EmitSchema = z.strictObject({
  type: WebhookEventTypeSchema,
  eventId: z.string().regex(/^[a-z]{1,4}_[A-Za-z0-9_-]{8,40}$/),
  time: z.number().int().nonnegative(),
  data: z.record(z.string(), z.unknown()),
});
export type EmitInput = z.infer<typeof EmitSchema>;

const RaiseSchema = z.strictObject({
  /** The tenant this object is for (it is named by it), to reach its admins. */
  tenantId: z.string().min(3).max(40),
  kind: AlertKindSchema,
  country: z.string().regex(/^[A-Z]{2}$/).nullable(),
  hour: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  baseline: z.number().nonnegative(),
});
export type RaiseAlertInput = z.infer<typeof RaiseSchema>;

const endpointOf = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  events: JSON.parse(row.events) as WebhookEventType[],
  description: row.description,
  enabled: row.enabled === 1,
  createdAt: iso(row.created_at),
  secretHint: row.secret.slice(-4),
});

const deliveryOf = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  endpointId: row.endpoint_id,
  messageId: row.message_id,
  type: row.type as WebhookEventType,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: isoOrNull(row.next_at),
  lastStatus: row.last_status,
  lastError: row.last_error,
  createdAt: iso(row.created_at),
  deliveredAt: isoOrNull(row.delivered_at),
});

const alertOf = (row: AlertRow): Alert => ({
  id: row.id,
  kind: row.kind as Alert["kind"],
  country: row.country || null,
  hour: iso(row.hour),
  count: row.count,
  baseline: Math.round(row.baseline * 100) / 100,
  raisedAt: iso(row.raised_at),
  acknowledgedAt: isoOrNull(row.acknowledged_at),
});

/**
 * One tenant's outgoing events (`idFromName(tenantId)`): its webhook endpoints, a delivery per
 * event and endpoint, and the alerts raised. Every attempt runs from the alarm, so a slow or
 * failing receiver never slows a request, and retries survive restarts: a delivery is pending
 * with the time of its next attempt until a 2xx (delivered) or the schedule runs out (failed).
 * Only events a tenant subscribed to reach this object (webhooks/emit.ts filters first).
 */
export class TenantEvents extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  listEndpoints(): WebhookEndpoint[] {
    return this.sql.exec<EndpointRow>("SELECT * FROM endpoints ORDER BY created_at").toArray().map(endpointOf);
  }

  hasEndpoints(): boolean {
    return this.sql.exec("SELECT 1 FROM endpoints WHERE enabled = 1 LIMIT 1").toArray().length > 0;
  }

  createEndpoint(raw: unknown): Result<WebhookEndpointCreated> {
    const input = CreateWebhookEndpointSchema.parse(raw);
    const count = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM endpoints").one().n;
    if (count >= WEBHOOK_ENDPOINTS_MAX) return fail("WEBHOOK_ENDPOINTS_FULL");
    const id = newId("whe");
    const secret = newWebhookSecret();
    this.sql.exec(
      "INSERT INTO endpoints (id, url, events, description, enabled, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      id,
      input.url,
      JSON.stringify([...new Set(input.events)]),
      input.description,
      input.enabled ? 1 : 0,
      secret,
      Date.now(),
    );
    return ok({ ...endpointOf(this.endpointRow(id)!), secret });
  }

  updateEndpoint(id: string, raw: unknown): Result<WebhookEndpoint> {
    const patch = PatchWebhookEndpointSchema.parse(raw);
    const row = this.endpointRow(id);
    if (!row) return fail("WEBHOOK_ENDPOINT_NOT_FOUND");
    this.sql.exec(
      "UPDATE endpoints SET url = ?, events = ?, description = ?, enabled = ? WHERE id = ?",
      patch.url ?? row.url,
      patch.events ? JSON.stringify([...new Set(patch.events)]) : row.events,
      patch.description ?? row.description,
      patch.enabled === undefined ? row.enabled : patch.enabled ? 1 : 0,
      id,
    );
    return ok(endpointOf(this.endpointRow(id)!));
  }

  deleteEndpoint(id: string): Result<null> {
    if (!this.endpointRow(id)) return fail("WEBHOOK_ENDPOINT_NOT_FOUND");
    this.ctx.storage.transactionSync(() => {
      this.sql.exec("DELETE FROM endpoints WHERE id = ?", id);
      this.sql.exec("DELETE FROM deliveries WHERE endpoint_id = ?", id);
    });
    return ok(null);
  }

  /** Queues one delivery per enabled endpoint subscribed to the event's type; tries them at once. */
  async emit(raw: EmitInput): Promise<number> {
    const event = EmitSchema.parse(raw);
    const payload: WebhookPayload = { type: event.type, timestamp: iso(event.time), data: event.data };
    const body = JSON.stringify(payload);
    const now = Date.now();
    let queued = 0;
    for (const endpoint of this.sql.exec<EndpointRow>("SELECT * FROM endpoints WHERE enabled = 1").toArray()) {
      if (!(JSON.parse(endpoint.events) as string[]).includes(event.type)) continue;
      this.sql.exec(
        `INSERT INTO deliveries (id, endpoint_id, message_id, type, payload, status, attempts, next_at, created_at)
         VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
        newId("whd"),
        endpoint.id,
        messageIdOf(event.eventId),
        event.type,
        body,
        now,
        now,
      );
      queued++;
    }
    if (queued) await this.wake(now);
    return queued;
  }

  deliveries(query: { endpointId?: string | undefined; status?: WebhookDeliveryStatus | undefined; top: number }): WebhookDelivery[] {
    return this.sql
      .exec<DeliveryRow>(
        `SELECT * FROM deliveries WHERE (? IS NULL OR endpoint_id = ?) AND (? IS NULL OR status = ?) ORDER BY created_at DESC, id LIMIT ?`,
        query.endpointId ?? null,
        query.endpointId ?? null,
        query.status ?? null,
        query.status ?? null,
        query.top,
      )
      .toArray()
      .map(deliveryOf);
  }

  /** Sends a delivery again now, whatever its state: the admin's "redeliver". It keeps its message id. */
  async redeliver(id: string): Promise<Result<WebhookDelivery>> {
    const row = this.deliveryRow(id);
    if (!row) return fail("WEBHOOK_DELIVERY_NOT_FOUND");
    const now = Date.now();
    this.sql.exec("UPDATE deliveries SET status = 'pending', next_at = ?, delivered_at = NULL WHERE id = ?", now, id);
    await this.wake(now);
    return ok(deliveryOf(this.deliveryRow(id)!));
  }

  /** Records an alert once per kind, country and hour, and sends it to the endpoints that want alerts. */
  async raiseAlert(raw: RaiseAlertInput): Promise<Alert | null> {
    const input = RaiseSchema.parse(raw);
    const id = newId("alr");
    const now = Date.now();
    const inserted = this.sql
      .exec(
        `INSERT INTO alerts (id, kind, country, hour, count, baseline, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, country, hour) DO NOTHING`,
        id,
        input.kind,
        input.country ?? "",
        input.hour,
        input.count,
        input.baseline,
        now,
      ).rowsWritten;
    if (!inserted) return null;
    const alert = alertOf(this.sql.exec<AlertRow>("SELECT * FROM alerts WHERE id = ?", id).one());
    log("warn", "alert raised", { kind: alert.kind, country: alert.country, count: alert.count });
    await this.emit({ type: "alert.raised", eventId: id, time: now, data: { ...alert } });
    await this.tellAdmins(input.tenantId, alert);
    await this.wake(now + WEBHOOK_DELIVERY_RETENTION_MS);
    return alert;
  }

  alerts(top: number): Alert[] {
    return this.sql.exec<AlertRow>("SELECT * FROM alerts ORDER BY raised_at DESC LIMIT ?", top).toArray().map(alertOf);
  }

  acknowledgeAlert(id: string): Result<Alert> {
    const row = this.sql.exec<AlertRow>("SELECT * FROM alerts WHERE id = ?", id).toArray()[0];
    if (!row) return fail("ALERT_NOT_FOUND");
    if (row.acknowledged_at === null) this.sql.exec("UPDATE alerts SET acknowledged_at = ? WHERE id = ?", Date.now(), id);
    return ok(alertOf(this.sql.exec<AlertRow>("SELECT * FROM alerts WHERE id = ?", id).one()));
  }

  /** Tries what is due, then sleeps until the next attempt (or the next clean-up). */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const due = this.sql
      .exec<DeliveryRow>("SELECT * FROM deliveries WHERE status = 'pending' AND next_at <= ? ORDER BY next_at LIMIT ?", now, WEBHOOK_DELIVERIES_PER_RUN)
      .toArray();
    await Promise.all(due.map((row) => this.attempt(row)));
    this.sql.exec("DELETE FROM deliveries WHERE created_at < ? AND status != 'pending'", now - WEBHOOK_DELIVERY_RETENTION_MS);
    this.sql.exec("DELETE FROM alerts WHERE raised_at < ?", now - ALERT_RETENTION_MS);
    const next = this.sql.exec<{ at: number | null }>("SELECT MIN(next_at) AS at FROM deliveries WHERE status = 'pending'").one().at;
    const kept = this.sql.exec("SELECT 1 FROM deliveries UNION ALL SELECT 1 FROM alerts LIMIT 1").toArray().length > 0;
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(next, Date.now()));
    else if (kept) await this.ctx.storage.setAlarm(now + WEBHOOK_DELIVERY_RETENTION_MS);
  }

  private async attempt(row: DeliveryRow): Promise<void> {
    const endpoint = this.endpointRow(row.endpoint_id);
    if (!endpoint) return;
    const at = new Date();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(endpoint.url, {
        method: "POST",
        headers: signedHeaders(endpoint.secret, row.message_id, at, row.payload),
        body: row.payload,
        redirect: "manual",
        signal: AbortSignal.timeout(WEBHOOK_ATTEMPT_TIMEOUT_MS),
      });
      status = response.status;
      await response.body?.cancel();
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (caught) {
      // The error's name only: a message could carry the URL's credentials.
      error = (caught as Error)?.name === "TimeoutError" ? "timeout" : "unreachable";
    }
    const attempts = row.attempts + 1;
    if (error === null) {
      this.sql.exec(
        "UPDATE deliveries SET status = 'delivered', attempts = ?, next_at = NULL, last_status = ?, last_error = NULL, delivered_at = ? WHERE id = ?",
        attempts,
        status,
        Date.now(),
        row.id,
      );
      return;
    }
    // After the schedule (and after a manual redelivery past it), one failure more is final.
    const delay = WEBHOOK_RETRY_DELAYS_MS[attempts - 1];
    const next = delay === undefined ? null : Date.now() + delay;
    this.sql.exec(
      "UPDATE deliveries SET status = ?, attempts = ?, next_at = ?, last_status = ?, last_error = ? WHERE id = ?",
      next === null ? "failed" : "pending",
      attempts,
      next,
      status,
      error,
      row.id,
    );
  }

  /** Emails every admin of the tenant about the alert (in the background, after it is recorded). */
  private async tellAdmins(tenantId: string, alert: Alert): Promise<void> {
    const directory = directoryOf(this.env, tenantId);
    const [tenant, admins] = await Promise.all([directory.getTenant(), directory.listUsers({ top: 100, filter: [{ field: "role", op: "eq", value: "admin" }] })]);
    if (!tenant.ok || !admins.ok) return;
    const tenantName = tenant.value.branding.name ?? tenant.value.displayName;
    const what = alert.country ? `${alert.kind} ${alert.country}` : alert.kind;
    for (const admin of admins.value.value) {
      if (!admin.accountEnabled) continue;
      for (const to of admin.emails) {
        const rendered = renderNotice({ kind: "alert", channel: "email", locale: "en", tenantName, userName: what });
        deliverInBackground(this.ctx, this.env, { messageId: newId("msg"), tenantId, flowId: `alert/${alert.id}`, channel: "email", to, locale: rendered.locale, text: rendered.text, ...("subject" in rendered ? { subject: rendered.subject } : {}) });
      }
    }
  }

  private async wake(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private endpointRow(id: string): EndpointRow | undefined {
    return this.sql.exec<EndpointRow>("SELECT * FROM endpoints WHERE id = ?", id).toArray()[0];
  }

  private deliveryRow(id: string): DeliveryRow | undefined {
    return this.sql.exec<DeliveryRow>("SELECT * FROM deliveries WHERE id = ?", id).toArray()[0];
  }
}
