import { Hono } from "hono";
import { VitalsReportSchema } from "#contract/embed/vitals";
import type { AppEnv } from "../env";
import { ApiError } from "../http/api-error";
import { log } from "../http/log";
import { tenantCors } from "../http/tenant-cors";
import { randomVitalsShard, vitalsShardOf } from "../vitals/report";

/**
 * Where sampled widgets report their web vitals. The widget sends them with a keepalive
 * `text/plain` fetch when the page is hidden (a simple request, so no preflight), hence the body
 * is read as text whatever its type. Each report becomes one structured log line per tenant,
 * which Workers Logs aggregates for the tenant's reports; nothing is stored per user.
 */
export const vitals = new Hono<AppEnv>()
  .use("/v1/vitals", tenantCors((c) => c.req.query("tenant")))
  .post("/v1/vitals", async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new ApiError("BAD_JSON");
    }
    const report = VitalsReportSchema.safeParse(body);
    if (!report.success) throw new ApiError("VALIDATION_FAILED");
    const fields = Object.fromEntries(report.data.metrics.flatMap((m) => [[m.name, m.value], [`${m.name}_widget`, m.widget ?? null]]));
    log("info", "widget vitals", { tenant: c.var.tenantId, flow: report.data.flow, ...fields });
    // And into the tenant's histograms, for the console's performance report (after the answer).
    const metrics = report.data.metrics.map(({ name, value, rating }) => ({ name, value, ...(rating ? { rating } : {}) }));
    c.executionCtx.waitUntil(vitalsShardOf(c.env, c.var.tenantId, randomVitalsShard()).record({ metrics }).catch(() => undefined));
    return c.body(null, 204);
  });
