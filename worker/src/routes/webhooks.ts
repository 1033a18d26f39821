import { Hono, type Context } from "hono";
import { AlertsQuerySchema } from "#contract/admin/alerts";
import { ResourceId } from "#contract/admin/common";
import { CreateWebhookEndpointSchema, DeliveriesQuerySchema, PatchWebhookEndpointSchema } from "#contract/admin/webhooks";
import type { AppEnv } from "../env";
import { ApiError, unwrap } from "../http/api-error";
import { jsonBody, query } from "../http/validate";
import { forgetEndpointsCache, tenantEventsOf } from "../webhooks/emit";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Loopback receivers are for local development and tests; production only sends to https. */
function checkUrl(c: Context<AppEnv>, url: string | undefined): void {
  if (url === undefined || c.env.SESAME_ENV !== "production") return;
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" || LOOPBACK.has(parsed.hostname)) throw new ApiError("VALIDATION_FAILED", [{ path: "url", issue: "use a public https URL" }]);
}

function idParam(c: Context<AppEnv>, name: string, missing: "WEBHOOK_ENDPOINT_NOT_FOUND" | "WEBHOOK_DELIVERY_NOT_FOUND" | "ALERT_NOT_FOUND"): string {
  const id = c.req.param(name) ?? "";
  if (!ResourceId.safeParse(id).success) throw new ApiError(missing);
  return id;
}

/**
 * Webhook endpoints (the secret shown once, at creation), their deliveries with manual
 * redelivery, and the alerts raised. Behind the tenants router's admin guard.
 */
export const webhookRoutes = new Hono<AppEnv>()
  .get("/v1/tenants/:tenant/webhooks/endpoints", async (c) => c.json({ value: await tenantEventsOf(c.env, c.var.tenantId).listEndpoints() }))
  .post("/v1/tenants/:tenant/webhooks/endpoints", async (c) => {
    const input = await jsonBody(c, CreateWebhookEndpointSchema);
    checkUrl(c, input.url);
    const created = unwrap(await tenantEventsOf(c.env, c.var.tenantId).createEndpoint(input));
    forgetEndpointsCache(c.var.tenantId);
    c.header("Cache-Control", "no-store");
    return c.json(created, 201);
  })
  .patch("/v1/tenants/:tenant/webhooks/endpoints/:id", async (c) => {
    const id = idParam(c, "id", "WEBHOOK_ENDPOINT_NOT_FOUND");
    const patch = await jsonBody(c, PatchWebhookEndpointSchema);
    checkUrl(c, patch.url);
    const updated = unwrap(await tenantEventsOf(c.env, c.var.tenantId).updateEndpoint(id, patch));
    forgetEndpointsCache(c.var.tenantId);
    return c.json(updated);
  })
  .delete("/v1/tenants/:tenant/webhooks/endpoints/:id", async (c) => {
    const id = idParam(c, "id", "WEBHOOK_ENDPOINT_NOT_FOUND");
    unwrap(await tenantEventsOf(c.env, c.var.tenantId).deleteEndpoint(id));
    forgetEndpointsCache(c.var.tenantId);
    return c.body(null, 204);
  })
  .get("/v1/tenants/:tenant/webhooks/deliveries", async (c) => {
    const { endpointId, status, $top } = query(c, DeliveriesQuerySchema);
    return c.json({ value: await tenantEventsOf(c.env, c.var.tenantId).deliveries({ endpointId, status, top: $top }) });
  })
  .post("/v1/tenants/:tenant/webhooks/deliveries/:id/redeliver", async (c) => {
    const id = idParam(c, "id", "WEBHOOK_DELIVERY_NOT_FOUND");
    return c.json(unwrap(await tenantEventsOf(c.env, c.var.tenantId).redeliver(id)), 202);
  })
  .get("/v1/tenants/:tenant/alerts", async (c) => {
    const { $top } = query(c, AlertsQuerySchema);
    return c.json({ value: await tenantEventsOf(c.env, c.var.tenantId).alerts($top) });
  })
  .post("/v1/tenants/:tenant/alerts/:id/acknowledge", async (c) => {
    const id = idParam(c, "id", "ALERT_NOT_FOUND");
    return c.json(unwrap(await tenantEventsOf(c.env, c.var.tenantId).acknowledgeAlert(id)));
  });
