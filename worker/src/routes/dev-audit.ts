import { Hono } from "hono";
import { z } from "zod";
import { TenantId } from "#contract/admin/common";
import { auditShards } from "../audit/shards";
import type { AppEnv } from "../env";
import { ApiError } from "../http/api-error";
import { query } from "../http/validate";

const TamperQuery = z.strictObject({ tenant: TenantId });

/**
 * Development and tests only (404 elsewhere): tampers with the newest entry of the first
 * non-empty audit shard of a tenant, so the chain check can be seen to catch it.
 */
export const devAuditRoutes = new Hono<AppEnv>().post("/dev/audit/tamper", async (c) => {
  if (c.env.SESAME_ENV !== "development" && c.env.SESAME_ENV !== "test") throw new ApiError("NOT_FOUND");
  const { tenant } = query(c, TamperQuery);
  for (const { shard, stub } of auditShards(c.env, tenant)) {
    const tampered = await stub.tamperForDemo();
    if (tampered) return c.json({ tenant, shard, seq: tampered.seq });
  }
  throw new ApiError("NOT_FOUND");
});
