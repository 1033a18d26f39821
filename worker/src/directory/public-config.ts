import type { PublicTenantConfig } from "#contract/admin/tenant";
import type { Env } from "../env";
import type { Result } from "../http/api-error";
import { directoryOf } from "./stub";

export type PublicConfig = PublicTenantConfig & { allowedOrigins: string[] };

/**
 * Every widget request needs its tenant's origins and branding. Asking the tenant's directory
 * each time would make it a hot spot, so each isolate keeps them for a few seconds: a change of
 * allowed origins reaches every isolate within `TENANT_CONFIG_TTL_MS`.
 */
export const TENANT_CONFIG_TTL_MS = 10_000;
const MAX_ENTRIES = 1_000;
const cache = new Map<string, { result: Result<PublicConfig>; expires: number }>();

export async function publicConfig(env: Env, tenantId: string): Promise<Result<PublicConfig>> {
  const now = Date.now();
  const hit = cache.get(tenantId);
  if (hit && hit.expires > now) return hit.result;
  const result = await directoryOf(env, tenantId).getPublicConfig();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(tenantId, { result, expires: now + TENANT_CONFIG_TTL_MS });
  return result;
}

/** Called after this isolate changes a tenant, so its own next request sees the change. */
export function forgetPublicConfig(tenantId: string): void {
  cache.delete(tenantId);
}
