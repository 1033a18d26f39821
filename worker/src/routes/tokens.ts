import { Hono, type Context } from "hono";
import { requireOperator } from "../auth/admin-auth";
import type { AppEnv } from "../env";
import { ApiError } from "../http/api-error";
import { readJson } from "../http/validate";
import { JWKS_MAX_AGE_SECONDS } from "../limits";
import { forgetCachedKeys, publishedKeys, signingKeysOf } from "../tokens/keys";
import { siteverify } from "../tokens/siteverify";
import { issuerOf } from "../http/issuer";

/** Public documents any origin may read, and caches may keep for a few minutes. */
const publicHeaders = { "Cache-Control": `public, max-age=${JWKS_MAX_AGE_SECONDS}`, "Access-Control-Allow-Origin": "*" };

/** Form-encoded (as Turnstile's examples post) or JSON; anything else is a bad request. */
async function siteverifyBody(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (/^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(type)) {
    const form = await c.req.parseBody();
    return Object.fromEntries(Object.entries(form).filter(([, value]) => typeof value === "string"));
  }
  try {
    return await readJson(c);
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}

/**
 * How partners check Sesame's tokens: the signing keys (JWKS) and an OpenID discovery document,
 * for verifying locally, and siteverify, for asking us with the site secret. The operator can
 * rotate the keys at once (a suspected leak); otherwise an alarm rotates them.
 */
export const tokenRoutes = new Hono<AppEnv>()
  .get("/.well-known/jwks.json", async (c) => c.json({ keys: await publishedKeys(c.env) }, 200, publicHeaders))
  .get("/.well-known/openid-configuration", (c) => {
    const issuer = issuerOf(c);
    return c.json(
      {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        siteverify_endpoint: `${issuer}/v1/siteverify`,
        response_types_supported: ["id_token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["ES256"],
        claims_supported: ["iss", "sub", "aud", "iat", "exp", "auth_time", "jti", "sid", "tid", "amr", "session_epoch"],
      },
      200,
      publicHeaders,
    );
  })
  .post("/v1/siteverify", async (c) => c.json(await siteverify(c.env, issuerOf(c), await siteverifyBody(c))))
  .post("/v1/signingKeys/rotate", requireOperator, async (c) => {
    const rotated = await signingKeysOf(c.env).rotate();
    forgetCachedKeys();
    return c.json(rotated);
  });
