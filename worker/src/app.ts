import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./env";
import { ApiError } from "./http/api-error";
import { log } from "./http/log";
import { errorResponse, notFound, onError } from "./http/on-error";
import { devBenchRoutes } from "./routes/dev-bench";
import { devOutboxRoutes } from "./routes/dev-outbox";
import { auditLogs } from "./routes/audit-logs";
import { flows } from "./routes/flows";
import { health } from "./routes/health";
import { methods } from "./routes/methods";
import { phoneProtectionRoutes } from "./routes/phone-protection";
import { policies } from "./routes/policies";
import { providerRoutes } from "./routes/providers";
import { publicConfigRoutes } from "./routes/public-config";
import { reports } from "./routes/reports";
import { signInAdmin } from "./routes/sign-in-admin";
import { tokenRoutes } from "./routes/tokens";
import { tenants } from "./routes/tenants";
import { users } from "./routes/users";
import { vitals } from "./routes/vitals";
import { writebackRoutes } from "./routes/writeback";
import { consoleRoutes } from "./routes/console";
import { devAuditRoutes } from "./routes/dev-audit";
import { webhookRoutes } from "./routes/webhooks";
import { extensionRoutes } from "./routes/extension";

/** Every request body is capped; the largest legitimate one is a 1000-term banned list. */
export const MAX_BODY_BYTES = 64 * 1024;

export const app = new Hono<AppEnv>()
  .use(requestId({ headerName: "X-Request-Id" }))
  .use(async (c, next) => {
    const started = Date.now();
    await next();
    // The route pattern, not the URL: ids and query strings stay out of the logs.
    log("info", "request", {
      requestId: c.var.requestId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Date.now() - started,
      tenant: c.var.tenantId,
    });
  })
  .use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => errorResponse(c as never, new ApiError("BODY_TOO_LARGE")),
    }),
  )
  .route("/", health)
  .route("/", publicConfigRoutes)
  .route("/", flows)
  .route("/", vitals)
  .route("/", tenants)
  .route("/", consoleRoutes)
  .route("/", users)
  .route("/", methods)
  .route("/", policies)
  .route("/", signInAdmin)
  .route("/", tokenRoutes)
  .route("/", phoneProtectionRoutes)
  .route("/", providerRoutes)
  .route("/", devOutboxRoutes)
  .route("/", devBenchRoutes)
  .route("/", auditLogs)
  .route("/", reports)
  .route("/", writebackRoutes)
  .route("/", webhookRoutes)
  .route("/", devAuditRoutes)
  .route("/", extensionRoutes)
  .notFound(notFound)
  .onError(onError);
