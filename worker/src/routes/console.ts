import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { AuditActivity } from "#contract/audit";
import { audit } from "../audit/audit";
import { requestAuditContext } from "../audit/request-context";
import type { AppEnv } from "../env";

/** Which settings a successful admin change touched, by its path under the tenant. */
function settingsActivity(method: string, path: string): AuditActivity | null {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return null;
  const rest = path.replace(/^\/v1\/tenants\/[^/]+/, "");
  if (rest.startsWith("/policies/")) return "Update policy";
  if (rest === "" || rest === "/providers" || rest === "/siteKey") return "Update tenant settings";
  if (rest.startsWith("/apiKeys")) return "Update API keys";
  if (rest.startsWith("/webhooks/endpoints")) return "Update webhook endpoints";
  return null;
}

/**
 * Every change of a tenant's settings is audited, whoever made it (an API key, a console admin,
 * the operator) and whichever route made it: after the route answered with success, so what is
 * logged is what happened. Users and methods write their own, richer events. Mounted in the
 * tenants router right after the admin guard, ahead of every tenant route.
 */
export const auditSettingsChanges = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const activity = settingsActivity(c.req.method, new URL(c.req.url).pathname);
  if (!activity || c.res.status >= 400 || !c.var.tenantId) return;
  await audit(c.env, c.executionCtx, c.var.tenantId, { ...requestAuditContext(c), activity, result: "success" });
});

/** Who the console is signed in as: the console shows it, and when the token expires. */
export const consoleRoutes = new Hono<AppEnv>().get("/v1/tenants/:tenant/me", (c) => {
  const principal = c.var.principal;
  if (principal.kind === "consoleUser") {
    return c.json({ kind: "consoleUser", tenantId: principal.tenantId, userId: principal.userId, userName: principal.userName, expiresAt: new Date(principal.expiresAt).toISOString() });
  }
  return c.json(principal.kind === "apiKey" ? { kind: "apiKey", tenantId: principal.tenantId, keyId: principal.keyId } : { kind: "operator" });
});
