import { Hono, type Context } from "hono";
import { AuditQuerySchema } from "#contract/audit";
import { queryAudit } from "../audit/query";
import { auditCsv } from "../audit/csv";
import { auditShards } from "../audit/shards";
import type { AppEnv } from "../env";
import { ApiError, unwrap } from "../http/api-error";
import { query } from "../http/validate";

/** Page sizes: a JSON page is for a screen, a CSV page for a spreadsheet. */
export const AUDIT_PAGE_DEFAULT = 25;
export const AUDIT_PAGE_MAX = 100;
export const AUDIT_CSV_PAGE_DEFAULT = 1000;
export const AUDIT_CSV_PAGE_MAX = 1000;

const wantsCsv = (c: Context<AppEnv>, format: string | undefined) =>
  format === "csv" || (format === undefined && /\btext\/csv\b/i.test(c.req.header("accept") ?? ""));

/**
 * The tenant's audit log: filtered, paged like the users list (`{ value, skipToken? }`), or as
 * CSV (`?format=csv` or `Accept: text/csv`; the next page's URL in a `Link` header); and the
 * hash-chain check of every shard.
 */
export const auditLogs = new Hono<AppEnv>()
  .get("/v1/tenants/:tenant/auditLogs", async (c) => {
    const { from, to, $top, $skiptoken, format, ...filter } = query(c, AuditQuerySchema);
    const csv = wantsCsv(c, format);
    const top = $top ?? (csv ? AUDIT_CSV_PAGE_DEFAULT : AUDIT_PAGE_DEFAULT);
    if (top > (csv ? AUDIT_CSV_PAGE_MAX : AUDIT_PAGE_MAX)) {
      throw new ApiError("VALIDATION_FAILED", [{ path: "$top", issue: `at most ${csv ? AUDIT_CSV_PAGE_MAX : AUDIT_PAGE_MAX}` }]);
    }
    const range = { from: from === undefined ? undefined : Date.parse(from), to: to === undefined ? undefined : Date.parse(to) };
    const page = unwrap(await queryAudit(c.env, c.var.tenantId, { ...filter, ...range }, top, $skiptoken));
    if (!csv) return c.json(page);
    const headers: Record<string, string> = {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${c.var.tenantId}.csv"`,
      "Cache-Control": "no-store",
    };
    if (page.skipToken) {
      const next = new URL(c.req.url);
      next.searchParams.set("$skiptoken", page.skipToken);
      headers.Link = `<${next.pathname}${next.search}>; rel="next"`;
    }
    return c.body(auditCsv(page.value), 200, headers);
  })
  .get("/v1/tenants/:tenant/auditLogs/verify", async (c) => {
    const shards = await Promise.all(
      auditShards(c.env, c.var.tenantId).map(async ({ shard, stub }) => ({ shard, ...(await stub.verifyChain()) })),
    );
    return c.json({ ok: shards.every((shard) => shard.ok), shards });
  });
