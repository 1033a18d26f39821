import { action, batch, computed, createModel, effect, signal } from "@preact/signals";
import type { PublicTenantConfig } from "#contract/admin/tenant";
import { embedFlowType, type EmbedFlow } from "#contract/embed/options";
import type { ErrorDetail } from "#contract/errors";
import type { FlowEnvelope } from "#contract/flows/envelope";
import type { ApiFailure, ApiResult, FlowApi } from "../api";
import { captchaModel, type AltchaSolver } from "./captcha";
import { countdown } from "./countdown";
import { flowKinds } from "./flow-kinds";

/** An error shown in the widget: its registry code, and when a throttled action may retry. */
export interface FlowError {
  code: string;
  retryAt: number | null;
  details?: ErrorDetail[];
  violations?: { code: string }[];
}

/**
 * What the widget shows: a loading box, the step the server's state names, a blocked box (the
 * flow could not be created or its state cannot be shown here), or the expired box.
 */
export type View = "loading" | "step" | "blocked" | "expired";

/** Codes after which nothing the user does in the widget can help. */
const FATAL = new Set(["TENANT_NOT_FOUND", "ORIGIN_NOT_ALLOWED", "OPTIONS_INVALID", "STATE_UNSUPPORTED", "UNAUTHENTICATED"]);
const EXPIRED = new Set(["FLOW_EXPIRED", "FLOW_NOT_FOUND", "FLOW_COMPLETED"]);
/** Refusals with a wait that holds every submit; a too-early resend holds only the resend. */
const THROTTLES = new Set(["RATE_LIMITED", "OTP_ATTEMPTS_EXCEEDED", "OTP_SEND_LIMIT"]);

export interface FlowDeps {
  api: FlowApi;
  flow: EmbedFlow;
  tenant: string;
  /** The ALTCHA solver's chunk; tests give a fake. */
  altcha?: () => Promise<AltchaSolver>;
}

/**
 * The model of one widget's flow: the server's envelope, the tenant's branding, the error of
 * the last request, and the actions that move the flow on. It never guesses the next state:
 * every state comes from the server. Testable without a DOM: give it a fake `FlowApi`.
 *
 * @example
 * const model = new FlowModel({ api, flow: "reset", tenant: "contoso" });
 * await model.start();
 * await model.submit({ identifier: "alice@contoso.example" });
 */
