import type { AuditLog } from "./audit/audit-log";
import type { TenantDirectory } from "./directory/tenant-directory";
import type { TenantRegistry } from "./registry/tenant-registry";

/** Bindings, vars and secrets of the worker (see wrangler.toml and `.dev.vars`). */
export interface Env {
  DIRECTORY: DurableObjectNamespace<TenantDirectory>;
  REGISTRY: DurableObjectNamespace<TenantRegistry>;
  /** A tenant's audit log, in `AUDIT_SHARDS` objects named `<tenant>:<shard>`. */
  AUDIT: DurableObjectNamespace<AuditLog>;
  /** `production` unless `.dev.vars` (local) or the test config says otherwise. */
  SESAME_ENV: "production" | "development" | "test";
  /** Operator secret: creates tenants and their first keys. A Worker secret, never a var. */
  SESAME_BOOTSTRAP_SECRET?: string;
}

export type Principal =
  | { kind: "operator" }
  | { kind: "apiKey"; tenantId: string; keyId: string };

/** Hono's environment type for every route. */
export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string; principal: Principal; tenantId: string };
}
