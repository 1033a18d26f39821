import type { AuditReason } from "#contract/audit";
import { signInSubmitSchemas, type SignInSubmit } from "#contract/flows/signin";
import type { SignInSubject } from "../../directory/self-service";
import type { LockoutOutcome } from "../../signin/lockout";
import { refusalShown } from "../../risk/protected-send";
import { attemptsSpent, sendRefusal, sent } from "../shared/code-step";
import type { ExtensionPort } from "../shared/extension-port";
import { mfaRequired } from "../shared/requirements";
import type { FlowServices } from "../shared/services";
import { finishSignIn, submitGate, type Finished } from "../shared/sign-in-core";
import { accept, parseSubmit, refuse, type StepResult } from "../shared/step-result";
import { amrOf, mfaChoices } from "./mfa";
import type { MfaChoice, PasswordSignInRecord } from "./record";

/** The password and smart-lockout checks behind the identify step (adapters in kind.ts). */
export interface PasswordChecks {
  subject(userName: string): Promise<SignInSubject | null>;
  unknownKey(userName: string): Promise<string>;
  /** Argon2id at the edge; costs the same for a user without a password or no user at all. */
  verify(userId: string | null, password: string): Promise<boolean>;
  /** The client address's budget of password attempts. */
  ipBudget(): Promise<{ ok: true } | { ok: false; retryAfter: number }>;
  lockout(accountKey: string, attempt: { match: boolean; password: string }): Promise<LockoutOutcome>;
}

type Result = Finished<PasswordSignInRecord>;
const done = (result: StepResult<PasswordSignInRecord>): Result => ({ result });

/** The password sign-in state machine: one handler per state; a finished flow refuses every submit. */
export async function submitPasswordSignIn(
  record: PasswordSignInRecord,
  body: unknown,
  services: FlowServices,
  checks: PasswordChecks,
  extension: ExtensionPort,
): Promise<Result> {
  if (record.state === "done" || record.state === "helpdesk") return done(refuse(record, "FLOW_COMPLETED"));
  const parsed = parseSubmit<SignInSubmit[keyof SignInSubmit]>(signInSubmitSchemas, record.state, body);
  if (!parsed.ok) return done(refuse(record, parsed.code, parsed.details ? { details: parsed.details } : {}));
  const next: PasswordSignInRecord = { ...record, notices: [] };
  switch (record.state) {
    case "identify":
      return identify(next, parsed.input as SignInSubmit["identify"], services, checks);
    case "choose_method":
      return done(await chooseMethod(next, parsed.input as SignInSubmit["choose_method"], services, extension));
    case "verify_code":
      return verifyCode(next, parsed.input as SignInSubmit["verify_code"], services);
    case "verify_extension":
      return verifyExtension(next, parsed.input as SignInSubmit["verify_extension"], services, extension);
    default:
      return submitGate(next, parsed.input as SignInSubmit["reconfirm"], services);
  }
}

/** Why a sign-in failed, for the audit log only: the user always sees SIGNIN_FAILED. */
function failureReason(found: SignInSubject | null, match: boolean, lock: LockoutOutcome): AuditReason {
  if (!found) return "UNKNOWN_USER";
  if (lock.locked && !lock.lockedNow) return "SMART_LOCKOUT";
  if (!match) return "WRONG_PASSWORD";
  return found.subject.user.accountEnabled ? "ACCOUNT_LOCKED" : "USER_DISABLED";
}

