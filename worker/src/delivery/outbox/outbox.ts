import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { DeliveryChannelSchema } from "#contract/admin/providers";
import type { Env } from "../../env";
import { log } from "../../http/log";
import { iso, migrate } from "../../lib/sql";
import { OUTBOX_MAX_MESSAGES, OUTBOX_RETENTION_SECONDS } from "../../limits";
import type { OutboundMessage } from "../types";

const steps = [
  `CREATE TABLE messages (
     id TEXT PRIMARY KEY,
     tenant_id TEXT NOT NULL,
     flow_id TEXT NOT NULL,
     channel TEXT NOT NULL,
     to_address TEXT NOT NULL,
     locale TEXT NOT NULL,
     subject TEXT,
     text TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX messages_by_time ON messages(created_at);`,
];

const OutboxMessageSchema = z.object({
  messageId: z.string().min(1).max(64),
  tenantId: z.string().max(64),
  flowId: z.string().max(128),
  channel: DeliveryChannelSchema,
  to: z.string().max(254),
  locale: z.string().max(16),
  text: z.string().max(4000),
  subject: z.string().max(300).optional(),
});

export interface OutboxEntry {
  id: string;
  tenantId: string;
  flowId: string;
  channel: string;
  to: string;
  locale: string;
  subject: string | null;
  text: string;
  createdAt: string;
}

type Row = {
  id: string;
  tenant_id: string;
  flow_id: string;
  channel: string;
  to_address: string;
  locale: string;
  subject: string | null;
  text: string;
  created_at: number;
};

/** Only development and tests have an outbox; production config never reaches one. */
export const outboxEnabled = (env: Pick<Env, "SESAME_ENV">): boolean =>
  env.SESAME_ENV === "development" || env.SESAME_ENV === "test";

/**
 * The dev outbox: messages that would have gone to a phone or an inbox, kept for a developer to
 * read at /dev/outbox. It holds codes in clear by design, so it refuses to work unless the worker
 * runs in development or test; the newest OUTBOX_MAX_MESSAGES are kept for a day.
 */
export class Outbox extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  /**
   * Does nothing and touches no storage: `npm run bench` times it as the platform's own cost of
   * one Durable Object round trip (worker/src/routes/dev-bench.ts). Refused in production.
   */
  ping(): number {
    if (!outboxEnabled(this.env)) throw new Error("ping is for local benchmarks only");
    return 1;
  }

  async put(raw: OutboundMessage): Promise<void> {
    if (!outboxEnabled(this.env)) throw new Error("the dev outbox is disabled outside development and test");
    const message = OutboxMessageSchema.parse(raw);
    const now = Date.now();
    this.sql.exec(
      `INSERT OR REPLACE INTO messages (id, tenant_id, flow_id, channel, to_address, locale, subject, text, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      message.messageId,
      message.tenantId,
      message.flowId,
      message.channel,
      message.to,
      message.locale,
      message.subject ?? null,
      message.text,
      now,
    );
    this.sql.exec(
      "DELETE FROM messages WHERE id NOT IN (SELECT id FROM messages ORDER BY created_at DESC, id DESC LIMIT ?)",
      OUTBOX_MAX_MESSAGES,
    );
    // Printing the message is the outbox's job in `wrangler dev`; tests keep logs free of codes.
    if (this.env.SESAME_ENV === "development") {
      log("info", "outbox.message", { channel: message.channel, to: message.to, subject: message.subject, text: message.text });
    } else {
      log("info", "outbox.message", { channel: message.channel, messageId: message.messageId });
    }
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + OUTBOX_RETENTION_SECONDS * 1000);
  }

  list(limit = 50, tenantId?: string): OutboxEntry[] {
    if (!outboxEnabled(this.env)) return [];
    const rows = tenantId
      ? this.sql.exec<Row>("SELECT * FROM messages WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT ?", tenantId, limit)
      : this.sql.exec<Row>("SELECT * FROM messages ORDER BY created_at DESC, id DESC LIMIT ?", limit);
    return rows.toArray().map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      flowId: row.flow_id,
      channel: row.channel,
      to: row.to_address,
      locale: row.locale,
      subject: row.subject,
      text: row.text,
      createdAt: iso(row.created_at),
    }));
  }

  override async alarm(): Promise<void> {
    const cutoff = Date.now() - OUTBOX_RETENTION_SECONDS * 1000;
    this.sql.exec("DELETE FROM messages WHERE created_at <= ?", cutoff);
    const oldest = this.sql.exec<{ at: number | null }>("SELECT MIN(created_at) AS at FROM messages").one().at;
    if (oldest !== null) await this.ctx.storage.setAlarm(oldest + OUTBOX_RETENTION_SECONDS * 1000);
  }
}

/** The one dev outbox of this worker. Never on a hot path: it exists only outside production. */
export const outboxOf = (env: Env) => env.OUTBOX.get(env.OUTBOX.idFromName("dev"));
