import { Hono } from "hono";
import { PasswordPolicyPatchSchema, PasswordResetPolicyPatchSchema } from "#contract/admin/policies";
import { directoryOf } from "../directory/stub";
import type { AppEnv } from "../env";
import { unwrap } from "../http/api-error";
import { jsonBody } from "../http/validate";

/** The tenant's password-reset (SSPR) and password policies: GET the whole, PATCH any part. */
export const policies = new Hono<AppEnv>()
  .get("/v1/tenants/:tenant/policies/passwordReset", async (c) =>
    c.json(unwrap(await directoryOf(c.env, c.var.tenantId).getPolicy("passwordReset"))),
  )
  .patch("/v1/tenants/:tenant/policies/passwordReset", async (c) => {
    const patch = await jsonBody(c, PasswordResetPolicyPatchSchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).updatePasswordResetPolicy(patch)));
  })
  .get("/v1/tenants/:tenant/policies/password", async (c) =>
    c.json(unwrap(await directoryOf(c.env, c.var.tenantId).getPolicy("password"))),
  )
  .patch("/v1/tenants/:tenant/policies/password", async (c) => {
    const patch = await jsonBody(c, PasswordPolicyPatchSchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).updatePasswordPolicy(patch)));
  });
