import type { SiteKeyCreated, SiteKeyInfo } from "#contract/tokens";
import { randomToken, sha256Hex } from "../lib/crypto";
import { iso } from "../lib/sql";
import { forgetTenantContexts } from "./context-cache";

/**
 * A tenant's site key and secret, as with Turnstile: the key is public (the `aud` of the tenant's
 * tokens), the secret lets the partner's backend call siteverify. The secret is 256 random bits,
 * so a SHA-256 is enough to store it, and it is shown once, when made. Both carry the tenant, so
 * the edge can route a secret to its directory without a lookup.
 */
type SiteKeyRow = { site_key: string; secret_hash: string; secret_hint: string; created_at: number; rotated_at: number };

const secretPattern = /^sec_([a-z0-9-]{3,40})_([A-Za-z0-9_-]{43})$/;

/** The tenant a site secret claims to belong to, or null when it is not shaped like one. */
export function tenantOfSiteSecret(secret: string): string | null {
  return secretPattern.exec(secret)?.[1] ?? null;
}

const info = (row: SiteKeyRow): SiteKeyInfo => ({
  siteKey: row.site_key,
  secretHint: row.secret_hint,
  createdAt: iso(row.created_at),
  secretRotatedAt: iso(row.rotated_at),
});

export function readSiteKey(sql: SqlStorage): SiteKeyInfo | null {
  const row = sql.exec<SiteKeyRow>("SELECT * FROM site_keys LIMIT 1").toArray()[0];
  return row ? info(row) : null;
}

/** Makes the tenant's site key, or gives the existing key a new secret (the old one stops working). */
export async function createOrRotateSiteKey(sql: SqlStorage, tenantId: string, now: number): Promise<SiteKeyCreated> {
  const secret = `sec_${tenantId}_${randomToken(32)}`;
  const hash = await sha256Hex(secret);
  const current = readSiteKey(sql);
  if (current) {
    sql.exec("UPDATE site_keys SET secret_hash = ?, secret_hint = ?, rotated_at = ?", hash, secret.slice(-4), now);
  } else {
    sql.exec(
      "INSERT INTO site_keys (site_key, secret_hash, secret_hint, created_at, rotated_at) VALUES (?, ?, ?, ?, ?)",
      `site_${tenantId}_${randomToken(16)}`,
      hash,
      secret.slice(-4),
      now,
      now,
    );
  }
  forgetTenantContexts();
  return { ...readSiteKey(sql)!, secret };
}

/** The site key whose secret has this hash; the caller hashes, so the secret never arrives here. */
export function siteKeyForSecretHash(sql: SqlStorage, hash: string): string | null {
  return sql.exec<{ site_key: string }>("SELECT site_key FROM site_keys WHERE secret_hash = ?", hash).toArray()[0]?.site_key ?? null;
}
