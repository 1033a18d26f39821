import { Hono, type Context } from "hono";
import type { PasswordResetPolicy } from "#contract/admin/policies";
import { IssueAgentKeySchema, type IssuedAgentKey, type WritebackStatus } from "#contract/admin/writeback";
import { AgentKeyPattern } from "#contract/writeback";
import { directoryOf } from "../directory/stub";
import type { AppEnv } from "../env";
import { ApiError, unwrap } from "../http/api-error";
import { jsonBody } from "../http/validate";
import { sha256Hex } from "../lib/crypto";
import { writebackOf } from "../writeback/client";
import { AGENT_KEY_HASH_HEADER } from "../writeback/writeback-object";

const unauthenticated = () => new ApiError("UNAUTHENTICATED", undefined, { "WWW-Authenticate": 'Bearer realm="sesame-writeback"' });

/** The tenant must exist: the operator's token passes the admin guard for any tenant id. */
async function policyOf(c: Context<AppEnv>): Promise<PasswordResetPolicy> {
  return unwrap(await directoryOf(c.env, c.var.tenantId).getPolicy("passwordReset")) as PasswordResetPolicy;
}

/**
 * Password writeback. The agent connects to `/v1/writeback/connect` with its agent key; admins
 * issue and revoke agent keys and read the status under the tenant (the tenants router's admin
 * guard covers `/v1/tenants/:tenant/*`). Whether writeback is on, and "allow unlock without
 * reset", are the password-reset policy's `onPremises` options.
 */
export const writebackRoutes = new Hono<AppEnv>()
  .get("/v1/writeback/connect", async (c) => {
    // Authenticated before the upgrade, so an unauthenticated socket never reaches the object.
    const key = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
    const tenant = AgentKeyPattern.exec(key)?.[1];
    if (!tenant) throw unauthenticated();
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw new ApiError("UPGRADE_REQUIRED");
    c.set("tenantId", tenant);
    const headers = new Headers({ upgrade: "websocket", [AGENT_KEY_HASH_HEADER]: await sha256Hex(key) });
    const answer = await writebackOf(c.env, tenant).fetch(new Request("https://writeback.internal/connect", { headers }));
    if (answer.status !== 101) throw unauthenticated();
    return answer;
  })
  .get("/v1/tenants/:tenant/writeback", async (c) => {
    const policy = await policyOf(c);
    const live = await writebackOf(c.env, c.var.tenantId).status();
    const status: WritebackStatus = {
      enabled: policy.onPremises.writebackEnabled,
      allowUnlockWithoutReset: policy.onPremises.allowUnlockWithoutReset,
      ...live,
    };
    return c.json(status);
  })
  /** Issues an agent key, shown this once; store it on the agent's server only. */
  .post("/v1/tenants/:tenant/writeback/agents", async (c) => {
    const { name } = await jsonBody(c, IssueAgentKeySchema);
    await policyOf(c);
    const issued = unwrap(await writebackOf(c.env, c.var.tenantId).issueKey(c.var.tenantId, name));
    const body: IssuedAgentKey = { ...issued.agent, key: issued.key };
    return c.json(body, 201);
  })
  /** Revokes a key and closes its agent's connection at once. */
  .delete("/v1/tenants/:tenant/writeback/agents/:id", async (c) => {
    await policyOf(c);
    unwrap(await writebackOf(c.env, c.var.tenantId).revokeKey(c.req.param("id")));
    return c.body(null, 204);
  });
