import { createHash } from "node:crypto";
import type { Env } from "../env";
import { RISK_BUCKETS, RISK_SHARDS } from "../limits";
import { ipKey, shardOf } from "../throttle/keys";
import type { PhoneFacts } from "./phone-facts";

/**
 * Where one send's signals live: three RiskSignals objects (four for a request from another
 * country than its number's), asked at once, each answering for a few scopes. A number's range (100,000 numbers), its block (1,000) and the number itself share
 * one of RISK_BUCKETS range buckets, picked by the range; the client address (IPv4, or IPv6 /64)
 * one of RISK_BUCKETS address buckets; the tenant and the number's country one of the tenant's
 * RISK_SHARDS shards, picked by the number; the tenant's requests from another country than their
 * number's one object of their own, counted whole. Buckets are shared, so
 * they are warm: a fresh object per new number would cost more than every signal together.
 * Numbers and addresses are scopes by keyed hash, never in clear; ranges and blocks are digits.
 *
 * @example
 * riskKeys(env, "contoso", phoneFacts("+447400123456"), "198.51.100.7").scopes.range // "r4474001"
 */
export function riskKeys(env: Pick<Env, "OTP_HMAC_SECRET">, tenantId: string, facts: PhoneFacts, ip: string | null) {
  const range = facts.range.slice(1);
  const address = addressKey(env, ip);
  return {
    /** The range bucket: scopes range, block, number. */
    numbers: `rng/${shardOf(range, RISK_BUCKETS)}`,
    /** The address bucket, when Cloudflare named the client. */
    ip: address?.object ?? null,
    /** The tenant shard: scopes tenant ("") and country. */
    tenant: `ten/${tenantId}#${shardOf(facts.e164, RISK_SHARDS)}`,
    /**
     * The tenant's requests from another country than their number's, unsharded: a takeover wave
     * must be seen from its first few requests, not estimated from a quarter of them. Only such
     * requests (a few in a hundred) ask it.
     */
    elsewhere: `ten/${tenantId}#elsewhere`,
    scopes: {
      range: `r${range}`,
      block: `b${facts.block.slice(1)}`,
      number: numberScope(env, facts.e164),
      address: address?.scope ?? null,
      country: facts.country ?? "ZZ",
    },
  };
}
export type RiskKeys = ReturnType<typeof riskKeys>;

/** A keyed hash under the server secret: the small space of numbers and addresses cannot be walked back. */
const keyed = (env: Pick<Env, "OTP_HMAC_SECRET">, label: string, value: string) =>
  createHash("sha256").update(`${env.OTP_HMAC_SECRET ?? ""}\n${label}\n${value}`).digest("hex").slice(0, 24);

/** A number's scope in its range bucket (also how an address remembers the numbers asked from it). */
export const numberScope = (env: Pick<Env, "OTP_HMAC_SECRET">, e164: string) => `n${keyed(env, "number", e164)}`;

/**
 * The address bucket and scope of a client. Addresses Cloudflare could not name are not one
 * shared client: they get no address signals.
 */
export function addressKey(env: Pick<Env, "OTP_HMAC_SECRET">, ip: string | null): { object: string; scope: string } | null {
  const key = ipKey(ip);
  if (key === "ip:unknown") return null;
  const scope = `a${keyed(env, "address", key)}`;
  return { object: `ip/${shardOf(scope, RISK_BUCKETS)}`, scope };
}

/** The range bucket a number's signals, history and decisions live in. */
export function numberKey(env: Pick<Env, "OTP_HMAC_SECRET">, e164: string) {
  const digits = e164.slice(1);
  const range = digits.slice(0, Math.max(digits.length - 5, Math.min(digits.length, 3)));
  return { object: `rng/${shardOf(range, RISK_BUCKETS)}`, scope: numberScope(env, e164) };
}

export const signalsOf = (env: Env, name: string) => env.RISK.get(env.RISK.idFromName(name));
export const spendShardOf = (env: Env, tenantId: string, shard: number) => env.SPEND.get(env.SPEND.idFromName(`spend/${tenantId}#${shard}`));
