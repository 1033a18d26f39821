import { Hono } from "hono";
import {
  DecisionsQuerySchema,
  PhoneProtectionPatchSchema,
  publicPhoneProtection,
  ReportNumberSchema,
  riskReasonText,
  type RiskDecisionRecord,
} from "#contract/admin/phone-protection";
import { directoryOf } from "../directory/stub";
import type { AppEnv } from "../env";
import { unwrap } from "../http/api-error";
import { jsonBody, query } from "../http/validate";
import { iso } from "../lib/sql";
import { reportNumber } from "../risk/engine";
import { numberKey, signalsOf } from "../risk/keys";
import { spendTotals } from "../risk/spend/spend";

/**
 * Phone protection, admin-only (the tenants router's guard): the policy, every decision about a
 * number with its score and reasons ("why was this number refused?"), reports of numbers as
 * fraud, and the spend against the caps.
 */
export const phoneProtectionRoutes = new Hono<AppEnv>()
  .get("/v1/tenants/:tenant/policies/phoneProtection", async (c) =>
    c.json(publicPhoneProtection(unwrap(await directoryOf(c.env, c.var.tenantId).getPhoneProtection()))),
  )
  .patch("/v1/tenants/:tenant/policies/phoneProtection", async (c) => {
    const patch = await jsonBody(c, PhoneProtectionPatchSchema);
    return c.json(publicPhoneProtection(unwrap(await directoryOf(c.env, c.var.tenantId).updatePhoneProtection(patch))));
  })
  .get("/v1/tenants/:tenant/phoneProtection/decisions", async (c) => {
    const { phoneNumber, $top } = query(c, DecisionsQuerySchema);
    const { object, scope } = numberKey(c.env, phoneNumber);
    const stored = await signalsOf(c.env, object).decisions(c.var.tenantId, scope, $top);
    const value: (RiskDecisionRecord & { explanation: string[] })[] = stored.map(({ tenantId: _, time, ...row }) => ({
      ...row,
      time: iso(time),
      explanation: row.signals.map((s) => `${s.points >= 0 ? "+" : ""}${s.points} ${riskReasonText[s.reason]}`),
    }));
    return c.json({ phoneNumber, value });
  })
  .post("/v1/tenants/:tenant/phoneProtection/reports", async (c) => {
    const { phoneNumber } = await jsonBody(c, ReportNumberSchema);
    await reportNumber(c.env, phoneNumber);
    return c.body(null, 204);
  })
  .get("/v1/tenants/:tenant/phoneProtection/spend", async (c) => {
    const policy = unwrap(await directoryOf(c.env, c.var.tenantId).getPhoneProtection());
    const totals = await spendTotals(c.env, c.var.tenantId);
    return c.json({ currency: policy.spend.currency, day: totals.day, month: totals.month, dailyCap: policy.spend.dailyCap, monthlyCap: policy.spend.monthlyCap });
  });
