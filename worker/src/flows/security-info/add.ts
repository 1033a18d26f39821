import type { CountryCode } from "libphonenumber-js";
import { Secret } from "otpauth";
import type { AuditMethod } from "#contract/audit";
import type { ErrorCode } from "#contract/errors";
import type { SecurityInfoSubmit } from "#contract/flows/security-info";
import type { Subject } from "../../directory/subjects";
import { toE164 } from "../../phone/e164";
import { attemptsSpent, sendRefusal, sent } from "../shared/code-step";
import { inScope, registrationOf } from "../shared/requirements";
import type { FlowServices } from "../shared/services";
import { refusalShown } from "../../risk/protected-send";
import { accept, refuse, type StepResult } from "../shared/step-result";
import type { PendingMethod, SecurityInfoRecord } from "./record";

/** What saving a verified method asks of the directory (the kind adapts the stub). */
export interface MethodStore {
  registerPhone(userId: string, input: { phoneNumber: string; phoneType: "mobile" | "alternateMobile" | "office"; smsSignIn: boolean }): Promise<{ ok: true } | { ok: false; code: ErrorCode }>;
  registerEmail(userId: string, address: string): Promise<{ ok: true } | { ok: false; code: ErrorCode }>;
  registerSecret(userId: string, input: { type: "authenticatorApp" | "securityQuestions"; secret: string }): Promise<{ ok: true } | { ok: false; code: ErrorCode }>;
}

type Overview = SecurityInfoSubmit["overview"];
type Step = StepResult<SecurityInfoRecord>;

export const challengeKey = (record: SecurityInfoRecord) => `${record.id}/add/${record.adds}`;

export const auditMethodOf = (pending: PendingMethod | { kind: "questions" }): AuditMethod =>
  pending.kind === "phone" ? (pending.phoneType === "office" ? "officePhone" : "mobilePhone") : pending.kind === "email" ? "email" : pending.kind === "totp" ? "authenticatorApp" : "securityQuestions";

const destinationOf = (pending: PendingMethod): string | null => (pending.kind === "phone" ? pending.phoneNumber : pending.kind === "email" ? pending.email : null);

/** Sends the pending method's code; a refusal (a spent budget) is told as it is: the user is signed in. */
async function sendPending(record: SecurityInfoRecord, services: FlowServices): Promise<Step> {
  const pending = record.pending!;
  const refused = sendRefusal(record, services.now);
  if (refused) return refuse(record, refused.code, refused.retryAfter ? { retryAfter: refused.retryAfter } : {});
  const channel = pending.kind === "phone" ? pending.channel : "email";
  const outcome = await services.sendCode(challengeKey(record), { destination: destinationOf(pending)!, channel, userId: record.userId });
  if (!outcome.ok) {
    if (outcome.risk) services.audit({ activity: "User registered security info", result: "failure", reason: outcome.code, risk: outcome.risk, methods: [auditMethodOf(pending)], userId: record.userId });
    return refuse({ ...record, state: "overview", pending: null }, refusalShown(outcome.code), outcome.retryAfter ? { retryAfter: outcome.retryAfter } : {});
  }
  return accept<SecurityInfoRecord>({ ...record, ...sent(record, services.now), state: "verify_code", notices: ["CODE_SENT"] });
}

/** Starts adding a phone, an email or an authenticator app: nothing counts until its first code. */
export async function startAdd(record: SecurityInfoRecord, input: Extract<Overview, { action: "add_phone" | "add_email" | "add_authenticator" }>, services: FlowServices): Promise<Step> {
  // A new destination, a new challenge: the resend interval starts over, the flow's send cap does not.
  const next = { ...record, adds: record.adds + 1, lastSendAt: null };
  if (input.action === "add_authenticator") {
    const secret = new Secret({ size: 20 }).base32;
    return accept({ ...next, state: "verify_totp", pending: { kind: "totp", secret }, notices: ["SCAN_AUTHENTICATOR_QR"] });
  }
  if (input.action === "add_email") return sendPending({ ...next, pending: { kind: "email", email: input.emailAddress.toLowerCase() } }, services);
  const { tenant } = await services.context();
  const phoneNumber = toE164(input.phoneNumber, (tenant.homeCountries[0] ?? "US") as CountryCode);
  if (!phoneNumber) return refuse(record, "PHONE_NUMBER_INVALID");
  // Only the mobile slot takes texts (Entra's rule); the others are verified by a call.
  const channel = input.channel ?? (input.phoneType === "mobile" ? "sms" : "voice");
  if (channel === "sms" && input.phoneType !== "mobile") return refuse(record, "METHOD_NOT_AVAILABLE");
  return sendPending({ ...next, pending: { kind: "phone", phoneNumber, phoneType: input.phoneType, channel } }, services);
}

