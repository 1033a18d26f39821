import { Hono } from "hono";
import { AddEmailMethodSchema, AddPhoneMethodSchema, MethodCollections } from "#contract/admin/methods";
import { directoryOf } from "../directory/stub";
import type { AppEnv } from "../env";
import { unwrap } from "../http/api-error";
import { jsonBody } from "../http/validate";

const base = "/v1/tenants/:tenant/users/:id/authentication";

/**
 * A user's registered authentication methods, as Graph shapes them, so an HR onboarding script
 * can pre-register a new employee's phone or email before their first day, and an admin can
 * remove any method (a lost phone, "require re-registration").
 */
export const methods = new Hono<AppEnv>()
  .get(`${base}/methods`, async (c) =>
    c.json({ value: unwrap(await directoryOf(c.env, c.var.tenantId).listMethods(c.req.param("id"))) }),
  )
  .post(`${base}/phoneMethods`, async (c) => {
    const input = await jsonBody(c, AddPhoneMethodSchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).addPhoneMethod(c.req.param("id"), input)), 201);
  })
  .post(`${base}/emailMethods`, async (c) => {
    const input = await jsonBody(c, AddEmailMethodSchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).addEmailMethod(c.req.param("id"), input)), 201);
  });

// DELETE …/phoneMethods/:methodId, …/emailMethods/:methodId, …/softwareOathMethods/:methodId, …:
// the method must be of the collection's type (METHOD_NOT_FOUND otherwise). Everything a method
// holds (a number, a TOTP key, hashed answers, a device key) is in its row, so removing the row
// removes it all; a removed extension key signs nothing more.
for (const [collection, type] of Object.entries(MethodCollections)) {
  methods.delete(`${base}/${collection}/:methodId`, async (c) => {
    unwrap(await directoryOf(c.env, c.var.tenantId).deleteMethod(c.req.param("id"), c.req.param("methodId"), type));
    return c.body(null, 204);
  });
}
