import { TOTP } from "otpauth";
import type { AuditEventInput } from "#contract/audit";
import type { ErrorCode } from "#contract/errors";
import type { FlowUi } from "#contract/flows/envelope";
import type { Amr } from "#contract/tokens";
import { audit } from "../../audit/audit";
import type { SignInContext, SignInSubject } from "../../directory/self-service";
import { tenantContext } from "../../directory/context-cache";
import { directoryOf } from "../../directory/stub";
import type { Subject } from "../../directory/subjects";
import { unwrap } from "../../http/api-error";
import { log } from "../../http/log";
import { challengeOf } from "../../otp/send-code";
import { captchaProof, identifyCaptcha, verifyCaptcha } from "../../risk/captcha";
import { phoneVerified, protectedSend, type ProtectedSendOutcome } from "../../risk/protected-send";
import { consume, throttleOf } from "../../throttle/consume";
import { ipKey } from "../../throttle/keys";
import { issueIdToken } from "../../tokens/issue";
import type { FlowDeps } from "../kinds";
import type { AuditNote } from "../reset/ports";
import { later } from "./later";
import { notifyAddresses, type ChangeNotice } from "./notify";

export type CodeChannel = "sms" | "voice" | "email";
export type { ProtectedSendOutcome as SendOutcome } from "../../risk/protected-send";

/**
 * The rest of Sesame as the sign-in and security-info flows use it, built once per request from
 * the flow object's deps: the tenant's directory and policies, CAPTCHA, codes, tokens, notices
 * and audit. Steps stay a plain state machine over this, as the reset flow's are over its ports.
 */
export interface FlowServices {
  now: number;
  /** The `iss` of the tokens signed here; Sesame's own audience hangs off it. */
  issuer: string;
  context(): Promise<SignInContext>;
  subjectById(userId: string): Promise<SignInSubject | null>;
  /** The CAPTCHA the first screen shows (harder when the request already looks like pumping). */
  identifyCaptcha(): Promise<NonNullable<FlowUi["captcha"]>>;
  captcha(token: string | undefined): Promise<boolean>;
  /** Issues a code bound to `key` (one per thing verified) and the destination, spending every send budget. */
  sendCode(key: string, input: { destination: string; channel: CodeChannel; userId: string | null }): Promise<ProtectedSendOutcome>;
  /** Runs `task` after this step has answered, so its cost never shows in the answer's timing. */
  later(what: string, task: () => Promise<unknown>): void;
  /** Issues a code nobody receives, so an unmatched request costs what a matched one does. */
  decoyCode(key: string): Promise<void>;
  verifyCode(key: string, code: string, destination: string): Promise<{ ok: true } | { ok: false; code: ErrorCode }>;
  totp(secret: string, code: string): boolean;
  /** Counts a wrong code against the account's sign-in budget; true when it is now blocked. */
  codeFailure(accountKey: string): Promise<{ blocked: boolean; retryAfter: number }>;
  codeBlocked(accountKey: string): Promise<{ blocked: boolean; retryAfter: number }>;
  sessionEpoch(userId: string): Promise<number>;
  /** "Looks good": every method of the user counts as reviewed now. */
  reconfirm(userId: string): Promise<void>;
  /** `sessionEpoch`: the user's, when the step has just read it (`subjectById`); looked up otherwise. */
  issueToken(input: { userId: string; amr: Amr[]; authTime: number; audience?: string; ttlSeconds?: number; sessionEpoch?: number }): Promise<string>;
  notify(subject: Subject, notice: ChangeNotice): void;
  audit(note: AuditNote & { userName?: string | null }): void;
}

