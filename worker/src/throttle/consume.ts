import { createHash } from "node:crypto";
import type { DeliveryChannel } from "#contract/admin/providers";
import type { Env } from "../env";
import { THROTTLE_BUCKETS, THROTTLE_RULES, type ThrottleRuleName } from "../limits";
import { normaliseDestination } from "../otp/code";
import { callingCode, ipKey, shardOf } from "./keys";
import type { BlockStatus, ThrottleDecision, ThrottleInput } from "./types";

export interface ConsumeOptions {
  cost?: number;
  /** For sharded rules: what picks the shard (e.g. the destination); random when absent. */
  shardKey?: string;
  /** A fake time; the Throttle object refuses it unless SESAME_ENV is "test". */
  now?: number;
}

/**
 * The budget of one rule and key: its bucket (one of THROTTLE_BUCKETS shared Throttle objects)
 * and the methods of that bucket, bound to the key. The key travels and is stored as a keyed
 * hash under the server secret, so a phone number, address or account never reaches storage or
 * logs, and the small space of numbers cannot be walked back from a stored row.
 */
export function throttleOf(env: Env, rule: ThrottleRuleName, key: string, shardKey?: string) {
  const shards = (THROTTLE_RULES[rule] as { shards?: number }).shards;
  const shard = shards ? `#${shardKey === undefined ? Math.floor(Math.random() * shards) : shardOf(shardKey, shards)}` : "";
  const hashed = createHash("sha256").update(`${env.OTP_HMAC_SECRET ?? ""}\nthrottle\n${rule}/${key}${shard}`).digest("hex").slice(0, 32);
  const bucket = shardOf(hashed, THROTTLE_BUCKETS);
  const stub = env.THROTTLE.get(env.THROTTLE.idFromName(`bucket/${bucket}`));
  return {
    /** Which bucket holds the key: keys of one request that share it are spent in one call. */
    bucket,
    stub,
    key: hashed,
    consume: (input: ThrottleInput) => stub.consume({ ...input, key: hashed }),
    recordFailure: (input: ThrottleInput) => stub.recordFailure({ ...input, key: hashed }),
    status: (input: ThrottleInput) => stub.status({ ...input, key: hashed }),
    reset: (input: ThrottleInput) => stub.reset({ ...input, key: hashed }),
  };
}

/**
 * Spends one unit of `rule`'s budget for `key` at the edge.
 *
 * @example
 * const decision = await consume(env, "sendsPerIp", ipKey(c.req.header("cf-connecting-ip")));
 * if (!decision.ok) throw new ApiError("RATE_LIMITED", undefined, { "Retry-After": String(decision.retryAfter) });
 */
export async function consume(env: Env, rule: ThrottleRuleName, key: string, options: ConsumeOptions = {}): Promise<ThrottleDecision> {
  return throttleOf(env, rule, key, options.shardKey).consume({ rule, cost: options.cost ?? 1, now: options.now });
}

/**
 * Spends from several budgets at once; the answer is the longest refusal, with every refusing
 * rule in its reason. Budgets that allowed are spent even when another refuses: a refused
 * request still cost the service, and counting it keeps a flood from probing rule by rule.
 *
 * @example
 * await consumeAll(env, [{ rule: "checksPerIp", key: ipKey(ip) }, { rule: "sendsPerDestination", key: "+14255550100" }]);
 */
export async function consumeAll(
  env: Env,
  checks: { rule: ThrottleRuleName; key: string; shardKey?: string }[],
  options: { now?: number } = {},
): Promise<ThrottleDecision> {
  // One round trip per bucket, all at once: a send's five budgets are usually five buckets.
  const budgets = checks.map((c) => ({ rule: c.rule, ...throttleOf(env, c.rule, c.key, c.shardKey) }));
  const byBucket = new Map<number, number[]>();
  budgets.forEach((b, i) => byBucket.set(b.bucket, [...(byBucket.get(b.bucket) ?? []), i]));
  const decisions: ThrottleDecision[] = new Array(budgets.length);
  await Promise.all(
    [...byBucket.values()].map(async (indexes) => {
      const calls = indexes.map((i) => ({ rule: budgets[i]!.rule, key: budgets[i]!.key, cost: 1, ...(options.now !== undefined ? { now: options.now } : {}) }));
      const answers = await budgets[indexes[0]!]!.stub.consumeMany(calls);
      indexes.forEach((i, n) => (decisions[i] = answers[n]!));
    }),
  );
  const refusals = decisions.filter((d) => !d.ok);
  if (refusals.length === 0) return { ok: true, remaining: Math.min(...decisions.map((d) => (d.ok ? d.remaining : 0))) };
  return {
    ok: false,
    code: "RATE_LIMITED",
    retryAfter: Math.max(...refusals.map((r) => r.retryAfter)),
    reason: refusals.map((r) => r.reason).join(" | "),
  };
}

export interface SendRequest {
  tenantId: string;
  /** Absent for an identifier that matched no user: its sends are still budgeted per IP. */
  userId?: string;
  channel: DeliveryChannel;
  destination: string;
  ip: string | undefined | null;
  now?: number;
}

/**
 * Every budget one code send spends: the user's (Entra's phone or email limit), the
 * destination's, the client address's, the tenant's (sharded by destination) and, for phones,
 * the tenant's budget for that country calling code.
 *
 * @example
 * const decision = await consumeSendBudgets(env, { tenantId, userId, channel: "sms", destination: "+14255550100", ip });
 */
export function consumeSendBudgets(env: Env, request: SendRequest): Promise<ThrottleDecision> {
  const destination = normaliseDestination(request.destination);
  const phone = request.channel !== "email";
  const checks: { rule: ThrottleRuleName; key: string; shardKey?: string }[] = [
    { rule: "sendsPerDestination", key: destination },
    { rule: "sendsPerIp", key: ipKey(request.ip) },
    { rule: "sendsPerTenant", key: request.tenantId, shardKey: destination },
  ];
  if (request.userId) {
    checks.push({ rule: phone ? "phoneSendsPerUser" : "emailSendsPerUser", key: `${request.tenantId}/${request.userId}` });
  }
  const code = phone ? callingCode(destination) : null;
  if (code) checks.push({ rule: "sendsPerCallingCode", key: `${request.tenantId}/+${code}` });
  return consumeAll(env, checks, { now: request.now });
}

const accountThrottle = (env: Env, tenantId: string, userId: string) =>
  throttleOf(env, "failedVerificationsPerUser", `${tenantId}/${userId}`);

/**
 * Counts a failed verification (wrong code, wrong answer) against the account; the 5th within
 * 24 hours blocks self-service for the account for 24 hours (Entra's rule).
 *
 * @example
 * const block = await recordFailure(env, tenantId, userId);
 * if (block.blocked) audit("sspr.blocked", block.reason);
 */
export function recordFailure(env: Env, tenantId: string, userId: string, options: { now?: number } = {}): Promise<BlockStatus> {
  return accountThrottle(env, tenantId, userId).recordFailure({ rule: "failedVerificationsPerUser", now: options.now });
}

/**
 * Whether self-service is blocked for the account, checked before a flow offers any method.
 *
 * @example
 * if ((await isBlocked(env, tenantId, userId)).blocked) // answer RATE_LIMITED
 */
export function isBlocked(env: Env, tenantId: string, userId: string, options: { now?: number } = {}): Promise<BlockStatus> {
  return accountThrottle(env, tenantId, userId).status({ rule: "failedVerificationsPerUser", now: options.now });
}
