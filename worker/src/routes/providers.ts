import { Hono } from "hono";
import { ProviderSettingsPatchSchema, providersByChannel, type ProviderSettings, type ProviderSettingsView } from "#contract/admin/providers";
import { forgetTenantProviders } from "../delivery/tenant-providers";
import { directoryOf } from "../directory/stub";
import type { AppEnv } from "../env";
import { unwrap } from "../http/api-error";
import { jsonBody } from "../http/validate";

const view = (settings: ProviderSettings): ProviderSettingsView => ({ ...settings, available: providersByChannel });

/**
 * The tenant's delivery providers, in the order they are tried, per channel. Credentials are not
 * set here: they are the deployment's Worker secrets. Admin-only (the tenants router's guard).
 */
export const providerRoutes = new Hono<AppEnv>()
  .get("/v1/tenants/:tenant/providers", async (c) =>
    c.json(view(unwrap(await directoryOf(c.env, c.var.tenantId).getProviders()))),
  )
  .patch("/v1/tenants/:tenant/providers", async (c) => {
    const patch = await jsonBody(c, ProviderSettingsPatchSchema);
    const settings = unwrap(await directoryOf(c.env, c.var.tenantId).updateProviders(patch));
    forgetTenantProviders(c.var.tenantId);
    return c.json(view(settings));
  });
