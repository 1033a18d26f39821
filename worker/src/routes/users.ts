import { Hono, type Context } from "hono";
import { CreateGroupSchema, CreateUserSchema, UpdateGroupSchema, UpdateUserSchema, UserListQuery } from "#contract/admin/user";
import { audit } from "../audit/audit";
import { requestAuditContext } from "../audit/request-context";
import type { UserListRequest } from "../directory/tenant-directory";
import { directoryOf } from "../directory/stub";
import { parseUserFilter } from "../directory/user-filter";
import type { AppEnv } from "../env";
import { ApiError, unwrap } from "../http/api-error";
import { jsonBody, query } from "../http/validate";
import { initialPassword, unwrapPassword } from "../password/set-password";
import { clearLockout } from "../signin/account";

function listRequest(c: Context<AppEnv>): UserListRequest {
  const { $top, $skiptoken, $filter, $search } = query(c, UserListQuery);
  const filter = $filter === undefined ? [] : parseUserFilter($filter);
  if (!filter) throw new ApiError("VALIDATION_FAILED", [{ path: "$filter", issue: "unsupported filter expression" }]);
  return { top: $top, skipToken: $skiptoken, filter, search: $search };
}

/** Users and groups, Graph-shaped: lists answer `{ value, skipToken? }`. */
export const users = new Hono<AppEnv>()
  .get("/v1/tenants/:tenant/users", async (c) =>
    c.json(unwrap(await directoryOf(c.env, c.var.tenantId).listUsers(listRequest(c)))),
  )
  .post("/v1/tenants/:tenant/users", async (c) => {
    // The initial password is judged and hashed here; only its hash travels to the directory.
    const { passwordProfile, ...input } = await jsonBody(c, CreateUserSchema);
    const password = passwordProfile ? unwrapPassword(await initialPassword(c.env, c.var.tenantId, input, passwordProfile)) : null;
    const user = unwrap(await directoryOf(c.env, c.var.tenantId).createUser(input, password));
    audit(c.env, c.executionCtx, c.var.tenantId, {
      ...requestAuditContext(c),
      activity: "Add user",
      result: "success",
      userId: user.id,
      userName: user.userName,
      methods: password ? ["password"] : [],
    });
    return c.json(user, 201);
  })
  .get("/v1/tenants/:tenant/users/:id", async (c) =>
    c.json(unwrap(await directoryOf(c.env, c.var.tenantId).getUser(c.req.param("id")))),
  )
  .patch("/v1/tenants/:tenant/users/:id", async (c) => {
    const patch = await jsonBody(c, UpdateUserSchema);
    const user = unwrap(await directoryOf(c.env, c.var.tenantId).updateUser(c.req.param("id"), patch));
    // An admin's unlock also ends a smart lockout, as "unlock account" does in Entra.
    if (patch.locked === false) await clearLockout(c.env, c.var.tenantId, user.id);
    return c.json(user);
  })
  .delete("/v1/tenants/:tenant/users/:id", async (c) => {
    unwrap(await directoryOf(c.env, c.var.tenantId).deleteUser(c.req.param("id")));
    return c.body(null, 204);
  })
  .get("/v1/tenants/:tenant/groups", async (c) =>
    c.json({ value: unwrap(await directoryOf(c.env, c.var.tenantId).listGroups()) }),
  )
  .post("/v1/tenants/:tenant/groups", async (c) => {
    const input = await jsonBody(c, CreateGroupSchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).createGroup(input)), 201);
  })
  .get("/v1/tenants/:tenant/groups/:id", async (c) =>
    c.json(unwrap(await directoryOf(c.env, c.var.tenantId).getGroup(c.req.param("id")))),
  )
  .patch("/v1/tenants/:tenant/groups/:id", async (c) => {
    const patch = await jsonBody(c, UpdateGroupSchema);
    return c.json(unwrap(await directoryOf(c.env, c.var.tenantId).updateGroup(c.req.param("id"), patch)));
  })
  .delete("/v1/tenants/:tenant/groups/:id", async (c) => {
    unwrap(await directoryOf(c.env, c.var.tenantId).deleteGroup(c.req.param("id")));
    return c.body(null, 204);
  })
  .get("/v1/tenants/:tenant/groups/:id/members", async (c) =>
    c.json(unwrap(await directoryOf(c.env, c.var.tenantId).listGroupMembers(c.req.param("id"), listRequest(c)))),
  );