export const FlowModel = createModel(({ api, flow: embedFlow, tenant, altcha }: FlowDeps) => {
  const kind = flowKinds[embedFlow];
  const flow = signal<FlowEnvelope | null>(null);
  const config = signal<PublicTenantConfig | null>(null);
  const busy = signal(false);
  /** The flow is being created. Every flow starts at identify, which needs nothing from the
   * server, so that step is shown (and can be filled in) while the flow is created. */
  const creating = signal(false);
  let created: Promise<void> = Promise.resolve();
  const error = signal<FlowError | null>(null);
  /** Set at the first submit: from then on each new step takes the focus (never on page load). */
  const interacted = signal(false);

  const captcha = captchaModel(altcha);
  // Solve the first step's CAPTCHA as soon as its challenge arrives, while the user types.
  effect(() => {
    const current = flow.value;
    if (current?.state === "identify") captcha.prepare(current.ui.captcha);
  });
  effect(() => captcha.dispose);

  const retryAt = computed(() => error.value?.retryAt ?? null);
  const retryIn = countdown(retryAt);
  const throttled = computed(() => THROTTLES.has(error.value?.code ?? "") && (retryIn.value ?? 0) > 0);
  const unsupported = computed(() => flow.value !== null && !kind.states.includes(flow.value.state));
  const errorCode = computed(() => (unsupported.value ? "STATE_UNSUPPORTED" : (error.value?.code ?? null)));
  const view = computed<View>(() => {
    const code = errorCode.value;
    if (code !== null && EXPIRED.has(code)) return "expired";
    if (code !== null && FATAL.has(code)) return "blocked";
    if (flow.value) return "step";
    if (error.value) return "blocked";
    return creating.value && kind.states[0] === "identify" ? "step" : "loading";
  });
  const state = computed(() => (view.value === "step" ? (flow.value?.state ?? "identify") : null));
  const result = computed(() => (flow.value?.state === "done" ? (kind.result(flow.value) ?? null) : null));

  const fail = (failure: ApiFailure) => {
    error.value = {
      code: failure.code,
      retryAt: failure.retryAfter === undefined ? null : Date.now() + failure.retryAfter * 1000,
      ...(failure.details ? { details: failure.details } : {}),
      ...(failure.violations ? { violations: failure.violations } : {}),
    };
    if (failure.flow) flow.value = failure.flow;
  };
  const apply = (answer: ApiResult<FlowEnvelope>) =>
    batch(() => {
      if (answer.ok) {
        flow.value = answer.value;
        error.value = null;
      } else fail(answer.error);
    });

  const create = async () => {
    const [made, tenantConfig] = await Promise.all([api.create(embedFlowType[embedFlow], tenant), api.config(tenant)]);
    batch(() => {
      creating.value = false;
      if (tenantConfig.ok) config.value = tenantConfig.value;
      // The config names the fatal reasons (unknown tenant, foreign origin) most precisely.
      if (!tenantConfig.ok && FATAL.has(tenantConfig.error.code)) fail(tenantConfig.error);
      // A server that does not offer this flow (yet) cannot be helped by retrying.
      else if (!made.ok && made.error.status === 404) fail({ ...made.error, code: "STATE_UNSUPPORTED" });
      else apply(made);
    });
  };

  /** Shows the first step at once; creates the flow once `after` settles (the step is painted). */
  const start = action(async (after?: Promise<unknown>) => {
    // A proof is bound to its flow: a new flow needs its own.
    captcha.discard();
    batch(() => {
      flow.value = null;
      error.value = null;
      creating.value = true;
    });
    created = after ? after.then(create, create) : create();
    await created;
  });

  /** The first step carries the CAPTCHA's token when the flow asks for one. */
  const send = async (current: FlowEnvelope, payload: unknown) => {
    const asked = current.state === "identify" ? current.ui.captcha : undefined;
    const token = await captcha.token(asked);
    if (token === undefined) return api.submit(current.id, payload);
    const answer = await api.submit(current.id, { ...(payload as object), captcha: token });
    // A Turnstile token is good for one check, whatever the answer.
    if (asked?.provider === "turnstile") captcha.discard();
    return answer;
  };

  /** Submits the current step; resolves to whether the server accepted it. */
  const submit = action(async (payload: unknown): Promise<boolean> => {
    if (busy.peek() || throttled.peek() || (!flow.peek() && !creating.peek())) return false;
    batch(() => {
      busy.value = true;
      interacted.value = true;
    });
    // Filled in before the flow existed: send it as soon as it does.
    if (!flow.peek()) await created;
    let current = flow.peek();
    if (!current) {
      busy.value = false;
      return false;
    }
    let answer = await send(current, payload);
    // A refused proof (expired, or the solver failed): fetch the flow for a fresh challenge and
    // solve that, once, rather than make the user press the button again.
    if (!answer.ok && answer.error.code === "CAPTCHA_INVALID") {
      captcha.discard();
      const fresh = await api.get(current.id);
      if (fresh.ok) {
        flow.value = current = fresh.value;
        if (current.state === "identify") answer = await send(current, payload);
      }
    }
    busy.value = false;
    apply(answer);
    // The flow moved on elsewhere (another tab, a retry): show where it is now.
    if (!answer.ok && answer.error.code === "FLOW_STATE_INVALID" && !answer.error.flow) {
      const fresh = await api.get(current.id);
      if (fresh.ok) flow.value = fresh.value;
    }
    return answer.ok;
  });

  const clearError = action(() => {
    if (!throttled.peek()) error.value = null;
  });

  return { flow, config, busy, error, errorCode, interacted, retryIn, throttled, view, state, result, captcha, start, submit, clearError };
});

export type FlowModel = InstanceType<typeof FlowModel>;
