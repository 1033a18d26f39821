import { app } from "./app";
import type { Env } from "./env";

export { AuditLog } from "./audit/audit-log";
export { TenantDirectory } from "./directory/tenant-directory";
export { TenantRegistry } from "./registry/tenant-registry";

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