async function identify(record: PasswordSignInRecord, input: SignInSubmit["identify"], services: FlowServices, checks: PasswordChecks): Promise<Result> {
  if (!(await services.captcha(input.captcha))) return done(refuse(record, "CAPTCHA_INVALID"));
  const budget = await checks.ipBudget();
  if (!budget.ok) return done(refuse(record, "RATE_LIMITED", { retryAfter: budget.retryAfter }));
  const found = await checks.subject(input.userName);
  const accountKey = found ? found.subject.user.id : await checks.unknownKey(input.userName);
  // Every path costs one password check and one lockout decision, known user or not.
  const match = await checks.verify(found?.subject.user.id ?? null, input.password);
  const lock = await checks.lockout(accountKey, { match, password: input.password });
  const user = found?.subject.user;
  const who = { userId: user?.id ?? null, userName: user?.userName ?? null };
  if (lock.lockedNow) services.audit({ activity: "Account locked by smart lockout", result: "success", reason: "SMART_LOCKOUT", ...who });
  if (!lock.allowed || !found || !user!.accountEnabled || user!.locked) {
    services.audit({ activity: "Sign-in with password", result: "failure", reason: failureReason(found, match, lock), methods: ["password"], step: "password_submitted", ...who });
    return done(refuse(record, "SIGNIN_FAILED"));
  }
  const base: PasswordSignInRecord = { ...record, ...who, accountKey, amr: ["pwd"], authTime: services.now, auditMethods: ["password"] };
  const ctx = await services.context();
  // The console always asks for a second factor, whatever the sign-in policy says of admins.
  if (!record.console && !mfaRequired(found.subject, ctx.signIn, found.requirements)) return finishSignIn(base, services);
  const choices = mfaChoices(found.subject, ctx.signIn);
  if (choices.length === 0) {
    services.audit({ activity: "Blocked from sign-in", result: "failure", reason: "MFA_NOT_REGISTERED", methods: ["password"], ...who });
    return done(accept({ ...base, state: "helpdesk", notices: ["CONTACT_HELPDESK_SIGNIN"] }));
  }
  services.audit({ activity: "Sign-in flow activity progress", result: "success", step: "second_factor_required", methods: ["password"], ...who });
  return done(accept({ ...base, state: "choose_method", choices, notices: ["SECOND_FACTOR_REQUIRED"] }));
}

const codeKey = (record: PasswordSignInRecord, choice: MfaChoice) => `${record.id}/mfa/${choice.id}`;

async function send(record: PasswordSignInRecord, choice: MfaChoice, services: FlowServices): Promise<StepResult<PasswordSignInRecord>> {
  const refused = sendRefusal(record, services.now);
  if (refused) return refuse(record, refused.code, refused.retryAfter ? { retryAfter: refused.retryAfter } : {});
  // The user has proved their password: a refused send can be told as it is.
  const outcome = await services.sendCode(codeKey(record, choice), { destination: choice.destination!, channel: choice.factor as "sms" | "voice" | "email", userId: record.userId });
  if (!outcome.ok) {
    if (outcome.risk) services.audit({ activity: "Blocked from sign-in", result: "failure", reason: outcome.code, risk: outcome.risk, methods: [choice.auditMethod], userId: record.userId, userName: record.userName });
    return refuse(record, refusalShown(outcome.code), outcome.retryAfter ? { retryAfter: outcome.retryAfter } : {});
  }
  return accept<PasswordSignInRecord>({ ...record, ...sent(record, services.now), state: "verify_code", current: choice.id, notices: ["CODE_SENT"] });
}

async function chooseMethod(record: PasswordSignInRecord, input: SignInSubmit["choose_method"], services: FlowServices, extension: ExtensionPort): Promise<StepResult<PasswordSignInRecord>> {
  const choice = record.choices.find((c) => c.id === input.method);
  if (!choice) return refuse(record, "METHOD_NOT_AVAILABLE");
  const blocked = await services.codeBlocked(record.accountKey);
  if (blocked.blocked) return refuse(record, "RATE_LIMITED", { retryAfter: blocked.retryAfter });
  services.audit({ activity: "Sign-in flow activity progress", result: "success", step: "method_chosen", methods: [choice.auditMethod], userId: record.userId, userName: record.userName });
  if (choice.factor === "totp") return accept({ ...record, state: "verify_code", current: choice.id, notices: ["ENTER_AUTHENTICATOR_CODE"] });
  if (choice.factor === "extension") return askExtension(record, choice, extension);
  return send(record, choice, services);
}

/** Pushes an approval request to the user's extension; the page shows the number to type there. */
async function askExtension(record: PasswordSignInRecord, choice: MfaChoice, extension: ExtensionPort): Promise<StepResult<PasswordSignInRecord>> {
  const asked = await extension.requestApproval(record.userId!);
  if (!asked.ok) return refuse(record, "RATE_LIMITED", { retryAfter: asked.retryAfter });
  const approval = { id: asked.id, number: asked.number, expiresAt: asked.expiresAt };
  return accept({ ...record, state: "verify_extension", current: choice.id, approval });
}

/**
 * The page asks (`check`) until the user has answered in the extension. A denial or a wrong
 * number counts like a wrong code, against the flow and the account; a timeout does not.
 */
