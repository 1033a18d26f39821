import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { Env } from "../../env";
import { migrate } from "../../lib/sql";
import { CAPTCHA_TTL_SECONDS } from "../../limits";

const steps = [`CREATE TABLE claim (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL)`];

export const CaptchaProofSchema = z.strictObject({
  provider: z.enum(["altcha", "turnstile"]),
  /** ALTCHA: the difficulty the solved challenge was issued at; 0 for Turnstile. */
  difficulty: z.number().int().min(0),
  at: z.number().int().nonnegative(),
});
export type CaptchaProof = z.infer<typeof CaptchaProofSchema>;

/**
 * The one CAPTCHA a flow may pass (`idFromName(flowId)`): the first verified solution claims it,
 * so a solution replayed on the same flow is refused, as is one for another flow (challenges are
 * bound to their flow). The send step reads the proof back: how hard a proof of work was paid.
 */
export class CaptchaClaim extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  /** Claims the flow's CAPTCHA; false when it was already claimed. */
  async claim(raw: CaptchaProof): Promise<boolean> {
    const proof = CaptchaProofSchema.parse(raw);
    if (this.proof()) return false;
    this.sql.exec("INSERT INTO claim (id, doc) VALUES (1, ?)", JSON.stringify(proof));
    // Longer than any flow lives, so the claim outlasts every use of the flow.
    await this.ctx.storage.setAlarm(Date.now() + 2 * CAPTCHA_TTL_SECONDS * 1000 + 60 * 60 * 1000);
    return true;
  }

  proof(): CaptchaProof | null {
    const row = this.sql.exec<{ doc: string }>("SELECT doc FROM claim WHERE id = 1").toArray()[0];
    return row ? CaptchaProofSchema.parse(JSON.parse(row.doc)) : null;
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}
