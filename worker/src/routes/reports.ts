import { Hono } from "hono";
import { RegistrationReportQuery, SmsReportQuery, UsageReportQuery, VitalsReportQuery } from "#contract/admin/reports";
import { usageReport, USAGE_DEFAULT_DAYS } from "../audit/usage";
import { directoryOf } from "../directory/stub";
import type { AppEnv } from "../env";
import { ApiError, unwrap } from "../http/api-error";
import { query } from "../http/validate";
import { smsReport } from "../risk/spend/sms-stats";
import { vitalsReport } from "../vitals/report";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Entra-style reports: who registered which methods (and who has none), from the directory;
 * resets and unlocks by method and result, from the audit log.
 */
export const reports = new Hono<AppEnv>()
  .get("/v1/tenants/:tenant/reports/registration", async (c) => {
    const { $top, $skiptoken, isSsprRegistered, hasMethods } = query(c, RegistrationReportQuery);
    const request = { top: $top, skipToken: $skiptoken, isSsprRegistered, hasMethods };
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).registrationReport(request)));
  })
  .get("/v1/tenants/:tenant/reports/usage", async (c) => {
    const range = query(c, UsageReportQuery);
    const to = range.to === undefined ? Date.now() : Date.parse(range.to);
    const from = range.from === undefined ? to - USAGE_DEFAULT_DAYS * DAY_MS : Date.parse(range.from);
    if (from > to) throw new ApiError("VALIDATION_FAILED", [{ path: "from", issue: "must not be after to" }]);
    unwrap(await directoryOf(c.env, c.var.tenantId).getTenant());
    return c.json(await usageReport(c.env, c.var.tenantId, from, to));
  })
  // Codes sent, verified and refused per destination country, with cost and money saved.
  .get("/v1/tenants/:tenant/reports/sms", async (c) => {
    const { days } = query(c, SmsReportQuery);
    unwrap(await directoryOf(c.env, c.var.tenantId).getTenant());
    return c.json(await smsReport(c.env, c.var.tenantId, days));
  })
  // The widget's performance, from the web vitals sampled widgets report.
  .get("/v1/tenants/:tenant/reports/vitals", async (c) => {
    const { days } = query(c, VitalsReportQuery);
    unwrap(await directoryOf(c.env, c.var.tenantId).getTenant());
    return c.json(await vitalsReport(c.env, c.var.tenantId, days));
  });
