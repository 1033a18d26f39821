import { createMiddleware } from "hono/factory";
import { TenantId } from "#contract/admin/common";
import { tenantOfKey } from "../directory/api-keys";
import { directoryOf } from "../directory/stub";
import type { AppEnv } from "../env";
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
 * Routes under `/v1/tenants/:tenant`. A key only ever opens its own tenant: on any other tenant
 * the answer is the same 404 as for a tenant that does not exist, so keys cannot probe for tenants.
 */
export const requireTenantAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const tenantId = c.req.param("tenant") ?? "";
  const token = bearer(c.req.header("authorization"));
  if (!TenantId.safeParse(tenantId).success) throw new ApiError("TENANT_NOT_FOUND");
  if (isOperator(token, c.env.SESAME_BOOTSTRAP_SECRET)) {
    c.set("principal", { kind: "operator" });
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
