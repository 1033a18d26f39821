import { DurableObject } from "cloudflare:workers";
import type { DeliveryRecord } from "../delivery/types";
import { DeliveryRecordSchema } from "../delivery/types";
import type { Env } from "../env";
import { log } from "../http/log";
import { clockNow } from "../lib/clock";
import { iso, migrate } from "../lib/sql";
import {
  OTP_CHALLENGE_RETENTION_SECONDS,
  OTP_MAX_CHECKS_PER_CODE,
  OTP_MAX_FAILURES_PER_FLOW,
  OTP_MAX_SENDS_PER_FLOW,
  OTP_RESEND_INTERVAL_SECONDS,
} from "../limits";
import {
  IssueInputSchema,
  VerifyInputSchema,
  type ChallengeStatus,
  type Channel,
  type IssueInput,
  type IssueResult,
  type VerifyInput,
  type VerifyResult,
} from "./challenge-types";
import { codeMac, generateCode, sameMac } from "./code";

const steps = [
  `CREATE TABLE challenge (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     tenant_id TEXT NOT NULL,
     flow_id TEXT NOT NULL,
     sends INTEGER NOT NULL,
     failures INTEGER NOT NULL,
     last_sent_at INTEGER NOT NULL,
     retain_until INTEGER NOT NULL,
     code_state TEXT NOT NULL,
     code_mac BLOB,
     code_channel TEXT,
     code_expires_at INTEGER,
     code_checks INTEGER NOT NULL,
     alarm_at INTEGER
   );
   CREATE TABLE deliveries (
     message_id TEXT PRIMARY KEY,
     record TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );`,
];

type ChallengeRow = {
  tenant_id: string;
  flow_id: string;
  sends: number;
  failures: number;
  last_sent_at: number;
  retain_until: number;
  code_state: ChallengeStatus["codeState"];
  code_mac: ArrayBuffer | null;
  code_channel: Channel | null;
  code_expires_at: number | null;
  code_checks: number;
  alarm_at: number | null;
};

/**
 * The one-time codes of one flow (`idFromName(flowId)`). Every issue and check of a flow's codes
 * is serialised here, which is what makes "single use" and "at most 5 checks" exact under any
 * number of parallel requests. Only the code's HMAC is stored; an alarm purges it at expiry and
 * forgets the whole flow once its counters can no longer matter.
 */
