import { createMiddleware } from "hono/factory";
import { TenantId } from "#contract/admin/common";
import { tenantOfKey } from "../directory/api-keys";
import { directoryOf } from "../directory/stub";
import { CONSOLE_AUDIENCE_PATH } from "#contract/tokens";
import type { AppEnv, Env, Principal } from "../env";
import { issuerOf } from "../http/issuer";
import { verifyIdToken } from "../tokens/verify";
import { ApiError } from "../http/api-error";
import { sha256Hex, timingSafeEqualText } from "../lib/crypto";

const unauthenticated = () => new ApiError("UNAUTHENTICATED", undefined, { "WWW-Authenticate": 'Bearer realm="sesame"' });

function bearer(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!match) throw unauthenticated();
  return match[1]!;
}

function isOperator(token: string, secret: string | undefined): boolean {
  return secret !== undefined && secret.length >= 16 && timingSafeEqualText(token, secret);
}

const looksLikeJwt = (token: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);

/**
 * A console token: a Sesame ID token signed for this tenant's console audience
 * (`<issuer>/admin`, only sign-in flows started with `?client=console` sign for it), of a
 * session not ended since (a password reset ends it), with two factors, whose user is still an
 * enabled admin now (a demoted admin's token stops working at once, not when it expires).
 * Another tenant's token answers like an unknown tenant, as API keys do.
 */
async function consoleUser(env: Env, token: string, tenantId: string, issuer: string): Promise<Principal> {
  const check = await verifyIdToken(env, token, { issuer, audiences: [`${issuer}${CONSOLE_AUDIENCE_PATH}`], checkSession: true });
  if (!check.ok) throw unauthenticated();
  const { claims } = check;
  if (claims.tid !== tenantId) throw new ApiError("TENANT_NOT_FOUND");
  if (!claims.amr.includes("mfa")) throw new ApiError("CONSOLE_MFA_REQUIRED");
  const user = await directoryOf(env, tenantId).getUser(claims.sub);
  if (!user.ok || !user.value.accountEnabled || !user.value.roles.includes("admin")) throw new ApiError("FORBIDDEN");
  return { kind: "consoleUser", tenantId, userId: claims.sub, userName: user.value.userName, expiresAt: claims.exp * 1000 };
}

/** Routes only the operator may call: creating and listing tenants. */
export const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header("authorization"));
  if (!isOperator(token, c.env.SESAME_BOOTSTRAP_SECRET)) {
    throw tenantOfKey(token) ? new ApiError("FORBIDDEN") : unauthenticated();
  }
  c.set("principal", { kind: "operator" });
  await next();
});

/**
 * Routes under `/v1/tenants/:tenant`, for the operator, an admin API key (`sk_<tenant>_…`) or a
 * console token (an admin signed in to the console). A key only ever opens its own tenant: on any other tenant
 * the answer is the same 404 as for a tenant that does not exist, so keys cannot probe for tenants.
 */
export const requireTenantAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const tenantId = c.req.param("tenant") ?? "";
  const token = bearer(c.req.header("authorization"));
  if (!TenantId.safeParse(tenantId).success) throw new ApiError("TENANT_NOT_FOUND");
  if (isOperator(token, c.env.SESAME_BOOTSTRAP_SECRET)) {
    c.set("principal", { kind: "operator" });
  } else if (looksLikeJwt(token)) {
    c.set("principal", await consoleUser(c.env, token, tenantId, issuerOf(c)));
  } else {
    const keyTenant = tenantOfKey(token);
    if (!keyTenant) throw unauthenticated();
    if (keyTenant !== tenantId) throw new ApiError("TENANT_NOT_FOUND");
    const verified = await directoryOf(c.env, tenantId).verifyApiKey(await sha256Hex(token));
    if (!verified.ok) throw unauthenticated();
    c.set("principal", { kind: "apiKey", tenantId, keyId: verified.value.keyId });
  }
  c.set("tenantId", tenantId);
  await next();
});
