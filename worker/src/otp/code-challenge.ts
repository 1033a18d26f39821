import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
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
  // v1 held one challenge per object; those objects are no longer addressed.
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
  `DROP TABLE challenge; DROP TABLE deliveries;
   CREATE TABLE challenges (
     key TEXT PRIMARY KEY,
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
     alarm_at INTEGER NOT NULL
   );
   CREATE INDEX challenges_alarm ON challenges (alarm_at);
   CREATE TABLE code_deliveries (
     challenge TEXT NOT NULL,
     message_id TEXT NOT NULL,
     record TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (challenge, message_id)
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
  alarm_at: number;
};

const KeySchema = z.string().min(1).max(160);

/** The next thing to purge of a challenge: its live code at expiry, else the whole challenge at retention's end. */
const nextPurge = (row: Pick<ChallengeRow, "code_state" | "code_expires_at" | "retain_until">) =>
  row.code_state === "active" ? row.code_expires_at! : row.retain_until;

/**
 * The one-time codes of many challenges (one per flow step, `challengeOf(env, key)` in
 * send-code.ts picks the bucket), each a row. Every issue and check of one challenge's codes runs
 * here, each as one synchronous step after its only await, which is what makes "single use" and
 * "at most 5 checks" exact under any number of parallel requests. Only the code's HMAC is stored;
 * one alarm per bucket purges codes at expiry and forgets challenges once their counters can no
 * longer matter. Shared buckets are warm: no object or SQLite file is started per flow step.
 */
export class CodeChallenge extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** When the alarm is set for, as this instance last set or read it; null when none is. */
  private alarmAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      migrate(this.sql, steps);
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  /** Issues a new code (the first, or a resend that replaces the last). */
  async issue(rawKey: string, raw: IssueInput): Promise<IssueResult> {
    const key = KeySchema.parse(rawKey);
    const input = IssueInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const code = generateCode(input.length);
    const mac = await codeMac(this.env.OTP_HMAC_SECRET, input, code);

    // From here on nothing awaits until the row is written: checks and write are one atomic step.
    const row = this.row(key);
    if (row && row.flow_id !== input.flowId) throw new Error("challenge used for another flow");
    if (row && row.tenant_id !== input.tenantId) throw new Error("challenge used for another tenant");
    if (row && row.failures >= OTP_MAX_FAILURES_PER_FLOW) return { ok: false, code: "OTP_ATTEMPTS_EXCEEDED" };
    if (row && row.sends >= OTP_MAX_SENDS_PER_FLOW) return { ok: false, code: "OTP_SEND_LIMIT" };
    const resendAt = row ? row.last_sent_at + OTP_RESEND_INTERVAL_SECONDS * 1000 : now;
    if (now < resendAt) return { ok: false, code: "OTP_RESEND_TOO_SOON", retryAfter: Math.ceil((resendAt - now) / 1000) };

    const sends = (row?.sends ?? 0) + 1;
    const expiresAt = now + input.ttlSeconds * 1000;
    // A resend replaces the code and its per-code checks, never the flow's failure count.
    this.sql.exec(
      `INSERT INTO challenges (key, tenant_id, flow_id, sends, failures, last_sent_at, retain_until, code_state, code_mac,
         code_channel, code_expires_at, code_checks, alarm_at)
       VALUES (?, ?, ?, ?, 0, ?, ?, 'active', ?, ?, ?, 0, ?)
       ON CONFLICT(key) DO UPDATE SET sends = excluded.sends, last_sent_at = excluded.last_sent_at,
         retain_until = excluded.retain_until, code_state = 'active', code_mac = excluded.code_mac,
         code_channel = excluded.code_channel, code_expires_at = excluded.code_expires_at, code_checks = 0,
         alarm_at = excluded.alarm_at`,
      key,
      input.tenantId,
      input.flowId,
      sends,
      now,
      now + OTP_CHALLENGE_RETENTION_SECONDS * 1000,
      mac,
      input.channel,
      expiresAt,
      expiresAt,
    );
    await this.alarmBy(expiresAt);
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

  /** Checks a code typed by the user against the challenge's current code and destination. */
  async verify(rawKey: string, raw: VerifyInput): Promise<VerifyResult> {
    const key = KeySchema.parse(rawKey);
    const input = VerifyInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const before = this.row(key);
    if (!before || before.code_state === "none") return { ok: false, code: "OTP_NOT_FOUND" };
    const binding = { tenantId: before.tenant_id, flowId: before.flow_id, destination: input.destination };
    const mac = await codeMac(this.env.OTP_HMAC_SECRET, binding, input.code);

    // Read again after the await: a parallel check may have used the code or spent an attempt.
    // Everything below is synchronous, so exactly one of any number of parallel checks wins.
    const row = this.row(key);
    if (!row) return { ok: false, code: "OTP_NOT_FOUND" }; // forgotten by the alarm meanwhile
    if (row.code_state === "used") return { ok: false, code: "OTP_ALREADY_USED" };
    if (row.failures >= OTP_MAX_FAILURES_PER_FLOW) return { ok: false, code: "OTP_ATTEMPTS_EXCEEDED" };
    if (row.code_state === "expired" || now >= (row.code_expires_at ?? 0)) {
      this.expireCode(key);
      return { ok: false, code: "OTP_EXPIRED" };
    }
    if (row.code_checks >= OTP_MAX_CHECKS_PER_CODE) return { ok: false, code: "OTP_ATTEMPTS_EXCEEDED" };

    if (row.code_mac && sameMac(new Uint8Array(row.code_mac), mac)) {
      this.sql.exec("UPDATE challenges SET code_state = 'used', code_mac = NULL, code_checks = code_checks + 1, alarm_at = retain_until WHERE key = ?", key);
      log("info", "otp.verified", { tenant: row.tenant_id, flowId: row.flow_id, channel: row.code_channel });
      return { ok: true, value: { channel: row.code_channel!, verifiedAt: iso(now) } };
    }
    this.sql.exec("UPDATE challenges SET failures = failures + 1, code_checks = code_checks + 1 WHERE key = ?", key);
    const attemptsLeft = Math.min(
      OTP_MAX_CHECKS_PER_CODE - (row.code_checks + 1),
      OTP_MAX_FAILURES_PER_FLOW - (row.failures + 1),
    );
    log("info", "otp.rejected", { tenant: row.tenant_id, flowId: row.flow_id, failures: row.failures + 1 });
    return { ok: false, code: "OTP_INVALID", attemptsLeft };
  }

  status(rawKey: string, fakeNow?: number): ChallengeStatus {
    const now = clockNow(this.env, fakeNow);
    const row = this.row(KeySchema.parse(rawKey));
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

  /** Keeps the outcome of delivering one of this challenge's messages (never its text or code). */
  recordDelivery(rawKey: string, raw: DeliveryRecord): void {
    const key = KeySchema.parse(rawKey);
    const record = DeliveryRecordSchema.parse(raw);
    if (!this.row(key)) return;
    this.sql.exec(
      "INSERT OR REPLACE INTO code_deliveries (challenge, message_id, record, created_at) VALUES (?, ?, ?, ?)",
      key,
      record.messageId,
      JSON.stringify(record),
      Date.now(),
    );
  }

  deliveries(rawKey: string): DeliveryRecord[] {
    return this.sql
      .exec<{ record: string }>("SELECT record FROM code_deliveries WHERE challenge = ? ORDER BY created_at, message_id", KeySchema.parse(rawKey))
      .toArray()
      .map((row) => DeliveryRecordSchema.parse(JSON.parse(row.record)));
  }

  /**
   * Purges what is due. An alarm never runs before the time it was set for, so whatever was due
   * then is due now, even when a test runs the alarm early.
   */
  override async alarm(): Promise<void> {
    const due = Math.max(Date.now(), this.alarmAt ?? 0);
    this.alarmAt = null;
    const rows = this.sql.exec<ChallengeRow & { key: string }>("SELECT * FROM challenges WHERE alarm_at <= ?", due).toArray();
    for (const row of rows) {
      if (due >= row.retain_until) {
        this.sql.exec("DELETE FROM code_deliveries WHERE challenge = ?", row.key);
        this.sql.exec("DELETE FROM challenges WHERE key = ?", row.key);
      } else if (row.code_state === "active" && due >= (row.code_expires_at ?? 0)) {
        this.expireCode(row.key);
      } else {
        this.sql.exec("UPDATE challenges SET alarm_at = ? WHERE key = ?", nextPurge(row), row.key);
      }
    }
    const next = this.sql.exec<{ at: number | null }>("SELECT MIN(alarm_at) AS at FROM challenges").one().at;
    if (next !== null) await this.alarmBy(next);
  }

  private row(key: string): ChallengeRow | null {
    return this.sql.exec<ChallengeRow>("SELECT * FROM challenges WHERE key = ?", key).toArray()[0] ?? null;
  }

  private expireCode(key: string): void {
    this.sql.exec("UPDATE challenges SET code_state = 'expired', code_mac = NULL, alarm_at = retain_until WHERE key = ? AND code_state = 'active'", key);
  }

  /** Moves the alarm earlier when a challenge is due before it; never later (the alarm looks again). */
  private async alarmBy(at: number): Promise<void> {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }
}
