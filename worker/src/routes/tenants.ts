import { Hono } from "hono";
import { z } from "zod";
import { PageQuery, TenantId } from "#contract/admin/common";
import { CreateTenantSchema, UpdateTenantSchema } from "#contract/admin/tenant";
import { requireOperator, requireTenantAdmin } from "../auth/admin-auth";
import { auditSettingsChanges } from "./console";
import { forgetPublicConfig } from "../directory/public-config";
import { directoryOf } from "../directory/stub";
import type { AppEnv } from "../env";
import { ApiError, unwrap } from "../http/api-error";
import { jsonBody, query } from "../http/validate";

const ApiKeyRequest = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const tenants = new Hono<AppEnv>()
  /** Creates a tenant, its first admin API key and its site key; both secrets are shown this once. */
  .post("/v1/tenants", requireOperator, async (c) => {
    const input = await jsonBody(c, CreateTenantSchema);
    const registry = c.env.REGISTRY.get(c.env.REGISTRY.idFromName("global"));
    if (!(await registry.reserve(input.id))) throw new ApiError("TENANT_EXISTS");
    const directory = directoryOf(c.env, input.id);
    const created = await directory.createTenant(input);
    if (!created.ok) {
      await registry.release(input.id);
      throw new ApiError(created.code);
    }
    const key = unwrap(await directory.createApiKey("Initial key"));
    const siteKey = unwrap(await directory.createSiteKey());
    return c.json({ tenant: created.value, apiKey: { ...key.info, key: key.key }, siteKey }, 201);
  })
  .get("/v1/tenants", requireOperator, async (c) => {
    const { $top, $skiptoken } = query(c, PageQuery);
    if ($skiptoken !== undefined && !TenantId.safeParse($skiptoken).success) throw new ApiError("VALIDATION_FAILED");
    const registry = c.env.REGISTRY.get(c.env.REGISTRY.idFromName("global"));
    return c.json(await registry.list($top, $skiptoken));
  })
  .use("/v1/tenants/:tenant", requireTenantAdmin)
  .use("/v1/tenants/:tenant/*", requireTenantAdmin)
  // Before any tenant route, so every settings change (these routes' too) is audited.
  .use("/v1/tenants/:tenant", auditSettingsChanges)
  .use("/v1/tenants/:tenant/*", auditSettingsChanges)
  .get("/v1/tenants/:tenant", async (c) => c.json(unwrap(await directoryOf(c.env, c.var.tenantId).getTenant())))
  .patch("/v1/tenants/:tenant", async (c) => {
    const patch = await jsonBody(c, UpdateTenantSchema);
    const tenant = unwrap(await directoryOf(c.env, c.var.tenantId).updateTenant(patch));
    forgetPublicConfig(c.var.tenantId);
    return c.json(tenant);
  })
  .get("/v1/tenants/:tenant/apiKeys", async (c) =>
    c.json({ value: unwrap(await directoryOf(c.env, c.var.tenantId).listApiKeys()) }),
  )
  .post("/v1/tenants/:tenant/apiKeys", async (c) => {
    const { name } = await jsonBody(c, ApiKeyRequest);
    const created = unwrap(await directoryOf(c.env, c.var.tenantId).createApiKey(name));
    return c.json({ ...created.info, key: created.key }, 201);
  })
  .delete("/v1/tenants/:tenant/apiKeys/:id", async (c) => {
    unwrap(await directoryOf(c.env, c.var.tenantId).revokeApiKey(c.req.param("id")));
    return c.body(null, 204);
  });