/** Checks the pending method's first code, then saves it. */
export async function verifyPending(
  record: SecurityInfoRecord,
  input: SecurityInfoSubmit["verify_code"] | SecurityInfoSubmit["verify_totp"],
  services: FlowServices,
  store: MethodStore,
): Promise<Step> {
  const pending = record.pending;
  if (!pending) return refuse(record, "FLOW_STATE_INVALID");
  if (input.action === "cancel") return accept({ ...record, state: "overview", pending: null });
  if (input.action === "resend") return pending.kind === "totp" ? refuse(record, "METHOD_NOT_AVAILABLE") : sendPending(record, services);
  if (attemptsSpent(record)) return refuse(record, "OTP_ATTEMPTS_EXCEEDED");
  const checked = pending.kind === "totp"
    ? (services.totp(pending.secret, input.code) ? { ok: true as const } : { ok: false as const, code: "OTP_INVALID" as ErrorCode })
    : await services.verifyCode(challengeKey(record), input.code, destinationOf(pending)!);
  if (!checked.ok) {
    const failed = { ...record, failures: record.failures + 1 };
    services.audit({ activity: "User registered security info", result: "failure", reason: checked.code, methods: [auditMethodOf(pending)], userId: record.userId, userName: record.userName });
    return refuse(failed, attemptsSpent(failed) ? "OTP_ATTEMPTS_EXCEEDED" : checked.code);
  }
  const before = (await services.subjectById(record.userId))!.subject;
  const saved = await save(record, pending, before, services, store);
  if (!saved.ok) return refuse({ ...record, state: "overview", pending: null }, saved.code);
  await registered(record, before, [auditMethodOf(pending)], services, destinationOf(pending));
  return accept({ ...record, state: "overview", pending: null, notices: ["METHOD_ADDED"] });
}

async function save(record: SecurityInfoRecord, pending: PendingMethod, subject: Subject, services: FlowServices, store: MethodStore) {
  if (pending.kind === "email") return store.registerEmail(record.userId, pending.email);
  if (pending.kind === "totp") return store.registerSecret(record.userId, { type: "authenticatorApp", secret: pending.secret });
  const { smsSignIn } = await services.context();
  // A new mobile number becomes the sign-in number when the user is in SMS sign-in's scope.
  const signIn = smsSignIn.enabled && inScope(subject, smsSignIn) && pending.phoneType === "mobile";
  return store.registerPhone(record.userId, { phoneNumber: pending.phoneNumber, phoneType: pending.phoneType, smsSignIn: signIn });
}

/**
 * After a method was saved: audit it (and the SSPR registration it completed, if it did), and
 * tell the user's other addresses, as they were before the change.
 */
export async function registered(record: SecurityInfoRecord, before: Subject, methods: AuditMethod[], services: FlowServices, added: string | null): Promise<void> {
  const who = { userId: record.userId, userName: record.userName };
  services.audit({ activity: "User registered security info", result: "success", methods, ...who });
  const [{ reset }, after] = await Promise.all([services.context(), services.subjectById(record.userId)]);
  if (after && !registrationOf(before, reset).complete && registrationOf(after.subject, reset).complete) {
    services.audit({ activity: "User registered for self-service password reset", result: "success", methods, ...who });
  }
  services.notify(before, { kind: "method_added", ...(added ? { except: [added] } : {}) });
}
