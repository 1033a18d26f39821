import type { PublicTenantConfig } from "#contract/admin/tenant";
import type { FlowEnvelope, FlowType } from "#contract/flows/envelope";
import type { ApiFailure, ApiResult, FlowApi } from "../api";

/** Test doubles for the widget: envelopes as the server sends them, and a scripted FlowApi. */
export const FLOW_ID = "demo.abcdefghijklmnopqrstuvwx";

export const demoConfig: PublicTenantConfig = {
  id: "demo",
  displayName: "Contoso (demo)",
  branding: { name: "Contoso", primaryColor: "#0f6cbd", backgroundColor: "#ffffff" },
  helpdesk: { text: "Call the Contoso helpdesk on +1 425 555 0100.", link: "https://contoso.example/helpdesk", email: "helpdesk@contoso.example" },
};

export function envelope(state: string, extra: Partial<FlowEnvelope> = {}, type: FlowType = "reset"): FlowEnvelope {
  return { id: FLOW_ID, type, state, expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(), messages: [], ui: {}, ...extra };
}

export const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
export const refused = (code: string, extra: Partial<ApiFailure> = {}): ApiResult<never> => ({ ok: false, error: { code, status: 400, ...extra } });

export const smsMethods: NonNullable<FlowEnvelope["methods"]> = [
  { id: "m1", kind: "sms", hint: "••• ••• ••01", confirm: "phone" },
  { id: "m2", kind: "email", hint: "a•••@example.org", confirm: "email" },
  { id: "m3", kind: "totp", hint: null, confirm: null },
  { id: "m4", kind: "questions", hint: null, confirm: null },
];

export interface FakeApi extends FlowApi {
  submits: unknown[];
  creates: number;
  /** Tokens given to `withToken`, which answers with `script.withToken`'s API or this one. */
  tokens: string[];
}

/**
 * A FlowApi whose answers a test scripts: `submit` gets each payload with the current flow and
 * returns the answer (or a promise of it, to hold a request in flight).
 */
export function fakeApi(script: {
  create?: () => ApiResult<FlowEnvelope> | Promise<ApiResult<FlowEnvelope>>;
  config?: () => ApiResult<PublicTenantConfig>;
  submit?: (payload: any, count: number) => ApiResult<FlowEnvelope> | Promise<ApiResult<FlowEnvelope>>;
  get?: () => ApiResult<FlowEnvelope>;
  withToken?: (token: string) => FlowApi;
}): FakeApi {
  const api: FakeApi = {
    submits: [],
    creates: 0,
    tokens: [],
    withToken: (token) => {
      api.tokens.push(token);
      return script.withToken ? script.withToken(token) : api;
    },
    config: async () => (script.config ?? (() => ok(demoConfig)))(),
    create: async () => {
      api.creates += 1;
      return (script.create ?? (() => ok(envelope("identify"))))();
    },
    get: async () => (script.get ?? (() => ok(envelope("identify"))))(),
    submit: async (_id, payload) => {
      api.submits.push(payload);
      return script.submit ? script.submit(payload, api.submits.length) : refused("INTERNAL", { status: 500 });
    },
  };
  return api;
}

/** Lets pending promise callbacks (and Preact's debounced renders) run. */
export const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};
