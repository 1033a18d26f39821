import { Hono } from "hono";
import {
  SecurityQuestionsPolicySchema,
  SignInPolicyPatchSchema,
  SmsSignInPolicyPatchSchema,
  UserRequirementsSchema,
} from "#contract/admin/sign-in-policies";
import { directoryOf } from "../directory/stub";
import type { AppEnv } from "../env";
import { unwrap } from "../http/api-error";
import { jsonBody } from "../http/validate";

const methods = "/v1/tenants/:tenant/users/:id/authentication";

/**
 * The tenant admin's sign-in settings: the SMS sign-in, sign-in (MFA, smart lockout, token
 * lifetime) and security-question policies; the site key whose secret calls siteverify; which
 * mobile numbers sign in by text (Graph's enableSmsSignIn); per-user MFA (Graph's requirements).
 */
export const signInAdmin = new Hono<AppEnv>()
  .get("/v1/tenants/:tenant/policies/smsSignIn", async (c) =>
    c.json(unwrap(await directoryOf(c.env, c.var.tenantId).getPolicy("smsSignIn"))),
  )
  .patch("/v1/tenants/:tenant/policies/smsSignIn", async (c) => {
    const patch = await jsonBody(c, SmsSignInPolicyPatchSchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).updateSmsSignInPolicy(patch)));
  })
  .get("/v1/tenants/:tenant/policies/signIn", async (c) =>
    c.json(unwrap(await directoryOf(c.env, c.var.tenantId).getPolicy("signIn"))),
  )
  .patch("/v1/tenants/:tenant/policies/signIn", async (c) => {
    const patch = await jsonBody(c, SignInPolicyPatchSchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).updateSignInPolicy(patch)));
  })
  .get("/v1/tenants/:tenant/policies/securityQuestions", async (c) =>
    c.json(unwrap(await directoryOf(c.env, c.var.tenantId).getPolicy("securityQuestions"))),
  )
  .patch("/v1/tenants/:tenant/policies/securityQuestions", async (c) => {
    const policy = await jsonBody(c, SecurityQuestionsPolicySchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).updateSecurityQuestionsPolicy(policy)));
  })
  .get("/v1/tenants/:tenant/siteKey", async (c) => c.json(unwrap(await directoryOf(c.env, c.var.tenantId).getSiteKey())))
  /** Makes the site key, or rotates its secret: the answer shows the secret, this once. */
  .post("/v1/tenants/:tenant/siteKey", async (c) => c.json(unwrap(await directoryOf(c.env, c.var.tenantId).createSiteKey()), 201))
  .post(`${methods}/phoneMethods/:methodId/enableSmsSignIn`, async (c) => {
    unwrap(await directoryOf(c.env, c.var.tenantId).setSmsSignIn(c.req.param("id"), c.req.param("methodId"), true));
    return c.body(null, 204);
  })
  .post(`${methods}/phoneMethods/:methodId/disableSmsSignIn`, async (c) => {
    unwrap(await directoryOf(c.env, c.var.tenantId).setSmsSignIn(c.req.param("id"), c.req.param("methodId"), false));
    return c.body(null, 204);
  })
  .get(`${methods}/requirements`, async (c) =>
    c.json(unwrap(await directoryOf(c.env, c.var.tenantId).userRequirements(c.req.param("id")))),
  )
  .patch(`${methods}/requirements`, async (c) => {
    const input = await jsonBody(c, UserRequirementsSchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).updateUserRequirements(c.req.param("id"), input)));
  });