async function verifyExtension(record: PasswordSignInRecord, input: SignInSubmit["verify_extension"], services: FlowServices, extension: ExtensionPort): Promise<Result> {
  const choice = record.choices.find((c) => c.id === record.current);
  if (!choice || choice.factor !== "extension" || !record.userId) return done(refuse(record, "FLOW_STATE_INVALID"));
  if (input.action === "back") return done(accept({ ...record, state: "choose_method", current: null, approval: null }));
  const blocked = await services.codeBlocked(record.accountKey);
  if (blocked.blocked) return done(refuse(record, "RATE_LIMITED", { retryAfter: blocked.retryAfter }));
  if (attemptsSpent(record)) return done(refuse(record, "OTP_ATTEMPTS_EXCEEDED"));
  if (input.action === "resend") return done(await askExtension(record, choice, extension));
  if (!record.approval) return done(refuse(record, "APPROVAL_EXPIRED"));
  const status = await extension.approvalStatus(record.userId, record.approval.id);
  const note = { userId: record.userId, userName: record.userName, methods: ["password" as const, choice.auditMethod] };
  switch (status) {
    case "pending":
      return done(accept(record));
    case "approved":
      services.audit({ activity: "Sign-in flow activity progress", result: "success", step: "method_verified", ...note });
      return finishSignIn({ ...record, approval: null, amr: ["pwd", "mfa", amrOf.extension], auditMethods: note.methods }, services);
    case "denied":
    case "wrong_number": {
      await services.codeFailure(record.accountKey);
      const failed = { ...record, approval: null, failures: record.failures + 1 };
      services.audit({ activity: "Sign-in with password", result: "failure", reason: status === "denied" ? "APPROVAL_DENIED" : "APPROVAL_NUMBER_MISMATCH", step: "method_verified", ...note });
      return done(refuse(failed, attemptsSpent(failed) ? "OTP_ATTEMPTS_EXCEEDED" : "APPROVAL_DENIED"));
    }
    default:
      services.audit({ activity: "Sign-in with password", result: "failure", reason: "APPROVAL_EXPIRED", step: "method_verified", ...note });
      return done(refuse({ ...record, approval: null }, "APPROVAL_EXPIRED"));
  }
}

async function verifyCode(record: PasswordSignInRecord, input: SignInSubmit["verify_code"], services: FlowServices): Promise<Result> {
  const choice = record.choices.find((c) => c.id === record.current);
  if (!choice) return done(refuse(record, "FLOW_STATE_INVALID"));
  if (input.action === "back") return done(accept({ ...record, state: "choose_method", current: null }));
  if (input.action === "resend") return done(choice.factor === "totp" ? refuse(record, "METHOD_NOT_AVAILABLE") : await send(record, choice, services));
  const blocked = await services.codeBlocked(record.accountKey);
  if (blocked.blocked) return done(refuse(record, "RATE_LIMITED", { retryAfter: blocked.retryAfter }));
  if (attemptsSpent(record)) return done(refuse(record, "OTP_ATTEMPTS_EXCEEDED"));
  let outcome: { ok: true } | { ok: false; code: "OTP_INVALID" | "OTP_EXPIRED" | "RATE_LIMITED" };
  if (choice.factor === "totp") {
    const found = await services.subjectById(record.userId!);
    const secret = found?.subject.methods.find((m) => m.id === choice.methodRef)?.secret;
    outcome = secret && services.totp(secret, input.code) ? { ok: true } : { ok: false, code: "OTP_INVALID" };
  } else {
    const verified = await services.verifyCode(codeKey(record, choice), input.code, choice.destination!);
    outcome = verified.ok ? verified : { ok: false, code: verified.code === "OTP_EXPIRED" ? "OTP_EXPIRED" : verified.code === "RATE_LIMITED" ? "RATE_LIMITED" : "OTP_INVALID" };
  }
  const note = { userId: record.userId, userName: record.userName, methods: ["password" as const, choice.auditMethod] };
  if (outcome.ok) {
    services.audit({ activity: "Sign-in flow activity progress", result: "success", step: "method_verified", ...note });
    return finishSignIn({ ...record, amr: ["pwd", "mfa", amrOf[choice.factor]], auditMethods: note.methods }, services);
  }
  await services.codeFailure(record.accountKey);
  const failed = { ...record, failures: record.failures + 1 };
  services.audit({ activity: "Sign-in with password", result: "failure", reason: outcome.code, step: "method_verified", ...note });
  return done(refuse(failed, attemptsSpent(failed) ? "OTP_ATTEMPTS_EXCEEDED" : outcome.code));
}
