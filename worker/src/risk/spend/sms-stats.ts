import type { PhoneProtectionPolicy } from "#contract/admin/phone-protection";
import type { SmsReport, SmsReportRow } from "#contract/admin/reports";
import type { Env } from "../../env";
import { log } from "../../http/log";
import { RISK_SHARDS } from "../../limits";
import { shardOf } from "../../throttle/keys";
import { spendShardOf } from "../keys";
import { phoneFacts } from "../phone-facts";
import { priceOf } from "./spend";

type Background = Pick<ExecutionContext, "waitUntil">;

/**
 * Counts one phone code for the SMS report, in the spend shard of its destination (the shard
 * its charge goes to): sent (and its price), verified, or blocked by phone protection or the
 * spend cap (and the price it would have cost: money saved). In the background; never fails a flow.
 *
 * @example
 * recordSms(env, ctx, { tenantId, policy, destination: "+447400123456", event: "blocked" });
 */
export function recordSms(
  env: Env,
  background: Background,
  input: { tenantId: string; policy: PhoneProtectionPolicy; destination: string; event: "sent" | "verified" | "blocked" },
): void {
  if (!input.destination.startsWith("+")) return;
  const country = phoneFacts(input.destination).country;
  const micros = Math.round(priceOf(input.policy.spend, country) * 1_000_000);
  const written = spendShardOf(env, input.tenantId, shardOf(input.destination, RISK_SHARDS))
    .recordSms({ tenantId: input.tenantId, event: input.event, country: country ?? "ZZ", micros })
    .catch((error: unknown) => log("error", "sms stats not recorded", { tenant: input.tenantId, name: (error as Error)?.name }));
  background.waitUntil(written);
}

/**
 * The SMS report over the last `days` UTC days: per country, codes sent, verified and the
 * conversion, refused sends and the money they would have cost.
 */
export async function smsReport(env: Env, tenantId: string, days: number, now = Date.now()): Promise<SmsReport> {
  const since = new Date(now - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const rows = (await Promise.all(Array.from({ length: RISK_SHARDS }, (_, shard) => spendShardOf(env, tenantId, shard).smsStats(since)))).flat();
  const byCountry = new Map<string, SmsReportRow>();
  for (const row of rows) {
    const entry = byCountry.get(row.country) ?? { country: row.country, sent: 0, verified: 0, conversion: null, blocked: 0, cost: 0, saved: 0 };
    entry.sent += row.sent;
    entry.verified += row.verified;
    entry.blocked += row.blocked;
    entry.cost += row.cost_micros / 1_000_000;
    entry.saved += row.saved_micros / 1_000_000;
    byCountry.set(row.country, entry);
  }
  const countries = [...byCountry.values()]
    .map((row) => ({ ...row, conversion: row.sent ? Math.round((Math.min(row.verified, row.sent) / row.sent) * 1000) / 1000 : null, cost: round(row.cost), saved: round(row.saved) }))
    .sort((a, b) => b.sent + b.blocked - (a.sent + a.blocked) || a.country.localeCompare(b.country));
  const total = (key: "sent" | "verified" | "blocked" | "cost" | "saved") => round(countries.reduce((sum, row) => sum + row[key], 0));
  const sent = total("sent");
  return {
    from: since,
    days,
    currency: "USD",
    sent,
    verified: total("verified"),
    conversion: sent ? Math.round((Math.min(total("verified"), sent) / sent) * 1000) / 1000 : null,
    blocked: total("blocked"),
    cost: total("cost"),
    saved: total("saved"),
    countries,
  };
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
