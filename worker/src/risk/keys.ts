import type { Env } from "../env";
import { RISK_SHARDS } from "../limits";
import { ipKey, shardOf } from "../throttle/keys";
import type { PhoneFacts } from "./phone-facts";

/**
 * The RiskSignals objects one send touches, and the scopes each is asked about: the number; its
 * range of 100,000 with its block of 1,000 as a scope; the client address; and a shard of the
 * tenant with the number's country as a scope. Four calls per send, made at once. Names become
 * Durable Object ids, which the runtime hashes, so no number shows up in storage; tenant-wide
 * counters are split over RISK_SHARDS shards picked by the number, so no object sees every send
 * of a tenant.
 *
 * @example
 * riskKeys("contoso", phoneFacts("+447400123456"), "198.51.100.7").range // "rng/+4474001"
 */
export function riskKeys(tenantId: string, facts: PhoneFacts, ip: string | null) {
  return {
    number: `num/${facts.e164}`,
    range: `rng/${facts.range}`,
    /** The block's scope inside its range: the digits between the two. */
    block: `b${facts.block.slice(facts.range.length)}`,
    ip: ipSignalsKey(ip),
    tenant: `ten/${tenantId}#${shardOf(facts.e164, RISK_SHARDS)}`,
    /** The country's scope inside the tenant shard. */
    country: facts.country ?? "ZZ",
  };
}
export type RiskKeys = ReturnType<typeof riskKeys>;

/** Addresses Cloudflare could not name are not one shared client: they get no IP signals. */
export const ipSignalsKey = (ip: string | null): string | null => {
  const key = ipKey(ip);
  return key === "ip:unknown" ? null : `ip/${key}`;
};

export const signalsOf = (env: Env, name: string) => env.RISK.get(env.RISK.idFromName(name));
export const spendShardOf = (env: Env, tenantId: string, shard: number) => env.SPEND.get(env.SPEND.idFromName(`spend/${tenantId}#${shard}`));
