import type { Env } from "../env";
import { RISK_SHARDS } from "../limits";
import { ipKey, shardOf } from "../throttle/keys";
import type { PhoneFacts } from "./phone-facts";

/**
 * The RiskSignals objects one send touches. Names become Durable Object ids, which the runtime
 * hashes, so no number shows up in storage. Tenant-wide counters are split over RISK_SHARDS
 * shards picked by the number, so no single object sees every send of a tenant.
 *
 * @example
 * riskKeys("contoso", phoneFacts("+447400123456"), "198.51.100.7").block // "blk/+447400123"
 */
export function riskKeys(tenantId: string, facts: PhoneFacts, ip: string | null) {
  const shard = shardOf(facts.e164, RISK_SHARDS);
  return {
    number: `num/${facts.e164}`,
    block: `blk/${facts.block}`,
    range: `rng/${facts.range}`,
    ip: ipSignalsKey(ip),
    country: `cty/${tenantId}/${facts.country ?? "ZZ"}#${shard}`,
    tenant: `ten/${tenantId}#${shard}`,
  };
}

/** Addresses Cloudflare could not name are not one shared client: they get no IP signals. */
export const ipSignalsKey = (ip: string | null): string | null => {
  const key = ipKey(ip);
  return key === "ip:unknown" ? null : `ip/${key}`;
};

export const signalsOf = (env: Env, name: string) => env.RISK.get(env.RISK.idFromName(name));
export const spendShardOf = (env: Env, tenantId: string, shard: number) => env.SPEND.get(env.SPEND.idFromName(`spend/${tenantId}#${shard}`));
