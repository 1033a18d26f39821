import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { VitalNames } from "#contract/embed/vitals";
import type { Env } from "../env";
import { migrate } from "../lib/sql";
import { VITALS_RETENTION_DAYS } from "../limits";

const steps = [
  `CREATE TABLE hist (day TEXT NOT NULL, metric TEXT NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, metric, bucket)) WITHOUT ROWID;
   CREATE TABLE ratings (day TEXT NOT NULL, metric TEXT NOT NULL, rating TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, metric, rating)) WITHOUT ROWID;`,
];

/** Upper bounds of the histogram's buckets: milliseconds for LOAD and INP, unitless for CLS; the last is open. */
export const VITAL_BUCKETS: Record<(typeof VitalNames)[number], readonly number[]> = {
  LOAD: [100, 200, 300, 500, 800, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 7500, 10_000, 20_000, Infinity],
  INP: [50, 100, 200, 300, 500, 800, 1000, 2000, 5000, Infinity],
  CLS: [0.01, 0.05, 0.1, 0.15, 0.25, 0.5, 1, Infinity],
};

export const bucketOf = (metric: (typeof VitalNames)[number], value: number) => VITAL_BUCKETS[metric].findIndex((bound) => value <= bound);

const RecordSchema = z.strictObject({
  metrics: z.array(z.strictObject({ name: z.enum(VitalNames), value: z.number().min(0).max(600_000), rating: z.enum(["good", "needs-improvement", "poor"]).optional() })).min(1).max(VitalNames.length),
});

export type HistRow = { day: string; metric: string; bucket: number; n: number };
export type RatingRow = { day: string; metric: string; rating: string; n: number };

/**
 * One shard of a tenant's widget web-vitals (`<tenant>#<shard>`, VITALS_SHARDS of them): a
 * histogram per UTC day and metric, and the ratings the browser gave. Numbers only, as the
 * reports arrive: nothing per user or page.
 */
export class VitalsStats extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  async record(raw: z.input<typeof RecordSchema>): Promise<void> {
    const { metrics } = RecordSchema.parse(raw);
    const day = new Date().toISOString().slice(0, 10);
    for (const metric of metrics) {
      this.sql.exec(
        "INSERT INTO hist (day, metric, bucket, n) VALUES (?, ?, ?, 1) ON CONFLICT (day, metric, bucket) DO UPDATE SET n = n + 1",
        day,
        metric.name,
        bucketOf(metric.name, metric.value),
      );
      if (metric.rating) {
        this.sql.exec("INSERT INTO ratings (day, metric, rating, n) VALUES (?, ?, ?, 1) ON CONFLICT (day, metric, rating) DO UPDATE SET n = n + 1", day, metric.name, metric.rating);
      }
    }
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + 86_400_000);
  }

  read(sinceDay: string): { hist: HistRow[]; ratings: RatingRow[] } {
    return {
      hist: this.sql.exec<HistRow>("SELECT * FROM hist WHERE day >= ?", sinceDay).toArray(),
      ratings: this.sql.exec<RatingRow>("SELECT * FROM ratings WHERE day >= ?", sinceDay).toArray(),
    };
  }

  override async alarm(): Promise<void> {
    const cutoff = new Date(Date.now() - VITALS_RETENTION_DAYS * 86_400_000).toISOString().slice(0, 10);
    this.sql.exec("DELETE FROM hist WHERE day < ?", cutoff);
    this.sql.exec("DELETE FROM ratings WHERE day < ?", cutoff);
    if (this.sql.exec("SELECT 1 FROM hist LIMIT 1").toArray().length) await this.ctx.storage.setAlarm(Date.now() + 86_400_000);
    else await this.ctx.storage.deleteAll();
  }
}
