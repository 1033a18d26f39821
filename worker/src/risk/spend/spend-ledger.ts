import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { Env } from "../../env";
import { clockNow } from "../../lib/clock";
import { migrate } from "../../lib/sql";
import { countHour, raiseAlert } from "../../alerts/audit-counters";
import { hourOf } from "../../alerts/spike";
import { ALERT_BASELINE_HOURS, RISK_SHARDS, SMS_STATS_RETENTION_DAYS } from "../../limits";

export const SmsEventSchema = z.strictObject({
  tenantId: z.string().min(3).max(40),
  event: z.enum(["sent", "verified", "blocked"]),
  /** The destination's country, `ZZ` when unknown. */
  country: z.string().regex(/^[A-Z]{2}$/),
  /** What the send cost, or would have cost (blocked), in millionths of a dollar. */
  micros: z.number().int().min(0).max(1e9).default(0),
});
export type SmsEventInput = z.input<typeof SmsEventSchema>;

export type SmsStatsRow = {
  day: string;
  country: string;
  sent: number;
  verified: number;
  blocked: number;
  cost_micros: number;
  saved_micros: number;
};

const steps = [
  `CREATE TABLE spend (period TEXT PRIMARY KEY, micros INTEGER NOT NULL) WITHOUT ROWID`,
  // The SMS report (sms-stats.ts): sends, verified codes and refusals per UTC day and country,
  // and hourly counters for country spike alerts.
  `CREATE TABLE sms_stats (day TEXT NOT NULL, country TEXT NOT NULL, sent INTEGER NOT NULL DEFAULT 0, verified INTEGER NOT NULL DEFAULT 0,
     blocked INTEGER NOT NULL DEFAULT 0, cost_micros INTEGER NOT NULL DEFAULT 0, saved_micros INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (day, country)) WITHOUT ROWID;
   CREATE TABLE counters (hour INTEGER NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (hour, kind)) WITHOUT ROWID;`,
];

const Micros = z.number().int().min(0).max(1e13);
export const ChargeInputSchema = z.strictObject({
  now: z.number().int().nonnegative().optional(),
  micros: Micros,
  /** This shard's share of the caps, in millionths of a dollar; null for no cap. */
  dailyCap: Micros.nullable(),
  monthlyCap: Micros.nullable(),
});
export type ChargeInput = z.input<typeof ChargeInputSchema>;

export interface SpendTotals {
  day: number;
  month: number;
}

/** The UTC day and month a time falls in, as the periods caps apply to. */
export const periodsOf = (now: number) => {
  const iso = new Date(now).toISOString();
  return { day: `d:${iso.slice(0, 10)}`, month: `m:${iso.slice(0, 7)}` };
};

/**
 * One shard of a tenant's SMS and call spend (`spend/<tenant>#<shard>`), in millionths of a
 * dollar per UTC day and month. A send is charged before it goes and refused when it would pass
 * the shard's share of a cap, so the cap holds even under a burst; as with sharded throttles,
 * a shard can run out a little before the tenant as a whole.
 */
export class SpendLedger extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  async charge(raw: ChargeInput): Promise<{ ok: boolean } & SpendTotals> {
    const input = ChargeInputSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const totals = this.read(now);
    const over = (spent: number, cap: number | null) => cap !== null && spent + input.micros > cap;
    if (over(totals.day, input.dailyCap) || over(totals.month, input.monthlyCap)) return { ok: false, ...totals };
    const { day, month } = periodsOf(now);
    for (const period of [day, month]) {
      this.sql.exec(
        "INSERT INTO spend (period, micros) VALUES (?, ?) ON CONFLICT(period) DO UPDATE SET micros = micros + excluded.micros",
        period,
        input.micros,
      );
    }
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + 24 * 60 * 60 * 1000);
    return { ok: true, day: totals.day + input.micros, month: totals.month + input.micros };
  }

  /** Counts a send, a verified code or a refused send for the SMS report; a send may raise a country alert. */
  async recordSms(raw: SmsEventInput): Promise<void> {
    const input = SmsEventSchema.parse(raw);
    const now = Date.now();
    const day = new Date(now).toISOString().slice(0, 10);
    const column = { sent: "sent", verified: "verified", blocked: "blocked" }[input.event];
    const money = input.event === "sent" ? "cost_micros" : input.event === "blocked" ? "saved_micros" : null;
    this.sql.exec(
      `INSERT INTO sms_stats (day, country, ${column}${money ? `, ${money}` : ""}) VALUES (?, ?, 1${money ? ", ?" : ""})
       ON CONFLICT (day, country) DO UPDATE SET ${column} = ${column} + 1${money ? `, ${money} = ${money} + excluded.${money}` : ""}`,
      day,
      input.country,
      ...(money ? [input.micros] : []),
    );
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + 24 * 60 * 60 * 1000);
    if (input.event !== "sent" || input.country === "ZZ") return;
    const spike = countHour(this.sql, `country_send_spike:${input.country}`, hourOf(now), RISK_SHARDS);
    if (spike) this.ctx.waitUntil(raiseAlert(this.env, input.tenantId, spike));
  }

  /** This shard's SMS report rows since `sinceDay` (YYYY-MM-DD). */
  smsStats(sinceDay: string): SmsStatsRow[] {
    return this.sql.exec<SmsStatsRow>("SELECT * FROM sms_stats WHERE day >= ?", sinceDay).toArray();
  }

  totals(raw: { now?: number } = {}): SpendTotals {
    const now = clockNow(this.env, z.number().int().nonnegative().optional().parse(raw.now));
    return this.read(now);
  }

  /** Keeps this month and last month; older periods no cap looks at. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const lastMonth = periodsOf(new Date(now).setUTCDate(0)).month;
    this.sql.exec("DELETE FROM spend WHERE (period LIKE 'm:%' AND period < ?) OR (period LIKE 'd:%' AND period < ?)", lastMonth, periodsOf(now - 40 * 86_400_000).day);
    this.sql.exec("DELETE FROM sms_stats WHERE day < ?", new Date(now - SMS_STATS_RETENTION_DAYS * 86_400_000).toISOString().slice(0, 10));
    this.sql.exec("DELETE FROM counters WHERE hour < ?", now - 2 * ALERT_BASELINE_HOURS * 3_600_000);
    const left = this.sql.exec<{ n: number }>("SELECT (SELECT COUNT(*) FROM spend) + (SELECT COUNT(*) FROM sms_stats) AS n").one().n;
    if (left === 0) await this.ctx.storage.deleteAll();
    else await this.ctx.storage.setAlarm(now + 24 * 60 * 60 * 1000);
  }

  private read(now: number): SpendTotals {
    const { day, month } = periodsOf(now);
    const value = (period: string) => this.sql.exec<{ micros: number }>("SELECT micros FROM spend WHERE period = ?", period).toArray()[0]?.micros ?? 0;
    return { day: value(day), month: value(month) };
  }
}
