import type { CountryCode } from "libphonenumber-js";
import type { CreateTenant, Tenant } from "#contract/admin/tenant";
import { iso } from "../lib/sql";
import { toE164 } from "../phone/e164";
import { forgetTenantContexts } from "./context-cache";

type TenantRow = { id: string; doc: string; created_at: number; updated_at: number };
type TenantDoc = Omit<Tenant, "id" | "createdAt" | "updatedAt">;

/** The directory's own tenant record; memoised per object since it is read on every call. */
const cache = new WeakMap<SqlStorage, Tenant | null>();

export function readTenant(sql: SqlStorage): Tenant | null {
  if (cache.has(sql)) return cache.get(sql)!;
  const row = sql.exec<TenantRow>("SELECT * FROM tenant LIMIT 1").toArray()[0];
  const tenant = row
    ? { id: row.id, ...(JSON.parse(row.doc) as TenantDoc), createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) }
    : null;
  cache.set(sql, tenant);
  return tenant;
}

export function writeTenant(sql: SqlStorage, tenant: CreateTenant | Tenant, now: number): Tenant {
  const { id, displayName, allowedOrigins, homeCountries, branding, helpdesk } = tenant;
  const doc: TenantDoc = { displayName, allowedOrigins: [...new Set(allowedOrigins)], homeCountries, branding, helpdesk };
  sql.exec(
    `INSERT INTO tenant (id, doc, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
    id,
    JSON.stringify(doc),
    now,
    now,
  );
  cache.delete(sql);
  forgetTenantContexts();
  return readTenant(sql)!;
}

/**
 * Parses a number typed for this tenant: national formats are read as the first home country's.
 * Returns null for "no number", undefined for a number that is not valid.
 */
export function tenantPhone(tenant: Tenant, input: string | null): string | null | undefined {
  if (input === null) return null;
  return toE164(input, (tenant.homeCountries[0] ?? "US") as CountryCode) ?? undefined;
}
