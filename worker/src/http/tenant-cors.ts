import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { TenantId } from "#contract/admin/common";
import { publicConfig } from "../directory/public-config";
import type { AppEnv } from "../env";
import { ApiError } from "./api-error";

// `authorization` carries the sign-in token that opens a security-info flow.
const ALLOWED_HEADERS = "content-type, x-request-id, authorization";
const ALLOWED_METHODS = "GET, POST, OPTIONS";

/**
 * CORS for the widget's public API: only the tenant's registered origins get an answer. A
 * foreign origin is refused before the route runs, so its request changes nothing. Requests
 * without an Origin (server to server, curl) are not browsers and pass.
 *
 * @param tenantOf where the route carries its tenant; it must be readable from the URL alone,
 *   because a preflight carries no body and no custom header values.
 */
export const tenantCors = (tenantOf: (c: Context<AppEnv>) => string | undefined) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const tenantId = tenantOf(c) ?? "";
    if (!TenantId.safeParse(tenantId).success) throw new ApiError("TENANT_NOT_FOUND");
    const config = await publicConfig(c.env, tenantId);
    if (!config.ok) throw new ApiError(config.code);
    c.set("tenantId", tenantId);

    const origin = c.req.header("origin");
    // A browser extension (the companion extension signing in from its popup) is not a web page:
    // its host permission already lifts CORS, so it passes like a request with no Origin.
    if (origin === undefined || /^(chrome|moz)-extension:\/\/[a-z0-9-]+$/i.test(origin)) return next();
    // Sesame's own pages (the admin console at /admin) call from Sesame's origin: not cross-origin.
    if (origin === new URL(c.req.url).origin) return next();
    if (!config.value.allowedOrigins.includes(origin)) throw new ApiError("ORIGIN_NOT_ALLOWED", undefined, { Vary: "Origin" });

    const cors = {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Expose-Headers": "x-request-id, retry-after",
      Vary: "Origin",
    };
    if (c.req.method === "OPTIONS") {
      return c.body(null, 204, {
        ...cors,
        "Access-Control-Allow-Methods": ALLOWED_METHODS,
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": "600",
      });
    }
    await next();
    for (const [name, value] of Object.entries(cors)) c.res.headers.set(name, value);
  });
