import { defaultProviderSettings, type ProviderSettings } from "#contract/admin/providers";
import { directoryOf } from "../directory/stub";
import type { Env } from "../env";
import { PROVIDER_ORDER_CACHE_MS } from "../limits";

const MAX_ENTRIES = 1_000;
const cache = new Map<string, { settings: ProviderSettings; expires: number }>();

/**
 * The tenant's provider order. Every send needs it, so each isolate keeps it for
 * PROVIDER_ORDER_CACHE_MS instead of asking the tenant's directory each time. An unknown tenant
 * has no order, which delivery treats as "not configured".
 *
 * @example
 * const { sms } = await tenantProviders(env, "contoso"); // ["twilio", "vonage"]
 */
export async function tenantProviders(env: Env, tenantId: string): Promise<ProviderSettings> {
  const now = Date.now();
  const hit = cache.get(tenantId);
  if (hit && hit.expires > now) return hit.settings;
  const result = await directoryOf(env, tenantId).getProviders();
  const settings = result.ok ? result.value : defaultProviderSettings;
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(tenantId, { settings, expires: now + PROVIDER_ORDER_CACHE_MS });
  return settings;
}

/** Called after this isolate changes a tenant's providers, so its own next send sees the change. */
export function forgetTenantProviders(tenantId: string): void {
  cache.delete(tenantId);
}
