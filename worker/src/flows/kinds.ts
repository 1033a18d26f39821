import type { ErrorCode } from "#contract/errors";
import type { FlowEnvelope, FlowType } from "#contract/flows/envelope";
import type { FlowMessageKey } from "#contract/flows/messages";
import type { Env } from "../env";
import type { RequestMeta } from "./shared/request-meta";
import type { StepResult } from "./shared/step-result";

/** What every flow record holds, whatever its kind; the rest is the kind's own. */
export interface FlowRecordBase {
  id: string;
  tenantId: string;
  type: FlowType;
  state: string;
  createdAt: number;
  expiresAt: number;
  /** Messages to show with the next answer only. */
  notices: FlowMessageKey[];
}

/** What a flow kind may use while it runs one request. */
export interface FlowDeps {
  env: Env;
  background: Pick<ExecutionContext, "waitUntil">;
  meta: RequestMeta;
  /** The time the request acts at: the real clock, or in tests a fake one (lib/clock.ts). */
  now: number;
  /** Set only when a test faked the clock: passed on to objects that accept a fake time. */
  fakeNow?: number;
  /** Set while the flow is being created: nothing can have been proved for it yet (no CAPTCHA solved). */
  creating?: boolean;
}

export interface FlowInit {
  id: string;
  tenantId: string;
  type: FlowType;
  meta: RequestMeta;
  /** A signed ID token, for flows that act for a signed-in user (security info). */
  bearer?: string;
  /** A sign-in for the admin console: MFA always, and a console token for admins only. */
  client?: "console";
}

export type Created<R> = { ok: true; record: R } | { ok: false; code: ErrorCode };

/** One request's view of a flow: ports built once, shared by the step and its envelope. */
export interface FlowSession<R> {
  submit(body: unknown): Promise<StepResult<R>>;
  envelope(record: R): Promise<FlowEnvelope>;
}

/**
 * One kind of self-service flow: how it starts, and how a request steps it. The FlowObject holds
 * any kind; what differs between reset, sign-in and security info lives behind this interface.
 */
export interface FlowKind<R extends FlowRecordBase> {
  create(init: FlowInit, deps: FlowDeps): Promise<Created<R>>;
  open(record: R, deps: FlowDeps): FlowSession<R>;
}
