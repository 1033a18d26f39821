import { DurableObject } from "cloudflare:workers";
import type { Tenant } from "#contract/admin/tenant";
import type { Env } from "../env";
import { fail, type Result } from "../http/api-error";
import { migrate } from "../lib/sql";
import { migrations } from "./schema";
import { readTenant } from "./tenant-record";
import { findUser } from "./users";

/**
 * What every part of the tenant directory shares: its SQLite storage, brought up to the latest
 * schema before any call runs, and the checks that a tenant (and a user) exists. The directory's
 * RPC methods are split by concern over a short chain of classes (this one, security-info.ts,
 * tenant-directory.ts) so that each file stays readable; they are still one Durable Object.
 */
export abstract class DirectoryObject extends DurableObject<Env> {
  protected readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, migrations));
  }

  protected withTenant<T>(run: (tenant: Tenant) => Result<T>): Result<T> {
    const tenant = readTenant(this.sql);
    return tenant ? run(tenant) : fail("TENANT_NOT_FOUND");
  }

  protected withUser<T>(userId: string, run: (tenant: Tenant) => Result<T>): Result<T> {
    return this.withTenant((tenant) => (findUser(this.sql, userId) ? run(tenant) : fail("USER_NOT_FOUND")));
  }
}
