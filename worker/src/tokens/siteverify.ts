import { SiteverifyRequestSchema, type SiteverifyErrorCode, type SiteverifyResponse } from "#contract/tokens";
import { tenantOfSiteSecret } from "../directory/site-keys";
import { directoryOf } from "../directory/stub";
import type { Env } from "../env";
import { sha256Hex } from "../lib/crypto";
import { SITE_SECRET_CACHE_MS } from "../limits";
import { verifyIdToken } from "./verify";

const MAX_CACHED = 1_000;
const secrets = new Map<string, { tenantId: string; siteKey: string; until: number }>();

/** The tenant and site key a site secret opens, kept per isolate for a few seconds. */
async function siteOf(env: Env, secret: string): Promise<{ tenantId: string; siteKey: string } | null> {
  const tenantId = tenantOfSiteSecret(secret);
  if (!tenantId) return null;
  const hash = await sha256Hex(secret);
  const now = Date.now();
  const hit = secrets.get(hash);
  if (hit && hit.until > now) return hit;
  const verified = await directoryOf(env, tenantId).verifySiteSecret(hash);
  if (!verified.ok) return null;
  if (secrets.size >= MAX_CACHED) secrets.delete(secrets.keys().next().value!);
  const site = { tenantId, siteKey: verified.value.siteKey, until: now + SITE_SECRET_CACHE_MS };
  secrets.set(hash, site);
  return site;
}

const refused = (...codes: SiteverifyErrorCode[]): SiteverifyResponse => ({ success: false, "error-codes": codes });

/**
 * Checks a token for a partner's backend, as Turnstile's siteverify does: the secret names the
 * site, and the token must be ours, unexpired, for that site's key, and its session still live
 * (a password reset since ends it).
 *
 * @example
 * const answer = await siteverify(env, issuer, { secret, response: token });
 */
export async function siteverify(env: Env, issuer: string, body: unknown): Promise<SiteverifyResponse> {
  const parsed = SiteverifyRequestSchema.safeParse(body);
  if (!parsed.success) return refused("bad-request");
  const { secret } = parsed.data;
  const token = parsed.data.token ?? parsed.data.response;
  if (!secret) return refused("missing-input-secret", ...(token ? [] : (["missing-input-response"] as const)));
  const site = await siteOf(env, secret);
  if (!site) return refused("invalid-input-secret");
  if (!token) return refused("missing-input-response");
  const check = await verifyIdToken(env, token, { issuer, audiences: [site.siteKey], tenantId: site.tenantId, checkSession: true });
  return check.ok ? { success: true, "error-codes": [], claims: check.claims } : refused(check.code);
}
