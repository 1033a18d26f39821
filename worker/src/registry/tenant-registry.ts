import { DurableObject } from "cloudflare:workers";
import type { Page } from "#contract/admin/common";
import type { Env } from "../env";
import { migrate } from "../lib/sql";

const steps = [
  `CREATE TABLE tenants (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL)`,
];

/**
 * The list of tenant ids, for the operator. Only tenant creation and the operator's listing
 * touch it; no request of a tenant's users passes through here.
 */
export class TenantRegistry extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  /** Claims an id for a new tenant; false when it is taken. */
  reserve(id: string): boolean {
    return this.sql.exec("INSERT OR IGNORE INTO tenants (id, created_at) VALUES (?, ?)", id, Date.now()).rowsWritten > 0;
  }

  release(id: string): void {
    this.sql.exec("DELETE FROM tenants WHERE id = ?", id);
  }

  list(top: number, after = ""): Page<{ id: string; createdAt: string }> {
    const rows = this.sql
      .exec<{ id: string; created_at: number }>("SELECT * FROM tenants WHERE id > ? ORDER BY id LIMIT ?", after, top + 1)
      .toArray();
    const value = rows.slice(0, top).map((row) => ({ id: row.id, createdAt: new Date(row.created_at).toISOString() }));
    return rows.length > top ? { value, skipToken: value.at(-1)!.id } : { value };
  }
}
