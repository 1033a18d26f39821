import { solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/web/sha";
import { call, createTenant, createUser, type Answer } from "./api";

/** The lowest ALTCHA difficulty a tenant may choose: flow tests solve the real challenge, quickly. */
export const TEST_ALTCHA_DIFFICULTY = 1_000;

/**
 * A tenant for flow tests: an origin the widget runs on. Its CAPTCHA stays the default (ALTCHA
 * proof of work) at the lowest difficulty, and `startFlow` solves it as the widget would.
 */
export async function flowTenant(id: string, extra: Record<string, unknown> = {}) {
  const origin = `https://${id}.partner.example`;
  const made = await createTenant(id, { allowedOrigins: [origin], ...extra });
  await call("PATCH", `/v1/tenants/${id}/policies/phoneProtection`, { token: made.key, body: { captcha: { altchaDifficulty: TEST_ALTCHA_DIFFICULTY } } });
  return { ...made, origin };
}

/** Solves an ALTCHA challenge as the widget does; the token is what the identify step submits. */
export async function solveAltcha(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error("ALTCHA challenge not solved");
  return btoa(JSON.stringify({ challenge, solution }));
}

/** Tokens for the flows `startFlow` began, so `submit` can attach them without solving in a timed step. */
const captchaTokens = new Map<string, string>();

/** A user with a mobile phone and an alternate email registered, and a password. */
export async function userWithMethods(
  tenant: string,
  key: string,
  options: { userName: string; phone?: string; email?: string; office?: string; roles?: string[]; locked?: boolean; accountEnabled?: boolean; groups?: string[] },
) {
  const user = await createUser(tenant, key, {
    userName: options.userName,
    displayName: options.userName.split("@")[0],
    emails: [options.userName],
    roles: options.roles ?? ["user"],
    locked: options.locked ?? false,
    accountEnabled: options.accountEnabled ?? true,
    groups: options.groups ?? [],
    passwordProfile: { password: "Original-Passw0rd-Kestrel", forceChangePasswordNextSignIn: false },
  });
  const base = `/v1/tenants/${tenant}/users/${user.id}/authentication`;
  if (options.phone) await call("POST", `${base}/phoneMethods`, { token: key, body: { phoneNumber: options.phone, phoneType: "mobile" } });
  if (options.office) await call("POST", `${base}/phoneMethods`, { token: key, body: { phoneNumber: options.office, phoneType: "office" } });
  if (options.email) await call("POST", `${base}/emailMethods`, { token: key, body: { emailAddress: options.email } });
  return user;
}

/** Solves the CAPTCHA a flow's first answer carries, as the widget would, for `withCaptcha`. */
export async function solveFlowCaptcha(answer: Answer): Promise<Answer> {
  const captcha = answer.json?.ui?.captcha;
  if (captcha?.provider === "altcha") captchaTokens.set(answer.json.id, await solveAltcha(captcha.challenge));
  return answer;
}

export async function startFlow(tenant: string, origin: string, type = "reset", ip = "203.0.113.7"): Promise<Answer> {
  return solveFlowCaptcha(await call("POST", `/v1/flows/${type}?tenant=${tenant}`, { headers: { origin, "cf-connecting-ip": ip } }));
}

/** The first screens of reset, SMS sign-in and password sign-in, which carry the CAPTCHA. */
const isIdentify = (body: unknown): body is Record<string, unknown> =>
  typeof body === "object" && body !== null && ["identifier", "phoneNumber", "userName"].some((key) => key in body) && !("action" in body);

/** An identify step's body without a `captcha` gets the token solved when the flow started. */
export function withCaptcha(flowId: string, body: unknown): unknown {
  const token = captchaTokens.get(flowId);
  return token && isIdentify(body) && !("captcha" in body) ? { ...body, captcha: token } : body;
}

export function submit(flowId: string, origin: string, body: unknown, ip = "203.0.113.7"): Promise<Answer> {
  return call("POST", `/v1/flows/${flowId}`, { body: withCaptcha(flowId, body), headers: { origin, "cf-connecting-ip": ip } });
}

/** The newest code sent to `to` through the dev outbox, waiting for background delivery. */
export async function codeSentTo(to: string, after = 0): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const outbox = await call("GET", "/dev/outbox.json?limit=200");
    const messages = (outbox.json.value as { to: string; text: string; createdAt: string }[]).filter(
      (m) => m.to === to && Date.parse(m.createdAt) >= after && /#\d{6,10}|\b\d{6,10}\b/.test(m.text),
    );
    const newest = messages[0];
    if (newest) return (/#(\d{6,10})/.exec(newest.text) ?? /\b(\d{6,10})\b/.exec(newest.text))![1]!;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no code reached ${to}`);
}

/** Every outbox message to `to`. */
export async function messagesTo(to: string): Promise<{ to: string; text: string; channel: string; subject: string | null }[]> {
  const outbox = await call("GET", "/dev/outbox.json?limit=200");
  return (outbox.json.value as { to: string; text: string; channel: string; subject: string | null }[]).filter((m) => m.to === to);
}

/** Walks a flow from identify through the first method by SMS. */
export async function verifyBySms(flowId: string, origin: string, identifier: string, phone: string, e164: string) {
  await submit(flowId, origin, { identifier });
  const chosen = await submit(flowId, origin, { method: "sms-1", confirm: phone });
  const code = await codeSentTo(e164);
  return { chosen, verified: await submit(flowId, origin, { action: "verify", code }) };
}

/** Registers a method the admin API cannot (TOTP, questions) straight into the directory's table. */
export async function addSecretMethod(tenant: string, userId: string, type: "authenticatorApp" | "securityQuestions", secret: string) {
  const { env } = await import("cloudflare:workers");
  const { runInDurableObject } = await import("cloudflare:test");
  const stub = env.DIRECTORY.get(env.DIRECTORY.idFromName(tenant));
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec(
      "INSERT INTO methods (id, user_id, type, slot, secret, created_at, last_confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      `m_${crypto.randomUUID().slice(0, 12)}`,
      userId,
      type,
      type,
      secret,
      Date.now(),
      Date.now(),
    );
  });
}

export const keysOf = (answer: Answer): string[] => (answer.json.flow ?? answer.json).messages.map((m: { key: string }) => m.key);
