import { Hono } from "hono";
import { publicConfig } from "../directory/public-config";
import type { AppEnv } from "../env";
import { tenantCors } from "../http/tenant-cors";
import { unwrap } from "../http/api-error";

/** What the widget reads before its first step: the tenant's name, branding and helpdesk. */
export const publicConfigRoutes = new Hono<AppEnv>()
  .use("/v1/config", tenantCors((c) => c.req.query("tenant")))
  .get("/v1/config", async (c) => {
    const { allowedOrigins: _origins, ...config } = unwrap(await publicConfig(c.env, c.var.tenantId));
    c.header("Cache-Control", "no-store");
    return c.json(config);
  });