export class CodeChallenge extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** False once the flow is forgotten (deleteAll drops the tables): reads then find nothing. */
  private hasSchema = true;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  /** Issues a new code (the first, or a resend that replaces the last). */
  async issue(raw: IssueInput): Promise<IssueResult> {
    const input = IssueInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const code = generateCode(input.length);
    const mac = await codeMac(this.env.OTP_HMAC_SECRET, input, code);

    // From here on nothing awaits until the row is written: checks and write are one atomic step.
    this.ensureSchema();
    const row = this.row();
    if (row && row.flow_id !== input.flowId) throw new Error("challenge object used for another flow");
    if (row && row.tenant_id !== input.tenantId) throw new Error("challenge object used for another tenant");
    if (row && row.failures >= OTP_MAX_FAILURES_PER_FLOW) return { ok: false, code: "OTP_ATTEMPTS_EXCEEDED" };
    if (row && row.sends >= OTP_MAX_SENDS_PER_FLOW) return { ok: false, code: "OTP_SEND_LIMIT" };
    const resendAt = row ? row.last_sent_at + OTP_RESEND_INTERVAL_SECONDS * 1000 : now;
    if (now < resendAt) return { ok: false, code: "OTP_RESEND_TOO_SOON", retryAfter: Math.ceil((resendAt - now) / 1000) };

    const sends = (row?.sends ?? 0) + 1;
    const expiresAt = now + input.ttlSeconds * 1000;
    // A resend replaces the code and its per-code checks, never the flow's failure count.
    this.sql.exec(
      `INSERT INTO challenge (id, tenant_id, flow_id, sends, failures, last_sent_at, retain_until, code_state, code_mac,
         code_channel, code_expires_at, code_checks)
       VALUES (1, ?, ?, ?, 0, ?, ?, 'active', ?, ?, ?, 0)
       ON CONFLICT(id) DO UPDATE SET sends = excluded.sends, last_sent_at = excluded.last_sent_at,
         retain_until = excluded.retain_until, code_state = 'active', code_mac = excluded.code_mac,
         code_channel = excluded.code_channel, code_expires_at = excluded.code_expires_at, code_checks = 0`,
      input.tenantId,
      input.flowId,
      sends,
      now,
      now + OTP_CHALLENGE_RETENTION_SECONDS * 1000,
      mac,
      input.channel,
      expiresAt,
    );
    await this.scheduleAlarm();
    log("info", "otp.issued", { tenant: input.tenantId, flowId: input.flowId, channel: input.channel, sends });
    return {
      ok: true,
      value: {
        code,
        channel: input.channel,
        expiresAt: iso(expiresAt),
        resendAvailableAt: iso(now + OTP_RESEND_INTERVAL_SECONDS * 1000),
        sendsLeft: OTP_MAX_SENDS_PER_FLOW - sends,
      },
    };
  }

  /** Checks a code typed by the user against the flow's current code and destination. */
  async verify(raw: VerifyInput): Promise<VerifyResult> {
    const input = VerifyInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const before = this.row();
    if (!before || before.code_state === "none") return { ok: false, code: "OTP_NOT_FOUND" };
    const binding = { tenantId: before.tenant_id, flowId: before.flow_id, destination: input.destination };
    const mac = await codeMac(this.env.OTP_HMAC_SECRET, binding, input.code);

    // Read again after the await: a parallel check may have used the code or spent an attempt.
    // Everything below is synchronous, so exactly one of any number of parallel checks wins.
    const row = this.row();
    if (!row) return { ok: false, code: "OTP_NOT_FOUND" }; // forgotten by its alarm meanwhile
    if (row.code_state === "used") return { ok: false, code: "OTP_ALREADY_USED" };
    if (row.failures >= OTP_MAX_FAILURES_PER_FLOW) return { ok: false, code: "OTP_ATTEMPTS_EXCEEDED" };
    if (row.code_state === "expired" || now >= (row.code_expires_at ?? 0)) {
      this.expireCode();
      return { ok: false, code: "OTP_EXPIRED" };
    }
    if (row.code_checks >= OTP_MAX_CHECKS_PER_CODE) return { ok: false, code: "OTP_ATTEMPTS_EXCEEDED" };

    if (row.code_mac && sameMac(new Uint8Array(row.code_mac), mac)) {
      this.sql.exec("UPDATE challenge SET code_state = 'used', code_mac = NULL, code_checks = code_checks + 1");
      log("info", "otp.verified", { tenant: row.tenant_id, flowId: row.flow_id, channel: row.code_channel });
      return { ok: true, value: { channel: row.code_channel!, verifiedAt: iso(now) } };
    }
    this.sql.exec("UPDATE challenge SET failures = failures + 1, code_checks = code_checks + 1");
    const attemptsLeft = Math.min(
      OTP_MAX_CHECKS_PER_CODE - (row.code_checks + 1),
      OTP_MAX_FAILURES_PER_FLOW - (row.failures + 1),
    );
    log("info", "otp.rejected", { tenant: row.tenant_id, flowId: row.flow_id, failures: row.failures + 1 });
    return { ok: false, code: "OTP_INVALID", attemptsLeft };
  }

  status(fakeNow?: number): ChallengeStatus {
    const now = clockNow(this.env, fakeNow);
    const row = this.row();
    if (!row) return { exists: false, sends: 0, failures: 0, codeState: "none", expiresAt: null };
    const expired = row.code_state === "active" && now >= (row.code_expires_at ?? 0);
    return {
      exists: true,
      sends: row.sends,
      failures: row.failures,
      codeState: expired ? "expired" : row.code_state,
      expiresAt: row.code_expires_at === null ? null : iso(row.code_expires_at),
    };
  }

  /** Keeps the outcome of delivering one of this flow's messages (never its text or code). */
  recordDelivery(raw: DeliveryRecord): void {
    const record = DeliveryRecordSchema.parse(raw);
    if (!this.row()) return;
    this.sql.exec(
      "INSERT OR REPLACE INTO deliveries (message_id, record, created_at) VALUES (?, ?, ?)",
      record.messageId,
      JSON.stringify(record),
      Date.now(),
    );
  }

  deliveries(): DeliveryRecord[] {
    if (!this.hasSchema) return [];
    return this.sql
      .exec<{ record: string }>("SELECT record FROM deliveries ORDER BY created_at, message_id")
      .toArray()
      .map((row) => DeliveryRecordSchema.parse(JSON.parse(row.record)));
  }

  /**
   * Purges what is due. An alarm never runs before the time it was set for (kept in `alarm_at`),
   * so whatever was due then is due now, even when a test runs the alarm early.
   */
  override async alarm(): Promise<void> {
    const row = this.row();
    if (!row) return;
    const due = Math.max(Date.now(), row.alarm_at ?? 0);
    if (due >= row.retain_until) {
      // Everything goes, alarm included: an object with no storage left costs nothing.
      await this.ctx.storage.deleteAll();
      this.hasSchema = false;
      return;
    }
    if (row.code_state === "active" && due >= (row.code_expires_at ?? 0)) this.expireCode();
    await this.scheduleAlarm();
  }

  private ensureSchema(): void {
    if (!this.hasSchema) migrate(this.sql, steps);
    this.hasSchema = true;
  }

  private row(): ChallengeRow | null {
    if (!this.hasSchema) return null;
    return this.sql.exec<ChallengeRow>("SELECT * FROM challenge WHERE id = 1").toArray()[0] ?? null;
  }

  private expireCode(): void {
    this.sql.exec("UPDATE challenge SET code_state = 'expired', code_mac = NULL WHERE code_state = 'active'");
  }

  /** The next thing to purge: the live code at its expiry, else the whole flow at retention's end. */
  private async scheduleAlarm(): Promise<void> {
    const row = this.row();
    if (!row) return;
    const next = row.code_state === "active" ? row.code_expires_at! : row.retain_until;
    this.sql.exec("UPDATE challenge SET alarm_at = ?", next);
    await this.ctx.storage.setAlarm(next);
  }
}
