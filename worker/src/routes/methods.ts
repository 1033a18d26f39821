import { Hono } from "hono";
import { AddEmailMethodSchema, AddPhoneMethodSchema } from "#contract/admin/methods";
import { directoryOf } from "../directory/stub";
import type { AppEnv } from "../env";
import { unwrap } from "../http/api-error";
import { jsonBody } from "../http/validate";

const base = "/v1/tenants/:tenant/users/:id/authentication";

/**
 * A user's registered authentication methods, as Graph shapes them, so an HR onboarding script
 * can pre-register a new employee's phone or email before their first day.
 */
export const methods = new Hono<AppEnv>()
  .get(`${base}/methods`, async (c) =>
    c.json({ value: unwrap(await directoryOf(c.env, c.var.tenantId).listMethods(c.req.param("id"))) }),
  )
  .post(`${base}/phoneMethods`, async (c) => {
    const input = await jsonBody(c, AddPhoneMethodSchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).addPhoneMethod(c.req.param("id"), input)), 201);
  })
  .delete(`${base}/phoneMethods/:methodId`, async (c) => {
    unwrap(await directoryOf(c.env, c.var.tenantId).deleteMethod(c.req.param("id"), c.req.param("methodId"), "phone"));
    return c.body(null, 204);
  })
  .post(`${base}/emailMethods`, async (c) => {
    const input = await jsonBody(c, AddEmailMethodSchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).addEmailMethod(c.req.param("id"), input)), 201);
  })
  .delete(`${base}/emailMethods/:methodId`, async (c) => {
    unwrap(await directoryOf(c.env, c.var.tenantId).deleteMethod(c.req.param("id"), c.req.param("methodId"), "email"));
    return c.body(null, 204);
  });
