import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { MethodCollections, type MethodType } from "#contract/admin/methods";
import type { AuditActivity, AuditEventInput, AuditMethod } from "#contract/audit";
import { audit } from "../audit/audit";
import { requestAuditContext } from "../audit/request-context";
import type { AppEnv } from "../env";

const METHOD_CHANGE = new RegExp(`^/users/(usr_[A-Za-z0-9_-]{8,40})/authentication/(${Object.keys(MethodCollections).join("|")})(?:/[^/]+)?$`);
const auditMethod: Record<MethodType, AuditMethod> = {
  phone: "mobilePhone",
  email: "email",
  authenticatorApp: "authenticatorApp",
  securityQuestions: "securityQuestions",
  extension: "extension",
};

/** An admin registering or removing one of a user's methods (a lost phone, a new employee). */
function methodChange(method: string, rest: string): Pick<AuditEventInput, "activity" | "userId" | "methods"> | null {
  const match = METHOD_CHANGE.exec(rest);
  if (!match || (method !== "POST" && method !== "DELETE")) return null;
  return {
    activity: method === "POST" ? "Admin registered security info" : "Admin deleted security info",
    userId: match[1]!,
    methods: [auditMethod[MethodCollections[match[2] as keyof typeof MethodCollections]]],
  };
}

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
 * logged is what happened; an admin's change of a user's methods is audited as Entra
 * does ("Admin registered/deleted security info"). Users write their own events. Mounted in the
 * tenants router right after the admin guard, ahead of every tenant route.
 */
export const auditSettingsChanges = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.status >= 400 || !c.var.tenantId) return;
  const path = new URL(c.req.url).pathname;
  const methods = methodChange(c.req.method, path.replace(/^\/v1\/tenants\/[^/]+/, ""));
  const activity = settingsActivity(c.req.method, path);
  if (methods) await audit(c.env, c.executionCtx, c.var.tenantId, { ...requestAuditContext(c), ...methods, result: "success" });
  else if (activity) await audit(c.env, c.executionCtx, c.var.tenantId, { ...requestAuditContext(c), activity, result: "success" });
});

/** Who the console is signed in as: the console shows it, and when the token expires. */
export const consoleRoutes = new Hono<AppEnv>().get("/v1/tenants/:tenant/me", (c) => {
  const principal = c.var.principal;
  if (principal.kind === "consoleUser") {
    return c.json({ kind: "consoleUser", tenantId: principal.tenantId, userId: principal.userId, userName: principal.userName, expiresAt: new Date(principal.expiresAt).toISOString() });
  }
  return c.json(principal.kind === "apiKey" ? { kind: "apiKey", tenantId: principal.tenantId, keyId: principal.keyId } : { kind: "operator" });
});
