import { VitalNames } from "#contract/embed/vitals";
import type { VitalsReportSummary } from "#contract/admin/reports";
import type { Env } from "../env";
import { VITALS_SHARDS } from "../limits";
import { VITAL_BUCKETS } from "./vitals-stats";

export const vitalsShardOf = (env: Env, tenantId: string, shard: number) => env.VITALS.get(env.VITALS.idFromName(`${tenantId}#${shard}`));

/** A report goes to a random shard: any shard will do, and none gets them all. */
export const randomVitalsShard = () => crypto.getRandomValues(new Uint8Array(1))[0]! % VITALS_SHARDS;

/**
 * The widget's performance over the last `days`: per metric, how many reports, the 75th
 * percentile (as the upper bound of its histogram bucket, as CrUX reports it) and the ratings.
 */
export async function vitalsReport(env: Env, tenantId: string, days: number, now = Date.now()): Promise<VitalsReportSummary> {
  const since = new Date(now - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const shards = await Promise.all(Array.from({ length: VITALS_SHARDS }, (_, shard) => vitalsShardOf(env, tenantId, shard).read(since)));
  const metrics = VitalNames.map((name) => {
    const counts = VITAL_BUCKETS[name].map(() => 0);
    for (const row of shards.flatMap((s) => s.hist)) if (row.metric === name) counts[row.bucket] = (counts[row.bucket] ?? 0) + row.n;
    const count = counts.reduce((sum, n) => sum + n, 0);
    let seen = 0;
    const index = counts.findIndex((n) => (seen += n) >= count * 0.75);
    const bound = count ? VITAL_BUCKETS[name][index]! : null;
    const rated = (rating: string) => shards.flatMap((s) => s.ratings).filter((r) => r.metric === name && r.rating === rating).reduce((sum, r) => sum + r.n, 0);
    return { name, count, p75: bound === null || bound === Infinity ? null : bound, p75Above: bound === Infinity ? VITAL_BUCKETS[name].at(-2)! : null, good: rated("good"), needsImprovement: rated("needs-improvement"), poor: rated("poor") };
  });
  return { from: since, days, metrics };
}
