import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { Env } from "../../env";
import { clockNow } from "../../lib/clock";
import { migrate } from "../../lib/sql";

const steps = [`CREATE TABLE spend (period TEXT PRIMARY KEY, micros INTEGER NOT NULL) WITHOUT ROWID`];

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

  totals(raw: { now?: number } = {}): SpendTotals {
    const now = clockNow(this.env, z.number().int().nonnegative().optional().parse(raw.now));
    return this.read(now);
  }

  /** Keeps this month and last month; older periods no cap looks at. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const lastMonth = periodsOf(new Date(now).setUTCDate(0)).month;
    this.sql.exec("DELETE FROM spend WHERE (period LIKE 'm:%' AND period < ?) OR (period LIKE 'd:%' AND period < ?)", lastMonth, periodsOf(now - 40 * 86_400_000).day);
    const left = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM spend").one().n;
    if (left === 0) await this.ctx.storage.deleteAll();
    else await this.ctx.storage.setAlarm(now + 24 * 60 * 60 * 1000);
  }

  private read(now: number): SpendTotals {
    const { day, month } = periodsOf(now);
    const value = (period: string) => this.sql.exec<{ micros: number }>("SELECT micros FROM spend WHERE period = ?", period).toArray()[0]?.micros ?? 0;
    return { day: value(day), month: value(month) };
  }
}
