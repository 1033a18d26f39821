import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { ErrorCode, ErrorDetail } from "#contract/errors";
import { FlowIdSchema, FlowTypeSchema, type FlowEnvelope } from "#contract/flows/envelope";
import type { PasswordViolation } from "#contract/password/rules";
import type { Env } from "../env";
import { clockNow } from "../lib/clock";
import { migrate } from "../lib/sql";
import { FLOW_RETENTION_MS } from "../limits";
import type { FlowDeps, FlowInit, FlowKind, FlowRecordBase } from "./kinds";
import { flowKinds } from "./registry";
import type { RequestMeta } from "./shared/request-meta";

const steps = [`CREATE TABLE flow (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`];

export type FlowAnswer =
  | { ok: true; flow: FlowEnvelope }
  | { ok: false; code: ErrorCode; flow?: FlowEnvelope; details?: ErrorDetail[]; violations?: PasswordViolation[]; retryAfter?: number };

/** A fake time for tests; refused (it throws) unless SESAME_ENV is "test". No route passes one. */
export interface FakeClock {
  now?: number;
}

const InitSchema = z.object({
  id: z.string().refine((id) => FlowIdSchema.safeParse(id).success),
  tenantId: z.string().min(3).max(40),
  type: z.enum(FlowTypeSchema.options),
  bearer: z.string().max(4096).optional(),
  client: z.literal("console").optional(),
});

/**
 * One self-service flow of any kind (reset, unlock, sign-in, security info): its state and every
 * step taken on it. All submits for a flow are serialised here, one after another even across
 * awaits, so two concurrent submits can never both pass the same step (a code verified twice, a
 * password set twice). What differs between kinds lives in flows/registry.ts. Work that must not
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

  async create(init: FlowInit, clock: FakeClock = {}): Promise<FlowAnswer> {
    const parsed = InitSchema.safeParse(init);
    if (!parsed.success) return { ok: false, code: "VALIDATION_FAILED" };
    const kind = flowKinds[init.type];
    if (!kind || this.load()) return { ok: false, code: kind ? "CONFLICT" : "NOT_FOUND" };
    const deps: FlowDeps = { ...this.deps(init.meta, clock), creating: true };
    const created = await kind.create(init, deps);
    if (!created.ok) return created;
    this.save(created.record);
    // An alarm never fires early; with a fake clock in tests the record's own times may lie ahead.
    await this.ctx.storage.setAlarm(Math.max(created.record.expiresAt, Date.now()) + FLOW_RETENTION_MS);
    return { ok: true, flow: await kind.open(created.record, deps).envelope(created.record) };
  }

  async get(meta: RequestMeta, clock: FakeClock = {}): Promise<FlowAnswer> {
    const opened = this.open(meta, clock);
    if (!opened.ok) return opened;
    const { record, kind, deps } = opened;
    const quiet = { ...record, notices: [] };
    return { ok: true, flow: await kind.open(quiet, deps).envelope(quiet) };
  }

  submit(body: unknown, meta: RequestMeta, clock: FakeClock = {}): Promise<FlowAnswer> {
    const run = this.tail.then(() => this.step(body, meta, clock));
    this.tail = run.catch(() => undefined);
    return run;
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  private async step(body: unknown, meta: RequestMeta, clock: FakeClock): Promise<FlowAnswer> {
    const opened = this.open(meta, clock);
    if (!opened.ok) return opened;
    const session = opened.kind.open(opened.record, opened.deps);
    const result = await session.submit(body);
    this.save(result.record);
    const flow = await session.envelope(result.record);
    if (result.ok) return { ok: true, flow };
    const { code, details, violations, retryAfter } = result;
    return { ok: false, code, flow, ...(details ? { details } : {}), ...(violations ? { violations } : {}), ...(retryAfter ? { retryAfter } : {}) };
  }

  private open(meta: RequestMeta, clock: FakeClock):
    | { ok: true; record: FlowRecordBase; kind: FlowKind<FlowRecordBase>; deps: FlowDeps }
    | { ok: false; code: ErrorCode } {
    const record = this.load();
    const kind = record ? flowKinds[record.type] : undefined;
    if (!record || !kind) return { ok: false, code: "FLOW_NOT_FOUND" };
    const deps = this.deps(meta, clock);
    if (record.expiresAt <= deps.now) return { ok: false, code: "FLOW_EXPIRED" };
    return { ok: true, record, kind, deps };
  }

  private deps(meta: RequestMeta, clock: FakeClock): FlowDeps {
    const now = clockNow(this.env, clock.now);
    return { env: this.env, background: this.ctx, meta, now, ...(clock.now !== undefined ? { fakeNow: now } : {}) };
  }

  private load(): FlowRecordBase | null {
    const row = this.sql.exec<{ doc: string }>("SELECT doc FROM flow LIMIT 1").toArray()[0];
    return row ? (JSON.parse(row.doc) as FlowRecordBase) : null;
  }

  private save(record: FlowRecordBase): void {
    this.sql.exec(
      "INSERT INTO flow (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc",
      record.id,
      JSON.stringify(record),
    );
  }
}
