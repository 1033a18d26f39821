import { Hono } from "hono";
import { z } from "zod";
import { outboxEnabled, outboxOf, type OutboxEntry } from "../delivery/outbox/outbox";
import type { AppEnv } from "../env";
import { ApiError } from "../http/api-error";
import { query } from "../http/validate";

const OutboxQuery = z.strictObject({
  tenant: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const escapeHtml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(entries: OutboxEntry[]): string {
  const rows = entries
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.createdAt)}</td><td>${escapeHtml(m.tenantId)}</td><td>${escapeHtml(m.channel)}</td>` +
        `<td>${escapeHtml(m.to)}</td><td>${m.subject ? `<b>${escapeHtml(m.subject)}</b><br>` : ""}<pre>${escapeHtml(m.text)}</pre></td></tr>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Sesame dev outbox</title><style>body{font-family:sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}pre{margin:0;white-space:pre-wrap}</style></head>
<body><h1>Dev outbox</h1><p>Messages Sesame would have sent, newest first. Development and tests only.</p>
<table><thead><tr><th>When</th><th>Tenant</th><th>Channel</th><th>To</th><th>Message</th></tr></thead>
<tbody>${rows || `<tr><td colspan="5">No messages yet.</td></tr>`}</tbody></table></body></html>`;
}

/**
 * The dev outbox, for a developer running `wrangler dev` or a test: the messages that would have
 * gone out, codes included. Outside development and test it does not exist (404).
 */
export const devOutboxRoutes = new Hono<AppEnv>()
  .use("/dev/*", async (c, next) => {
    if (!outboxEnabled(c.env)) throw new ApiError("NOT_FOUND");
    c.header("Cache-Control", "no-store");
    await next();
  })
  .get("/dev/outbox.json", async (c) => {
    const { tenant, limit } = query(c, OutboxQuery);
    return c.json({ value: await outboxOf(c.env).list(limit, tenant) });
  })
  .get("/dev/outbox", async (c) => {
    const { tenant, limit } = query(c, OutboxQuery);
    return c.html(page(await outboxOf(c.env).list(limit, tenant)));
  });
