import { solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/web/sha";

/**
 * A client of a running Sesame (wrangler dev, started by start-sesame.ts) for whole-system tests:
 * the admin API with the demo tenant's key, and the reset flow as the widget drives it, reading
 * codes from the dev outbox. Each flow's first step carries the CAPTCHA the flow asked for: the
 * ALTCHA challenge is solved (with altcha-lib, as worker/test/flows.ts does) when the flow starts.
 */
export interface SesameClient {
  admin<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  startFlow(type?: "reset" | "unlock"): Promise<string>;
  submit(flowId: string, body: unknown): Promise<{ status: number; json: any }>;
  /** Creates a user with a password and a mobile phone; returns the user's id. */
  user(userName: string, phone: string): Promise<string>;
  /** Walks a flow from identify through an SMS code; answers the verify step's response. */
  verify(flowId: string, userName: string, phone: string): Promise<{ status: number; json: any }>;
}

export const SESAME_PASSWORD = "Original-Sesame-Passw0rd-Kestrel";

export function sesameClient(api: string, adminKey: string, origin: string, tenant = "demo"): SesameClient {
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
  const admin = (method: string, path: string, body?: unknown) => request(method, `/v1/tenants/${tenant}${path}`, body, { authorization: `Bearer ${adminKey}` });
  const captchas = new Map<string, string>();
  /** The identify step's body gets the flow's solved CAPTCHA, unless the test sent its own. */
  const submit = (flowId: string, body: unknown) => {
    const token = captchas.get(flowId);
    const identify = typeof body === "object" && body !== null && ("identifier" in body || "phoneNumber" in body || "userName" in body);
    const sent = token && identify && !("captcha" in body) ? { ...body, captcha: token } : body;
    return request("POST", `/v1/flows/${flowId}`, sent, { origin });
  };

  async function codeSentTo(to: string, after: number): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const outbox = await request("GET", "/dev/outbox.json?limit=200");
      const found = (outbox.json.value as { to: string; text: string; createdAt: string }[]).find(
        (m) => m.to === to && Date.parse(m.createdAt) >= after && /\b\d{6}\b/.test(m.text),
      );
      if (found) return /\b(\d{6})\b/.exec(found.text)![1]!;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no code reached ${to}`);
  }

  return {
    admin,
    submit,
    async startFlow(type = "reset") {
      const created = await request("POST", `/v1/flows/${type}?tenant=${tenant}`, undefined, { origin });
      if (created.status !== 200) throw new Error(`flow not created: ${JSON.stringify(created.json)}`);
      const id = created.json.id as string;
      const token = await captchaToken(created.json);
      if (token) captchas.set(id, token);
      return id;
    },
    async user(userName, phone) {
      const made = await admin("POST", "/users", {
        userName,
        displayName: userName.split("@")[0],
        emails: [userName],
        passwordProfile: { password: SESAME_PASSWORD, forceChangePasswordNextSignIn: false },
      });
      if (made.status !== 201) throw new Error(`user not created: ${JSON.stringify(made.json)}`);
      await admin("POST", `/users/${made.json.id}/authentication/phoneMethods`, { phoneNumber: phone, phoneType: "mobile" });
      return made.json.id as string;
    },
    async verify(flowId, userName, phone) {
      const started = Date.now() - 1_000;
      await submit(flowId, { identifier: userName });
      await submit(flowId, { method: "sms-1", confirm: phone });
      return submit(flowId, { action: "verify", code: await codeSentTo(phone, started) });
    },
  };
}

/** The CAPTCHA token for a flow's first answer, solved as the widget would (null: none asked). */
export async function captchaToken(flow: { ui?: { captcha?: { provider: string; challenge?: Challenge } } }): Promise<string | null> {
  const captcha = flow.ui?.captcha;
  if (captcha?.provider !== "altcha" || !captcha.challenge) return null;
  const solution = await solveChallenge({ challenge: captcha.challenge, deriveKey });
  if (!solution) throw new Error("ALTCHA challenge not solved");
  return btoa(JSON.stringify({ challenge: captcha.challenge, solution }));
}
