import { TOTP } from "otpauth";
import type { AuditEventInput } from "#contract/audit";
import { audit } from "../../audit/audit";
import { deliverInBackground } from "../../delivery/deliver";
import { renderNotice, type NoticeKind } from "../../delivery/messages/notices";
import type { Subject } from "../../directory/subjects";
import { directoryOf } from "../../directory/stub";
import type { Env } from "../../env";
import { unwrap } from "../../http/api-error";
import { log } from "../../http/log";
import { newId } from "../../lib/crypto";
import { OTP_LENGTH_DEFAULT } from "../../limits";
import { keyedHash } from "../../otp/code";
import { challengeOf, sendCode } from "../../otp/send-code";
import { setPassword } from "../../password/set-password";
import { captchaProof, verifyCaptcha } from "../../risk/captcha";
import { allowedCountriesOf, assessSend, recordVerified } from "../../risk/engine";
import { spendCapReached } from "../../risk/spend/spend";
import { consume, consumeSendBudgets, isBlocked, recordFailure } from "../../throttle/consume";
import { ipKey } from "../../throttle/keys";
import type { FlowContext, ResetPorts } from "./ports";
import { checkAnswers, drawQuestions } from "./questions";
import type { ResetRecord } from "./record";

/** Where a request came from; the route reads it, flows only pass it on. */
export interface RequestMeta {
  ip: string | null;
  country: string | null;
  requestId: string | null;
  /** The page the widget runs on, for the SMS's WebOTP line. */
  origin: string | null;
  locale: string;
}

type Background = Pick<ExecutionContext, "waitUntil">;

/**
 * The real parts behind the reset flow's ports: the tenant's directory, the flow's code
 * challenge, the throttles, delivery, passwords and the audit log. Built per step.
 */
export function resetPorts(env: Env, background: Background, record: ResetRecord, meta: RequestMeta): ResetPorts {
  const directory = directoryOf(env, record.tenantId);
  // One code challenge per method verified, so the second method's code is a fresh challenge
  // and not "a resend too soon" of the first.
  const challengeKey = `${record.id}/${record.verified.length}`;
  let context: Promise<FlowContext> | undefined;
  const load = () => (context ??= flowContext(env, record.tenantId, directory));
  const subjectById = async (userId: string): Promise<Subject | null> => unwrap(await directory.subjectById(userId));

  const ports: ResetPorts = {
    now: () => Date.now(),
    seed: (text) => keyedHash(env.OTP_HMAC_SECRET, `seed:${record.tenantId}:${text}`),
    tenant: {
      load,
      subject: async (identifier): Promise<Subject | null> => unwrap(await directory.findSubject(identifier)),
      subjectById,
    },
    captcha: async (token) => verifyCaptcha(env, { flowId: record.id, policy: (await load()).phoneProtection, token, ip: meta.ip }),
    codes: {
      async send({ destination, channel, userId }) {
        const { tenant, phoneProtection } = await load();
        // Phone protection decides before any budget is spent: refused fraud must not drain
        // the per-country and per-tenant budgets that legitimate users share.
        const risk =
          channel === "email" || phoneProtection.mode === "off"
            ? null
            : await assessSend(env, background, {
                tenantId: record.tenantId,
                homeCountries: tenant.homeCountries,
                policy: phoneProtection,
                flowId: record.id,
                channel,
                destination,
                ip: meta.ip,
                requestCountry: meta.country,
                methodRegisteredAt: record.choices.find((c) => c.destination === destination)?.registeredAt ?? null,
                captcha: () => captchaProof(env, record.id),
              });
        if (risk && !risk.send) {
          risk.settle("withheld");
          return { ok: false, code: risk.refusal ?? "RISK_BLOCKED", risk: risk.summary };
        }
        const budget = await consumeSendBudgets(env, { tenantId: record.tenantId, userId, channel, destination, ip: meta.ip });
        if (!budget.ok) {
          risk?.settle("rate_limited");
          return { ok: false, code: budget.code, retryAfter: budget.retryAfter };
        }
        const sent = await sendCode(env, background, {
          tenantId: record.tenantId,
          tenantName: tenant.branding.name ?? tenant.displayName,
          flowId: challengeKey,
          channel,
          destination,
          locale: meta.locale,
          ...(meta.origin ? { origin: meta.origin } : {}),
        });
        risk?.settle(sent.ok ? "sent" : "failed");
        if (!sent.ok) return { ok: false, code: sent.code };
        return { ok: true, resendAvailableAt: Date.parse(sent.value.resendAvailableAt), length: OTP_LENGTH_DEFAULT };
      },
      async verify({ code, destination }) {
        const budget = await consume(env, "checksPerIp", ipKey(meta.ip));
        if (!budget.ok) return { ok: false, code: "RATE_LIMITED" };
        const result = await challengeOf(env, challengeKey).verify({ code, destination });
        if (!result.ok) return { ok: false, code: result.code };
        // Verified codes are what conversion is measured by: pumped numbers never get here.
        const { tenant, phoneProtection } = await load();
        recordVerified(env, background, { tenantId: record.tenantId, destination, ip: meta.ip, country: meta.country, allowedCountries: allowedCountriesOf(phoneProtection, tenant.homeCountries) });
        return { ok: true };
      },
      async totp({ secret, code }) {
        const totp = new TOTP({ secret, digits: 6, period: 30, algorithm: "SHA1" });
        return totp.validate({ token: code, window: 1 }) !== null;
      },
    },
    account: {
      blocked: async (key) => {
        const status = await isBlocked(env, record.tenantId, key);
        return status.blocked ? { blocked: true, retryAfter: status.retryAfter } : { blocked: false };
      },
      recordFailure: async (key) => {
        await recordFailure(env, record.tenantId, key);
      },
    },
    questions: { draw: drawQuestions, check: checkAnswers },
    password: {
      async set(userId, password) {
        const { policy } = await load();
        const result = await setPassword(env, record.tenantId, userId, password, {
          // No writeback agent is connected yet: a hybrid tenant's reset must fail whole.
          beforeCommit: async () => (policy.onPremises.writebackEnabled ? { ok: false, code: "WRITEBACK_FAILED" } : { ok: true }),
        });
        if (result.ok) return { ok: true };
        return "violations" in result ? { ok: false, code: result.code, violations: result.violations } : { ok: false, code: result.code };
      },
    },
    unlock: async (userId) => {
      unwrap(await directory.unlockUser(userId));
    },
    notifyChanged: (subject, what) => void notify(env, background, record, meta, subject, what, load),
    audit(note) {
      void (async () => {
        const user = note.userId ? await subjectById(note.userId).catch(() => null) : null;
        const event: AuditEventInput = {
          ...note,
          userName: user?.user.userName ?? null,
          ip: meta.ip,
          country: meta.country,
          requestId: meta.requestId,
          flowId: record.id,
        };
        await audit(env, background, record.tenantId, event);
      })().catch((error: unknown) => log("error", "flow audit not written", { flowId: record.id, name: (error as Error)?.name }));
    },
  };
  return ports;
}

