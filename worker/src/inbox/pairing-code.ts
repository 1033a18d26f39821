import { DurableObject } from "cloudflare:workers";
import { PAIRING_ALPHABET, PAIRING_CODE_LENGTH } from "#contract/extension";
import type { Env } from "../env";
import { migrate } from "../lib/sql";

const steps = ["CREATE TABLE code (tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL)"];

/** A fresh pairing code: 10 characters of Crockford base32 from the CSPRNG, 50 bits. */
export function newPairingCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(PAIRING_CODE_LENGTH));
  // 32 divides 256: masking keeps every character equally likely.
  return [...bytes].map((b) => PAIRING_ALPHABET[b & 31]).join("");
}

/** `XXXXX-XXXXX`, as My security info shows it. */
export const displayPairingCode = (code: string): string => `${code.slice(0, 5)}-${code.slice(5)}`;

/**
 * One pairing code, named by the tenant and the code's SHA-256 (so the code itself is never a
 * storage key): whose it is and until when. Redeeming it deletes it, inside this one object, so
 * it pairs one device once; the alarm forgets it when it expires unused.
 */
export class PairingCode extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  async issue(input: { tenantId: string; userId: string; expiresAt: number }): Promise<void> {
    this.sql.exec("DELETE FROM code");
    this.sql.exec("INSERT INTO code (tenant_id, user_id, expires_at) VALUES (?, ?, ?)", input.tenantId, input.userId, input.expiresAt);
    await this.ctx.storage.setAlarm(input.expiresAt);
  }

  /** The user the code pairs for, once; null for a code that is unknown, used or expired. */
  async redeem(tenantId: string): Promise<{ userId: string } | null> {
    const row = this.sql.exec<{ tenant_id: string; user_id: string; expires_at: number }>("SELECT * FROM code").toArray()[0];
    if (!row) return null;
    this.sql.exec("DELETE FROM code");
    await this.ctx.storage.deleteAlarm();
    return row.tenant_id === tenantId && row.expires_at > Date.now() ? { userId: row.user_id } : null;
  }

  override async alarm(): Promise<void> {
    this.sql.exec("DELETE FROM code");
  }
}