export function flowServices(deps: FlowDeps, flow: { id: string; tenantId: string }): FlowServices {
  const { env, background, meta, now, fakeNow } = deps;
  const directory = directoryOf(env, flow.tenantId);
  let context: Promise<SignInContext> | undefined;
  const load = () => (context ??= (async () => unwrap(await tenantContext(env, flow.tenantId, "signIn")))());
  const timed = fakeNow !== undefined ? { now: fakeNow } : {};
  const failures = (accountKey: string) => throttleOf(env, "failedSignInCodesPerUser", `${flow.tenantId}/${accountKey}`);

  return {
    now,
    issuer: meta.issuer,
    context: load,
    subjectById: async (userId) => unwrap(await directory.signInSubjectById(userId)),
    async identifyCaptcha() {
      // A flow pays once: password sign-in stays on its first screen after a wrong password,
      // and smart lockout, not another puzzle, is what guards the retries.
      // A flow being created has solved nothing yet: no need to ask its claim bucket.
      if (!deps.creating && (await captchaProof(env, flow.id))) return { provider: "none" };
      const { tenant, phoneProtection } = await load();
      return identifyCaptcha(env, { flowId: flow.id, policy: phoneProtection, homeCountries: tenant.homeCountries, ip: meta.ip, country: meta.country });
    },
    async captcha(token) {
      // Passes when the token verifies or the flow already paid. A token is tried first: on a
      // flow's first submit (the usual case) there is no proof to find, so its claim is the one
      // round trip; a flow that paid before passes either way, as a refused claim falls back here.
      const verify = async () => verifyCaptcha(env, { flowId: flow.id, policy: (await load()).phoneProtection, token, ip: meta.ip });
      if (token !== undefined && (await verify())) return true;
      return (await captchaProof(env, flow.id)) !== null || (token === undefined && verify());
    },
    async sendCode(key, { destination, channel, userId }) {
      const { tenant, phoneProtection } = await load();
      return protectedSend(env, background, {
        tenant,
        policy: phoneProtection,
        flowId: flow.id,
        challengeKey: key,
        channel,
        destination,
        userId,
        ip: meta.ip,
        requestCountry: meta.country,
        locale: meta.locale,
        origin: meta.origin,
        ...timed,
      });
    },
    later: (what, task) => later(background, what, task),
    async decoyCode(key) {
      await consume(env, "sendsPerIp", ipKey(meta.ip), timed);
      await challengeOf(env, `${key}/decoy`).issue({ tenantId: flow.tenantId, flowId: `${key}/decoy`, destination: "unmatched.invalid", channel: "sms", ...timed });
    },
    async verifyCode(key, code, destination) {
      const budget = await consume(env, "checksPerIp", ipKey(meta.ip), timed);
      if (!budget.ok) return { ok: false, code: "RATE_LIMITED" };
      const result = await challengeOf(env, key).verify({ code, destination, ...timed });
      if (result.ok) {
        const { tenant, phoneProtection } = await load();
        phoneVerified(env, background, { tenant, policy: phoneProtection, destination, ip: meta.ip, country: meta.country });
      }
      return result.ok ? { ok: true } : { ok: false, code: result.code === "OTP_EXPIRED" ? "OTP_EXPIRED" : "OTP_INVALID" };
    },
    totp(secret, code) {
      const totp = new TOTP({ secret, digits: 6, period: 30, algorithm: "SHA1" });
      return totp.validate({ token: code, window: 1, timestamp: now }) !== null;
    },
    async codeFailure(accountKey) {
      const status = await failures(accountKey).recordFailure({ rule: "failedSignInCodesPerUser", ...timed });
      return { blocked: status.blocked, retryAfter: status.retryAfter };
    },
    async codeBlocked(accountKey) {
      const status = await failures(accountKey).status({ rule: "failedSignInCodesPerUser", ...timed });
      return { blocked: status.blocked, retryAfter: status.retryAfter };
    },
    sessionEpoch: async (userId) => unwrap(await directory.sessionEpoch(userId)).sessionEpoch,
    async reconfirm(userId) {
      unwrap(await directory.reconfirmMethods(userId, timed));
    },
    async issueToken({ userId, amr, authTime, audience, ttlSeconds, sessionEpoch }) {
      const ctx = await load();
      return issueIdToken(env, {
        issuer: meta.issuer,
        audience: audience ?? ctx.siteKey ?? "",
        tenantId: flow.tenantId,
        userId,
        amr,
        authTime,
        sid: flow.id,
        sessionEpoch: sessionEpoch ?? unwrap(await directory.sessionEpoch(userId)).sessionEpoch,
        ttlSeconds: ttlSeconds ?? ctx.signIn.tokenLifetimeSeconds,
        now,
      });
    },
    notify(subject, notice) {
      void load()
        .then(({ tenant }) => notifyAddresses(env, background, { tenantId: flow.tenantId, flowId: flow.id, locale: meta.locale, tenantName: tenant.branding.name ?? tenant.displayName }, subject, notice))
        .catch((error: unknown) => log("error", "security notice not sent", { flowId: flow.id, name: (error as Error)?.name }));
    },
    audit(note) {
      const { userName, ...rest } = note;
      const event: AuditEventInput = { ...rest, userName: userName ?? null, ip: meta.ip, country: meta.country, device: meta.device, requestId: meta.requestId, flowId: flow.id };
      void audit(env, background, flow.tenantId, event).catch(() => undefined);
    },
  };
}