/**
 * The tenant's context for a flow step. Once the tenant's SMS and call spend reaches a cap,
 * phone methods are taken out of the policy for every identifier alike (no enumeration), so
 * users fall back to email, the authenticator or the extension.
 */
async function flowContext(env: Env, tenantId: string, directory: ReturnType<typeof directoryOf>): Promise<FlowContext> {
  const context = unwrap(await directory.flowContext());
  if (!(await spendCapReached(env, tenantId, context.phoneProtection.spend))) return context;
  const allowed = context.policy.authenticationMethods.allowed.filter((m) => m !== "mobilePhone" && m !== "officePhone");
  return { ...context, policy: { ...context.policy, authenticationMethods: { ...context.policy.authenticationMethods, allowed } } };
}

/** Tells the user, on every address they registered, that their password or lockout changed. */
async function notify(
  env: Env,
  background: Background,
  record: ResetRecord,
  meta: RequestMeta,
  subject: Subject,
  kind: NoticeKind,
  load: () => Promise<FlowContext>,
): Promise<void> {
  const { tenant } = await load();
  const tenantName = tenant.branding.name ?? tenant.displayName;
  const emails = new Set([...subject.user.emails, ...subject.methods.flatMap((m) => (m.email ? [m.email] : []))]);
  const phones = new Set(subject.methods.flatMap((m) => (m.phoneType === "mobile" && m.phoneNumber ? [m.phoneNumber] : [])));
  const send = (channel: "sms" | "email", to: string) => {
    const rendered = renderNotice({ kind, channel, locale: meta.locale, tenantName });
    deliverInBackground(background, env, {
      messageId: newId("msg"),
      tenantId: record.tenantId,
      flowId: record.id,
      channel,
      to,
      locale: rendered.locale,
      text: rendered.text,
      ...("subject" in rendered ? { subject: rendered.subject } : {}),
    });
  };
  for (const email of emails) send("email", email);
  for (const phone of phones) send("sms", phone);
}
