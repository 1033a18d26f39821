import { importJWK, type CryptoKey } from "jose";
import type { Env } from "../env";
import { SIGNING_KEY_CACHE_MS } from "../limits";
import type { PublishedKey } from "./signing-keys";

/** The one SigningKeys object of the service. */
export const signingKeysOf = (env: Env) => env.SIGNING_KEYS.get(env.SIGNING_KEYS.idFromName("global"));

let signing: { until: number; kid: string; key: Promise<CryptoKey> } | undefined;
let published: { until: number; keys: Promise<PublishedKey[]> } | undefined;

/**
 * The key to sign with, kept in the isolate for SIGNING_KEY_CACHE_MS: every sign-in signs a token,
 * and one object for the whole service must not sit on that path. An isolate may sign with the
 * old key for up to that long after a rotation; the JWKS still publishes it as `previous`.
 */
export async function currentSigningKey(env: Env): Promise<{ kid: string; key: CryptoKey }> {
  const now = Date.now();
  if (!signing || signing.until <= now) {
    const { kid, privateJwk } = await signingKeysOf(env).signingKey();
    signing = { until: now + SIGNING_KEY_CACHE_MS, kid, key: importJWK(privateJwk, "ES256") as Promise<CryptoKey> };
  }
  return { kid: signing.kid, key: await signing.key };
}

/**
 * The published public keys, cached like the signing key. `fresh` skips the cache: a verifier
 * that meets an unknown `kid` asks once more before refusing, in case the keys just rotated.
 */
export async function publishedKeys(env: Env, options: { fresh?: boolean } = {}): Promise<PublishedKey[]> {
  const now = Date.now();
  if (options.fresh || !published || published.until <= now) {
    const keys = signingKeysOf(env).publicKeys();
    published = { until: now + SIGNING_KEY_CACHE_MS, keys };
    keys.catch(() => (published = undefined));
  }
  return published.keys;
}

/** Forgets the cached keys: after a rotation this isolate made, and in tests. */
export function forgetCachedKeys(): void {
  signing = undefined;
  published = undefined;
}
