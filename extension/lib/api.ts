import type { AltchaChallenge } from "../../widget/src/app/captcha/altcha";
import type { FlowEnvelope, FlowUi } from "#contract/flows/envelope";
import { deviceSigningString, type ExtensionOverview, type Paired, type PublicKeyJwk } from "#contract/extension";
import type { Account } from "./accounts";
import type { KeyStore } from "./device-key";

const toBase64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** An error answer from Sesame, by its stable code (contract/errors.ts); a flow's refusal carries the flow. */
export class SesameError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly flow?: FlowAnswer,
  ) {
    super(code);
    this.name = "SesameError";
  }
}

async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const refusal = body as { error?: { code?: string }; flow?: FlowAnswer } | null;
    throw new SesameError(refusal?.error?.code ?? "NETWORK_ERROR", response.status, refusal?.flow);
  }
  return body as T;
}

/** The signature fields of one request, as contract/extension.ts defines them. */
export async function deviceFields(account: Account, keys: CryptoKeyPair, method: string, path: string, body: string | null, now = Date.now()) {
  const ts = Math.floor(now / 1000);
  const signed = deviceSigningString(method, path, ts, await sha256Hex(body ?? ""));
  const sig = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keys.privateKey, new TextEncoder().encode(signed)));
  return { tenant: account.tenant, user: account.userId, device: account.deviceId, ts: String(ts), sig: toBase64url(sig) };
}

/** Calls Sesame as this device: every request signed with the account's key. */
export function deviceClient(account: Account, keyStore: KeyStore, fetcher: typeof fetch = fetch) {
  const keys = async () => {
    const found = await keyStore.get(account.id);
    if (!found) throw new SesameError("DEVICE_KEY_MISSING", 0);
    return found;
  };
  const signed = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const text = body === undefined ? null : JSON.stringify(body);
    const fields = await deviceFields(account, await keys(), method, path, text);
    const authorization = `Sesame-Device ${Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(",")}`;
    const headers: Record<string, string> = { authorization, ...(text ? { "content-type": "application/json" } : {}) };
    return answer<T>(await fetcher(`${account.server}${path}`, { method, headers, ...(text ? { body: text } : {}) }));
  };
  return {
    overview: () => signed<ExtensionOverview>("GET", "/v1/extension/overview"),
    alerts: (after: number) => signed<{ alerts: import("#contract/extension").Alert[]; seq: number; blocked: boolean; approvals: import("#contract/extension").ApprovalRequest[] }>("GET", `/v1/extension/alerts?after=${after}`),
    decide: (approvalId: string, decision: { decision: "approve"; number: string } | { decision: "deny" }) =>
      signed<{ outcome: string }>("POST", `/v1/extension/approvals/${encodeURIComponent(approvalId)}`, decision),
    report: (alertId: string) => signed<{ alert: import("#contract/extension").Alert; blocked: true }>("POST", "/v1/extension/report", { alertId }),
    unblock: (idToken: string) => signed<null>("POST", "/v1/extension/unblock", { idToken }),
    forget: () => signed<null>("DELETE", "/v1/extension/device"),
    /** The WebSocket URL, signed in its query (a WebSocket cannot carry headers). */
    async socketUrl(): Promise<string> {
      const fields = await deviceFields(account, await keys(), "GET", "/v1/extension/connect", null);
      return `${account.server.replace(/^http/, "ws")}/v1/extension/connect?${new URLSearchParams(fields)}`;
    },
  };
}
export type DeviceClient = ReturnType<typeof deviceClient>;

/** Pairs a key after a sign-in in the popup: the ID token vouches for the user. */
export async function pairWithToken(server: string, tenant: string, idToken: string, publicKey: PublicKeyJwk, name: string, fetcher: typeof fetch = fetch): Promise<Paired> {
  return answer<Paired>(
    await fetcher(`${server}/v1/extension/pair?tenant=${encodeURIComponent(tenant)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${idToken}`, "content-type": "application/json" },
      body: JSON.stringify({ publicKey, name }),
    }),
  );
}

/** Pairs a key with the code My security info shows. */
export async function pairWithCode(server: string, tenant: string, code: string, publicKey: PublicKeyJwk, name: string, fetcher: typeof fetch = fetch): Promise<Paired> {
  return answer<Paired>(
    await fetcher(`${server}/v1/extension/pair/code`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tenant, code, publicKey, name }) }),
  );
}

/** A flow envelope as the popup reads it (contract/flows/envelope.ts), the captcha's challenge typed for the solver. */
export interface FlowAnswer extends Omit<FlowEnvelope, "ui"> {
  ui: Omit<FlowUi, "captcha"> & { captcha?: { provider: "altcha" | "turnstile" | "none"; challenge?: AltchaChallenge } };
}

/** One self-service flow, driven from the popup exactly as the widget drives it. */
export function flowClient(server: string, fetcher: typeof fetch = fetch) {
  const post = async (path: string, body?: unknown, bearer?: string) =>
    answer<FlowAnswer>(
      await fetcher(`${server}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  return {
    start: (type: "sms_signin" | "signin", tenant: string) => post(`/v1/flows/${type}?tenant=${encodeURIComponent(tenant)}`),
    /** My security info, opened with the ID token of a sign-in as the widget opens it. */
    securityInfo: (tenant: string, idToken: string) => post(`/v1/flows/security_info?tenant=${encodeURIComponent(tenant)}`, undefined, idToken),
    submit: (id: string, body: unknown) => post(`/v1/flows/${id}`, body),
  };
}
