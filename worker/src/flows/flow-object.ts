import { DurableObject } from "cloudflare:workers";
import type { ErrorCode, ErrorDetail } from "#contract/errors";
import type { FlowEnvelope } from "#contract/flows/envelope";
import type { Env } from "../env";
import { FLOW_RETENTION_MS, OTP_LENGTH_DEFAULT } from "../limits";
import { migrate } from "../lib/sql";
import type { PasswordViolation } from "#contract/password/rules";
import { resetPorts, type RequestMeta } from "./reset/adapters";
import { resetEnvelope } from "./reset/envelope";
import { RESET_FLOW_TTL_MS, type ResetRecord } from "./reset/record";
import { submitResetStep } from "./reset/steps";
import type { FlowContext } from "./reset/ports";
import { captchaUi } from "../risk/captcha";
import { assessFlowStart } from "../risk/engine";

const steps = [`CREATE TABLE flow (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`];


export type FlowAnswer =
  | { ok: true; flow: FlowEnvelope }
  | { ok: false; code: ErrorCode; flow?: FlowEnvelope; details?: ErrorDetail[]; violations?: PasswordViolation[]; retryAfter?: number };

/**
 * One self-service flow: its state and every step taken on it. All submits for a flow are
 * serialised here, one after another even across awaits, so two concurrent submits can never
 * both pass the same step (a code verified twice, a password set twice). Work that must not
 * delay the answer (messages, audit) runs after it, through the object's `waitUntil`.
 */
export class FlowObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  async create(init: { id: string; tenantId: string; type: "reset" | "unlock"; meta: RequestMeta }): Promise<FlowAnswer> {
    const now = Date.now();
    const record: ResetRecord = {
      id: init.id,
      tenantId: init.tenantId,
      type: init.type,
      state: "identify",
      createdAt: now,
      expiresAt: now + RESET_FLOW_TTL_MS,
      userId: null,
      accountKey: "",
      isAdmin: false,
      required: 1,
      choices: [],
      verified: [],
      current: null,
      questionIds: [],
      sends: 0,
      lastSendAt: null,
      failures: 0,
      notices: [],
      ip: init.meta.ip,
      country: init.meta.country,
    };
    this.save(record);
    await this.ctx.storage.setAlarm(record.expiresAt + FLOW_RETENTION_MS);
    return { ok: true, flow: await this.envelope(record, init.meta) };
  }

  async get(meta: RequestMeta): Promise<FlowAnswer> {
    const record = this.load();
    if (!record) return { ok: false, code: "FLOW_NOT_FOUND" };
    if (record.expiresAt <= Date.now()) return { ok: false, code: "FLOW_EXPIRED" };
    return { ok: true, flow: await this.envelope({ ...record, notices: [] }, meta) };
  }

  submit(body: unknown, meta: RequestMeta): Promise<FlowAnswer> {
    const run = this.tail.then(() => this.step(body, meta));
    this.tail = run.catch(() => undefined);
    return run;
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  private async step(body: unknown, meta: RequestMeta): Promise<FlowAnswer> {
    const record = this.load();
    if (!record) return { ok: false, code: "FLOW_NOT_FOUND" };
    if (record.expiresAt <= Date.now()) return { ok: false, code: "FLOW_EXPIRED" };
    const ports = resetPorts(this.env, this.ctx, record, meta);
    const result = await submitResetStep(record, body, ports);
    this.save(result.record);
    const flow = await this.envelope(result.record, meta, ports);
    if (result.ok) return { ok: true, flow };
    const { code, details, violations, retryAfter } = result;
    return { ok: false, code, flow, ...(details ? { details } : {}), ...(violations ? { violations } : {}), ...(retryAfter ? { retryAfter } : {}) };
  }

  private async envelope(record: ResetRecord, meta: RequestMeta, ports = resetPorts(this.env, this.ctx, record, meta)): Promise<FlowEnvelope> {
    const context = await ports.tenant.load();
    const captcha = record.state === "identify" ? await firstScreenCaptcha(this.env, record, meta, context) : undefined;
    return resetEnvelope(record, { ...context, codeLength: OTP_LENGTH_DEFAULT, ...(captcha ? { captcha } : {}) });
  }

  private load(): ResetRecord | null {
    const row = this.sql.exec<{ doc: string }>("SELECT doc FROM flow LIMIT 1").toArray()[0];
    return row ? (JSON.parse(row.doc) as ResetRecord) : null;
  }

  private save(record: ResetRecord): void {
    this.sql.exec(
      "INSERT INTO flow (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc",
      record.id,
      JSON.stringify(record),
    );
  }
}

/** The identify screen's CAPTCHA, as hard as the request's address and country make it. */
async function firstScreenCaptcha(env: Env, record: ResetRecord, meta: RequestMeta, context: FlowContext) {
  const policy = context.phoneProtection;
  if (policy.captcha.provider !== "altcha") return captchaUi(env, { flowId: record.id, policy, score: 0 });
  const { score } = await assessFlowStart(env, { policy, homeCountries: context.tenant.homeCountries, ip: meta.ip, requestCountry: meta.country });
  return captchaUi(env, { flowId: record.id, policy, score });
}
