import { TOTP } from "otpauth";
import type { AuditEventInput } from "#contract/audit";
import type { ErrorCode } from "#contract/errors";
import { audit } from "../../audit/audit";
import type { Subject } from "../../directory/subjects";
import { tenantContext } from "../../directory/context-cache";
import { directoryOf } from "../../directory/stub";
import type { Env } from "../../env";
import { unwrap } from "../../http/api-error";
import { keyedHash } from "../../otp/code";
import { challengeOf } from "../../otp/send-code";
import { setPassword } from "../../password/set-password";
import { verifyCaptcha } from "../../risk/captcha";
import { phoneVerified, protectedSend } from "../../risk/protected-send";
import { spendCapReached } from "../../risk/spend/spend";
import { clearLockout } from "../../signin/account";
import { consume, isBlocked, recordFailure } from "../../throttle/consume";
import { ipKey } from "../../throttle/keys";
import { later } from "../shared/later";
import type { RequestMeta } from "../shared/request-meta";
import { notifyChanged } from "./notify";
import type { AuditNote, FlowContext, ResetPorts } from "./ports";
import { checkAnswers, drawQuestions } from "./questions";
import type { ResetRecord } from "./record";
import { writebackPort } from "./writeback-port";
import { extensionPort } from "../shared/extension-port";

export type { RequestMeta };

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
  const load = () => (context ??= flowContext(env, record.tenantId));
  // When the user registered a destination: phone protection judges a send and counts its code by it.
  const registeredAt = (destination: string) => record.choices.find((c) => c.destination === destination)?.registeredAt ?? null;
  const subjectById = async (userId: string): Promise<Subject | null> => unwrap(await directory.subjectById(userId));
  // The user names audit events carry: the flow keeps its user's from the identify step, so
  // later steps' audit events need no lookup; any other is looked up once per request.
  const userNames = new Map<string, Promise<string | null>>();
  if (record.userId && record.userName !== undefined) userNames.set(record.userId, Promise.resolve(record.userName));
  const userNameOf = (userId: string): Promise<string | null> => {
    let name = userNames.get(userId);
    if (name === undefined) {
      name = subjectById(userId).then((subject) => subject?.user.userName ?? null, () => null);
      userNames.set(userId, name);
    }
    return name;
  };

  const auditNote = (note: AuditNote) => ports.audit(note);
  const writeback = writebackPort({ env, tenantId: record.tenantId, subjectById, audit: auditNote });

  const ports: ResetPorts = {
    now: () => Date.now(),
    seed: (text) => keyedHash(env.OTP_HMAC_SECRET, `seed:${record.tenantId}:${text}`),
    tenant: {
      load,
      async subject(identifier): Promise<Subject | null> {
        const subject = unwrap(await directory.findSubject(identifier));
        if (subject) userNames.set(subject.user.id, Promise.resolve(subject.user.userName));
        return subject;
      },
      subjectById,
    },
    captcha: async (token) => verifyCaptcha(env, { flowId: record.id, policy: (await load()).phoneProtection, token, ip: meta.ip }),
    codes: {
      queueSend({ destination, channel, userId, method }) {
        // In the background, so a refusal (a risky number, a spent budget) takes as long to
        // answer as a send: telling the caller would tell them the destination matched.
        later(background, "flow code not sent", async () => {
          const { tenant, phoneProtection } = await load();
          const sent = await protectedSend(env, background, {
            tenant,
            policy: phoneProtection,
            flowId: record.id,
            challengeKey,
            channel,
            destination,
            userId,
            ip: meta.ip,
            requestCountry: meta.country,
            locale: meta.locale,
            origin: meta.origin,
            methodRegisteredAt: registeredAt(destination),
          });
          if (!sent.ok) {
            ports.audit({ activity: "Blocked from self-service password reset", userId, result: "failure", methods: [method], reason: sent.code, ...(sent.risk ? { risk: sent.risk } : {}) });
          }
        });
      },
      async verify({ code, destination }) {
        const budget = await consume(env, "checksPerIp", ipKey(meta.ip));
        if (!budget.ok) return { ok: false, code: "RATE_LIMITED" };
        const result = await challengeOf(env, challengeKey).verify({ code, destination });
        if (!result.ok) return { ok: false, code: result.code };
        // Verified codes are what conversion is measured by: pumped numbers never get here.
        const { tenant, phoneProtection } = await load();
        phoneVerified(env, background, { tenant, policy: phoneProtection, destination, ip: meta.ip, country: meta.country, methodRegisteredAt: registeredAt(destination) });
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
          // Hybrid tenants: the directory on-premises must take the password before Sesame keeps it.
          ...(policy.onPremises.writebackEnabled ? { beforeCommit: () => writeback.password(userId, password) } : {}),
        });
        if (result.ok) return { ok: true };
        return "violations" in result ? { ok: false, code: result.code, violations: result.violations } : { ok: false, code: result.code };
      },
    },
    // Unlock clears every lock: on-premises first (writeback), then the account's flag and
    // sign-in's smart lockout.
    async unlock(userId, options = {}) {
      const { policy } = await load();
      if (policy.onPremises.writebackEnabled && options.onPremises !== false) {
        const unlocked = await writeback.unlock(userId);
        if (!unlocked.ok) return unlocked;
      }
      unwrap(await directory.unlockUser(userId));
      await clearLockout(env, record.tenantId, userId);
      return { ok: true };
    },
    extension: extensionPort(env, record, meta),
    notifyChanged: (subject, what) =>
      later(background, "flow notice not sent", async () => notifyChanged(env, background, record, meta.locale, subject, what, await load())),
    audit(note) {
      later(background, "flow audit not written", async () => {
        const event: AuditEventInput = {
          ...note,
          userName: note.userId ? await userNameOf(note.userId) : null,
          ip: meta.ip,
          country: meta.country,
          device: meta.device,
          requestId: meta.requestId,
          flowId: record.id,
        };
        await audit(env, background, record.tenantId, event);
      });
    },
  };
  return ports;
}

/**
 * The tenant's context for a flow step. Once the tenant's SMS and call spend reaches a cap,
 * phone methods are taken out of the policy for every identifier alike (no enumeration), so
 * users fall back to email, the authenticator or the extension.
 */
async function flowContext(env: Env, tenantId: string): Promise<FlowContext> {
  const context = unwrap(await tenantContext(env, tenantId, "reset"));
  if (!(await spendCapReached(env, tenantId, context.phoneProtection.spend))) return context;
  const allowed = context.policy.authenticationMethods.allowed.filter((m) => m !== "mobilePhone" && m !== "officePhone");
  return { ...context, policy: { ...context.policy, authenticationMethods: { ...context.policy.authenticationMethods, allowed } } };
}
