import { env } from "cloudflare:workers";
import { createLocalJWKSet, jwtVerify, type JWTPayload } from "jose";
import type { FlowAnswer } from "../src/flows/flow-object";
import type { RequestMeta } from "../src/flows/shared/request-meta";
import { call, type Answer } from "./api";
import { flowTenant, solveFlowCaptcha, userWithMethods, withCaptcha } from "./flows";

/** The issuer tests see: the worker answers on http://sesame.test (test/api.ts). */
export const ISSUER = "http://sesame.test";

/** A flow tenant with SMS sign-in on (for everyone unless `smsSignIn` says otherwise). */
export async function signInTenant(id: string, options: { smsSignIn?: Record<string, unknown> | false } = {}) {
  const made = await flowTenant(id);
  if (options.smsSignIn !== false) {
    const policy = await call("PATCH", `/v1/tenants/${id}/policies/smsSignIn`, { token: made.key, body: { enabled: true, ...options.smsSignIn } });
    if (policy.status !== 200) throw new Error(`SMS sign-in not enabled: ${JSON.stringify(policy.json)}`);
  }
  return made;
}

/** A user with a mobile phone enabled for SMS sign-in (and a password, as userWithMethods gives). */
export async function smsUser(tenant: string, key: string, userName: string, phone: string, extra: Parameters<typeof userWithMethods>[2] = { userName }) {
  const user = await userWithMethods(tenant, key, { ...extra, userName, phone });
  const methods = (await call("GET", `/v1/tenants/${tenant}/users/${user.id}/authentication/methods`, { token: key })).json.value;
  const mobile = methods.find((m: { phoneType?: string }) => m.phoneType === "mobile");
  const enabled = await call("POST", `/v1/tenants/${tenant}/users/${user.id}/authentication/phoneMethods/${mobile.id}/enableSmsSignIn`, { token: key });
  if (enabled.status !== 204) throw new Error(`SMS sign-in not enabled for ${userName}: ${JSON.stringify(enabled.json)}`);
  return { ...user, mobileId: mobile.id as string };
}

/** The published keys, as a partner's backend would fetch them. */
export async function jwks() {
  const answer = await call("GET", "/.well-known/jwks.json");
  return createLocalJWKSet(answer.json);
}

/** Verifies a token with jose and the published JWKS, as a partner would. */
export async function verifyAsPartner(token: string, audience: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, await jwks(), { issuer: ISSUER, audience, algorithms: ["ES256"] });
  return payload;
}

const meta = (ip = "203.0.113.7"): RequestMeta => ({ ip, country: null, device: null, requestId: null, origin: ISSUER, locale: "en", issuer: ISSUER });

const asAnswer = (result: FlowAnswer): Answer => {
  if (result.ok) return { status: 200, headers: new Headers(), json: result.flow };
  return { status: 0, headers: new Headers(), json: { error: { code: result.code }, flow: result.flow } };
};

const stubOf = (id: string) => env.FLOWS.get(env.FLOWS.idFromName(id));

/**
 * Starts a flow straight on its object at a fake time: tests of what happens days later
 * (registration grace, reconfirmation, lockout growth). Only a test worker accepts a fake clock.
 */
export async function startAt(tenant: string, type: string, now: number, bearer?: string): Promise<Answer> {
  const id = `${tenant}.${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
  return solveFlowCaptcha(asAnswer(await stubOf(id).create({ id, tenantId: tenant, type: type as never, meta: meta(), ...(bearer ? { bearer } : {}) }, { now })));
}

/** Submits a step at a fake time. */
export async function submitAt(flowId: string, body: unknown, now: number, ip?: string): Promise<Answer> {
  return asAnswer(await stubOf(flowId).submit(withCaptcha(flowId, body), meta(ip), { now }));
}

export const DAY = 86_400_000;

/** Every audit entry of a tenant (all pages), optionally of one activity; newest first. */
export async function auditOf(tenant: string, key: string, activity?: string): Promise<Record<string, unknown>[]> {
  const entries: Record<string, unknown>[] = [];
  let skip: string | undefined;
  do {
    const query = new URLSearchParams({ $top: "100", ...(activity ? { activity } : {}), ...(skip ? { $skiptoken: skip } : {}) });
    const page = await call("GET", `/v1/tenants/${tenant}/auditLogs?${query}`, { token: key });
    if (page.status !== 200) throw new Error(`audit not read: ${JSON.stringify(page.json)}`);
    entries.push(...page.json.value);
    skip = page.json.skipToken;
  } while (skip);
  return entries;
}

/** A signed ID token for a user, as a sign-in would issue it (at `now`, signed in at `authTime`). */
export async function tokenFor(tenant: string, userId: string, audience: string, at: { now?: number; authTime?: number; sessionEpoch?: number } = {}) {
  const { issueIdToken } = await import("../src/tokens/issue");
  const now = at.now ?? Date.now();
  const epoch = await env.DIRECTORY.get(env.DIRECTORY.idFromName(tenant)).sessionEpoch(userId);
  return issueIdToken(env, {
    issuer: ISSUER,
    audience,
    tenantId: tenant,
    userId,
    amr: ["pwd"],
    authTime: at.authTime ?? now,
    sid: `${tenant}.${"s".repeat(24)}`,
    sessionEpoch: at.sessionEpoch ?? (epoch.ok ? epoch.value.sessionEpoch : 0),
    ttlSeconds: 300,
    now,
  });
}

/** Opens "My security info" with a Bearer token, as the widget does. */
export function openSecurityInfo(tenant: string, origin: string, bearer: string | null): Promise<Answer> {
  return call("POST", `/v1/flows/security_info?tenant=${tenant}`, {
    headers: { origin, "cf-connecting-ip": "203.0.113.7", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
  });
}
