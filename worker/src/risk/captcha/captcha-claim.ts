import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { Env } from "../../env";
import { migrate } from "../../lib/sql";
import { CAPTCHA_CLAIM_BUCKETS, CAPTCHA_TTL_SECONDS } from "../../limits";
import { shardOf } from "../../throttle/keys";

const steps = [
  // v1 held one flow's claim per object; those objects are no longer addressed.
  `CREATE TABLE claim (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL)`,
  `DROP TABLE claim;
   CREATE TABLE claims (flow_id TEXT PRIMARY KEY, doc TEXT NOT NULL, keep_until INTEGER NOT NULL);
   CREATE INDEX claims_keep ON claims (keep_until);`,
];

export const CaptchaProofSchema = z.strictObject({
  provider: z.enum(["altcha", "turnstile"]),
  /** ALTCHA: the difficulty the solved challenge was issued at; 0 for Turnstile. */
  difficulty: z.number().int().min(0),
  at: z.number().int().nonnegative(),
});
export type CaptchaProof = z.infer<typeof CaptchaProofSchema>;

const FlowIdSchema = z.string().min(1).max(160);
/** Longer than any flow lives, so a claim outlasts every use of its flow. */
const KEEP_MS = 2 * CAPTCHA_TTL_SECONDS * 1000 + 60 * 60 * 1000;

/**
 * The one CAPTCHA each flow may pass, for the flows whose id picks this bucket (`claimOf`): the
 * first verified solution claims it, so a solution replayed on the same flow is refused, as is
 * one for another flow (challenges are bound to their flow). The send step reads the proof back:
 * how hard a proof of work was paid. One claim is one synchronous write, so two parallel
 * solutions for a flow cannot both claim it. Shared buckets are warm: no object is started per flow.
 */
export class CaptchaClaim extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** When the alarm is set for, as this instance last set or read it; null when none is. */
  private alarmAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      migrate(this.sql, steps);
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  /** Claims the flow's CAPTCHA; false when it was already claimed. */
  async claim(rawFlowId: string, raw: CaptchaProof): Promise<boolean> {
    const flowId = FlowIdSchema.parse(rawFlowId);
    const proof = CaptchaProofSchema.parse(raw);
    if (this.proof(flowId)) return false;
    const keepUntil = Date.now() + KEEP_MS;
    this.sql.exec("INSERT INTO claims (flow_id, doc, keep_until) VALUES (?, ?, ?)", flowId, JSON.stringify(proof), keepUntil);
    if (this.alarmAt === null || keepUntil < this.alarmAt) {
      this.alarmAt = keepUntil;
      await this.ctx.storage.setAlarm(keepUntil);
    }
    return true;
  }

  proof(rawFlowId: string): CaptchaProof | null {
    const row = this.sql.exec<{ doc: string }>("SELECT doc FROM claims WHERE flow_id = ?", FlowIdSchema.parse(rawFlowId)).toArray()[0];
    return row ? CaptchaProofSchema.parse(JSON.parse(row.doc)) : null;
  }

  /** Forgets the claims kept long enough; then waits for the next. */
  override async alarm(): Promise<void> {
    const due = Math.max(Date.now(), this.alarmAt ?? 0);
    this.alarmAt = null;
    this.sql.exec("DELETE FROM claims WHERE keep_until <= ?", due);
    const next = this.sql.exec<{ at: number | null }>("SELECT MIN(keep_until) AS at FROM claims").one().at;
    if (next !== null) {
      this.alarmAt = next;
      await this.ctx.storage.setAlarm(next);
    }
  }
}

/**
 * The CAPTCHA claim of one flow: its bucket, one of CAPTCHA_CLAIM_BUCKETS shared objects, bound to the flow.
 *
 * @example
 * if (await claimOf(env, flowId).claim(proof)) // the first solution for this flow
 */
export function claimOf(env: Env, flowId: string) {
  const stub = env.CAPTCHA_CLAIMS.get(env.CAPTCHA_CLAIMS.idFromName(`bucket/${shardOf(flowId, CAPTCHA_CLAIM_BUCKETS)}`));
  return {
    stub,
    claim: (proof: CaptchaProof) => stub.claim(flowId, proof),
    proof: () => stub.proof(flowId),
  };
}
