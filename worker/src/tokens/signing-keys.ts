import { DurableObject } from "cloudflare:workers";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import type { Env } from "../env";
import { log } from "../http/log";
import { migrate } from "../lib/sql";
import { SIGNING_KEY_ROTATION_DAYS } from "../limits";

const steps = [
  `CREATE TABLE keys (
     kid TEXT PRIMARY KEY,
     status TEXT NOT NULL CHECK (status IN ('next', 'current', 'previous')),
     private_jwk TEXT NOT NULL,
     public_jwk TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     activated_at INTEGER
   )`,
];

type KeyRow = { kid: string; status: "next" | "current" | "previous"; private_jwk: string; public_jwk: string; created_at: number; activated_at: number | null };

const ROTATION_MS = SIGNING_KEY_ROTATION_DAYS * 86_400_000;

/** A public JWK as the JWKS publishes it. */
export type PublishedKey = JWK & { kid: string; alg: "ES256"; use: "sig" };

/**
 * The service's token signing keys (one object, `idFromName("global")`): ES256 key pairs whose
 * private halves never leave the worker. Three are kept: `next` (published, not yet signing, so
 * every verifier's cached JWKS knows it before its first token), `current` (signing), and
 * `previous` (published until the tokens it signed have expired). Rotation shifts them along and
 * drops the oldest; an alarm rotates every SIGNING_KEY_ROTATION_DAYS. Isolates cache the keys
 * (tokens/keys.ts), so this object is asked about once a minute per isolate, not per token.
 */
export class SigningKeys extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  /** The key that signs now: its id and private JWK. */
  async signingKey(): Promise<{ kid: string; privateJwk: JWK }> {
    await this.ensure();
    const row = this.rows().find((r) => r.status === "current")!;
    return { kid: row.kid, privateJwk: JSON.parse(row.private_jwk) as JWK };
  }

  /** The public keys to publish: next, current and previous. */
  async publicKeys(): Promise<PublishedKey[]> {
    await this.ensure();
    return this.rows().map((row) => JSON.parse(row.public_jwk) as PublishedKey);
  }

  /** next → current → previous; the old previous is deleted and a new next made. */
  async rotate(): Promise<{ current: string; next: string; previous: string | null }> {
    await this.ctx.blockConcurrencyWhile(async () => {
      await this.ensureUnlocked();
      const made = await newKey();
      const now = Date.now();
      this.ctx.storage.transactionSync(() => {
        this.sql.exec("DELETE FROM keys WHERE status = 'previous'");
        this.sql.exec("UPDATE keys SET status = 'previous' WHERE status = 'current'");
        this.sql.exec("UPDATE keys SET status = 'current', activated_at = ? WHERE status = 'next'", now);
        this.insert(made, "next", null);
      });
      await this.ctx.storage.setAlarm(now + ROTATION_MS);
    });
    const rows = this.rows();
    const kid = (status: KeyRow["status"]) => rows.find((r) => r.status === status)?.kid ?? null;
    log("info", "signing keys rotated", { current: kid("current"), next: kid("next") });
    return { current: kid("current")!, next: kid("next")!, previous: kid("previous") };
  }

  override async alarm(): Promise<void> {
    const current = this.rows().find((r) => r.status === "current");
    if (!current) return;
    const due = (current.activated_at ?? current.created_at) + ROTATION_MS;
    if (Date.now() >= due) await this.rotate();
    else await this.ctx.storage.setAlarm(due);
  }

  /** Makes the first current and next keys, once, before anything reads them. */
  private async ensure(): Promise<void> {
    if (this.rows().length >= 2) return;
    await this.ctx.blockConcurrencyWhile(() => this.ensureUnlocked());
  }

  private async ensureUnlocked(): Promise<void> {
    const statuses = new Set(this.rows().map((r) => r.status));
    const now = Date.now();
    if (!statuses.has("current")) this.insert(await newKey(), "current", now);
    if (!statuses.has("next")) this.insert(await newKey(), "next", null);
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + ROTATION_MS);
  }

  private insert(key: { kid: string; privateJwk: JWK; publicJwk: PublishedKey }, status: KeyRow["status"], activatedAt: number | null): void {
    this.sql.exec(
      "INSERT INTO keys (kid, status, private_jwk, public_jwk, created_at, activated_at) VALUES (?, ?, ?, ?, ?, ?)",
      key.kid,
      status,
      JSON.stringify(key.privateJwk),
      JSON.stringify(key.publicJwk),
      Date.now(),
      activatedAt,
    );
  }

  private rows(): KeyRow[] {
    return this.sql.exec<KeyRow>("SELECT * FROM keys ORDER BY created_at DESC").toArray();
  }
}

/** A fresh P-256 key pair; its id is the RFC 7638 thumbprint of the public key. */
async function newKey(): Promise<{ kid: string; privateJwk: JWK; publicJwk: PublishedKey }> {
  const pair = await generateKeyPair("ES256", { extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = { ...(await exportJWK(pair.privateKey)), kid, alg: "ES256" };
  return { kid, privateJwk, publicJwk: { ...publicJwk, kid, alg: "ES256", use: "sig" } };
}
