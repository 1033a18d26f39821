import type { PhoneProtectionPolicy } from "#contract/admin/phone-protection";
import type { Env } from "../../env";
import { RISK_SHARDS, SPEND_STATUS_CACHE_MS } from "../../limits";
import { shardOf } from "../../throttle/keys";
import { spendShardOf } from "../keys";

type SpendPolicy = PhoneProtectionPolicy["spend"];

const toMicros = (usd: number) => Math.round(usd * 1_000_000);
const capsSet = (spend: SpendPolicy) => spend.dailyCap !== null || spend.monthlyCap !== null;

/** What one SMS or call to a country costs the tenant, in USD. */
export function priceOf(spend: SpendPolicy, country: string | null): number {
  const price = country ? spend.prices[country] : undefined;
  return price ?? spend.defaultPrice;
}

/**
 * Charges one send to the tenant's spend, refusing it when it would pass a cap. Each of the
 * RISK_SHARDS ledger shards holds its share of the caps; the destination picks the shard.
 *
 * @example
 * if (!(await chargeSpend(env, tenantId, policy.spend, "+447400123456", "GB"))) refuse("SPEND_CAP_REACHED");
 */
export async function chargeSpend(env: Env, tenantId: string, spend: SpendPolicy, destination: string, country: string | null): Promise<boolean> {
  if (!capsSet(spend)) return true;
  const share = (cap: number | null) => (cap === null ? null : Math.floor(toMicros(cap) / RISK_SHARDS));
  const result = await spendShardOf(env, tenantId, shardOf(destination, RISK_SHARDS)).charge({
    micros: toMicros(priceOf(spend, country)),
    dailyCap: share(spend.dailyCap),
    monthlyCap: share(spend.monthlyCap),
  });
  if (!result.ok) cache.delete(tenantId);
  return result.ok;
}

const cache = new Map<string, { totals: { day: number; month: number }; expires: number }>();

/** The tenant's spend today and this month in USD, summed over its shards (cached briefly per isolate). */
export async function spendTotals(env: Env, tenantId: string): Promise<{ day: number; month: number }> {
  const now = Date.now();
  const hit = cache.get(tenantId);
  if (hit && hit.expires > now) return hit.totals;
  const shards = await Promise.all(Array.from({ length: RISK_SHARDS }, (_, shard) => spendShardOf(env, tenantId, shard).totals()));
  const totals = {
    day: shards.reduce((sum, s) => sum + s.day, 0) / 1_000_000,
    month: shards.reduce((sum, s) => sum + s.month, 0) / 1_000_000,
  };
  if (cache.size >= 1_000) cache.delete(cache.keys().next().value!);
  cache.set(tenantId, { totals, expires: now + SPEND_STATUS_CACHE_MS });
  return totals;
}

/**
 * Whether phone methods should be offered at all: not once a cap is reached (or so nearly that
 * the cheapest send would pass it), when flows fall back to email, the authenticator or the extension.
 */
export async function spendCapReached(env: Env, tenantId: string, spend: SpendPolicy): Promise<boolean> {
  if (!capsSet(spend)) return false;
  const totals = await spendTotals(env, tenantId);
  const cheapest = Math.min(spend.defaultPrice, ...Object.values(spend.prices));
  const reached = (spent: number, cap: number | null) => cap !== null && spent + cheapest > cap;
  return reached(totals.day, spend.dailyCap) || reached(totals.month, spend.monthlyCap);
}
