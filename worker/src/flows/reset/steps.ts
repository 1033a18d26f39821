import type { CountryCode } from "libphonenumber-js";
import { getCountryCallingCode } from "libphonenumber-js/max";
import type { ErrorCode, ErrorDetail } from "#contract/errors";
import { resetSubmitSchemas, type ResetSubmit } from "#contract/flows/reset";
import type { PasswordViolation } from "#contract/password/rules";
import type { Subject } from "../../directory/subjects";
import { OTP_MAX_FAILURES_PER_FLOW, OTP_MAX_SENDS_PER_FLOW, OTP_RESEND_INTERVAL_SECONDS } from "../../limits";
import { toE164 } from "../../phone/e164";
import { distinctMethods, fakeChoices, methodsRequired, realChoices, type Choice } from "./choices";
import type { ResetPorts } from "./ports";
import type { ResetRecord } from "./record";

export const CODE_RESEND_AFTER_MS = OTP_RESEND_INTERVAL_SECONDS * 1000;
export const CODE_SENDS_PER_FLOW = OTP_MAX_SENDS_PER_FLOW;
export const CODE_CHECKS_PER_FLOW = OTP_MAX_FAILURES_PER_FLOW;
/** What an unmatched destination is checked against: no code is ever bound to it. */
const UNMATCHED_DESTINATION = "unmatched.invalid";

interface Refusal {
  details?: ErrorDetail[];
  violations?: PasswordViolation[];
  retryAfter?: number;
}

export type StepResult = { ok: true; record: ResetRecord } | ({ ok: false; code: ErrorCode; record: ResetRecord } & Refusal);

const refuse = (record: ResetRecord, code: ErrorCode, extra: Refusal = {}): StepResult => ({
  ok: false,
  code,
  record,
  ...extra,
});

function parse<S extends keyof typeof resetSubmitSchemas>(state: S, body: unknown): ResetSubmit[S] | ErrorDetail[] {
  const result = resetSubmitSchemas[state].safeParse(body);
  if (result.success) return result.data as ResetSubmit[S];
  return result.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.join(".") || "(root)", issue: issue.message }));
}

/**
 * The one entry point of the reset/unlock state machine: one handler per state, each checking
 * its own preconditions; a finished flow refuses every submit.
 */
export async function submitResetStep(record: ResetRecord, body: unknown, ports: ResetPorts): Promise<StepResult> {
  const state = record.state;
  if (state === "done" || state === "helpdesk") return refuse(record, "FLOW_COMPLETED");
  const input = parse(state, body);
  if (Array.isArray(input)) {
    // A payload for another step (a replay, or a second tab behind this one) is a state error.
    const forOtherStep = Object.values(resetSubmitSchemas).some((schema) => schema.safeParse(body).success);
    return forOtherStep ? refuse(record, "FLOW_STATE_INVALID") : refuse(record, "VALIDATION_FAILED", { details: input });
  }
  const next: ResetRecord = { ...record, notices: [] };
  switch (state) {
    case "identify":
      return identify(next, input as ResetSubmit["identify"], ports);
    case "choose_method":
      return chooseMethod(next, input as ResetSubmit["choose_method"], ports);
    case "verify_code":
      return verifyCode(next, input as ResetSubmit["verify_code"], ports);
    case "verify_extension":
      return verifyExtension(next, input as ResetSubmit["verify_extension"], ports);
    case "answer_questions":
      return answerQuestions(next, input as ResetSubmit["answer_questions"], ports);
    case "unlock_options":
      return unlockOptions(next, input as ResetSubmit["unlock_options"], ports);
    case "new_password":
      return newPassword(next, input as ResetSubmit["new_password"], ports);
    default:
      return refuse(record, "FLOW_STATE_INVALID");
  }
}

function inScope(subject: Subject, policy: Awaited<ReturnType<ResetPorts["tenant"]["load"]>>["policy"]): boolean {
  const { scope, groupId } = policy.properties;
  return scope === "all" || (scope === "selected" && groupId !== null && subject.user.groups.includes(groupId));
}

async function identify(record: ResetRecord, input: ResetSubmit["identify"], ports: ResetPorts): Promise<StepResult> {
  if (!(await ports.captcha(input.captcha))) return refuse(record, "CAPTCHA_INVALID");
  // Both lookups run for every identifier, so known and unknown ones take the same time.
  const [{ tenant, policy }, subject, seed] = await Promise.all([
    ports.tenant.load(),
    ports.tenant.subject(input.identifier),
    ports.seed(`identifier:${input.identifier.trim().toLowerCase()}`),
  ]);
  const seedHex = [...seed.slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("");
  if (!subject) {
    const callingCode = getCountryCallingCode((tenant.homeCountries[0] ?? "US") as CountryCode);
    ports.audit({ activity: "Self-service password reset flow activity progress", userId: null, result: "success", step: "identified" });
    return {
      ok: true,
      record: { ...record, state: "choose_method", accountKey: `unknown:${seedHex}`, required: methodsRequired(policy, false), choices: fakeChoices(policy, seed, callingCode) },
    };
  }
  const isAdmin = subject.user.roles.includes("admin");
  const choices = realChoices(subject, policy);
  const required = methodsRequired(policy, isAdmin);
  const base = { ...record, userId: subject.user.id, userName: subject.user.userName, accountKey: subject.user.id, isAdmin, required, choices };
  const reason = !subject.user.accountEnabled
    ? "USER_DISABLED"
    : !inScope(subject, policy)
      ? "USER_NOT_IN_SCOPE"
      : distinctMethods(choices) < required
        ? isAdmin
          ? "ADMIN_RULES"
          : "NOT_ENOUGH_METHODS"
        : null;
  if (reason) {
    ports.audit({ activity: "Blocked from self-service password reset", userId: subject.user.id, result: "failure", reason });
    return { ok: true, record: { ...base, state: "helpdesk", choices: [], notices: ["CONTACT_HELPDESK"] } };
  }
  ports.audit({ activity: "Self-service password reset flow activity progress", userId: subject.user.id, result: "success", step: "identified" });
  return { ok: true, record: { ...base, state: "choose_method" } };
}

async function accountBlocked(record: ResetRecord, ports: ResetPorts): Promise<StepResult | null> {
  // Both asked at once, so a known user's step takes about as long as an unknown one's.
  const [status, reported] = await Promise.all([ports.account.blocked(record.accountKey), record.userId ? ports.extension.blocked(record.userId) : false]);
  if (reported) return reportedBlock(record, ports);
  return status.blocked ? refuse(record, "RATE_LIMITED", { retryAfter: status.retryAfter }) : null;
}

/**
 * The user said "this wasn't me" in the extension: self-service reset is blocked for the account
 * until an admin or a fresh verified sign-in clears it, and a reset in progress ends here.
 */
function reportedBlock(record: ResetRecord, ports: ResetPorts): StepResult {
  ports.audit({ activity: "Blocked from self-service password reset", userId: record.userId, result: "failure", reason: "USER_REPORTED_FRAUD" });
  return { ok: true, record: { ...record, state: "helpdesk", choices: [], current: null, approval: null, notices: ["CONTACT_HELPDESK"] } };
}

/** At the steps that change the account: has a report come in since the flow began? */
async function reportedSince(record: ResetRecord, ports: ResetPorts): Promise<StepResult | null> {
  return record.userId && (await ports.extension.blocked(record.userId)) ? reportedBlock(record, ports) : null;
}

function confirmed(choice: Choice, typed: string, homeCountry: string): boolean {
  if (choice.destination === null) return false;
  if (choice.confirm === "phone") return toE164(typed, homeCountry as CountryCode) === choice.destination;
  return typed.trim().toLowerCase() === choice.destination.toLowerCase();
}

/** Sends a code for the current choice, if it matched; answers alike either way. */
function sendCode(record: ResetRecord, choice: Choice, matched: boolean, ports: ResetPorts): StepResult {
  const now = ports.now();
  if (record.sends >= CODE_SENDS_PER_FLOW) return refuse(record, "OTP_SEND_LIMIT");
  if (record.lastSendAt !== null && now - record.lastSendAt < CODE_RESEND_AFTER_MS) {
    return refuse(record, "OTP_RESEND_TOO_SOON", { retryAfter: Math.ceil((record.lastSendAt + CODE_RESEND_AFTER_MS - now) / 1000) });
  }
  if (matched && record.userId && choice.destination) {
    ports.codes.queueSend({ destination: choice.destination, channel: choice.kind as "sms" | "voice" | "email", userId: record.userId, method: choice.resetMethod });
  }
  return {
    ok: true,
    record: { ...record, state: "verify_code", current: { choiceId: choice.id, matched }, sends: record.sends + 1, lastSendAt: now, notices: [record.sends === 0 ? "CODE_SENT_IF_MATCH" : "CODE_RESENT_IF_MATCH"] },
  };
}

async function chooseMethod(record: ResetRecord, input: ResetSubmit["choose_method"], ports: ResetPorts): Promise<StepResult> {
  const choice = record.choices.find((c) => c.id === input.method);
  if (!choice) return refuse(record, "METHOD_NOT_AVAILABLE");
  if (record.verified.includes(choice.methodRef)) return refuse(record, "METHOD_ALREADY_USED");
  const blocked = await accountBlocked(record, ports);
  if (blocked) return blocked;
  if (choice.kind === "extension") return askExtension(record, choice, ports);
  if (choice.kind === "totp") {
    return { ok: true, record: { ...record, state: "verify_code", current: { choiceId: choice.id, matched: true }, notices: ["ENTER_AUTHENTICATOR_CODE"] } };
  }
  if (choice.kind === "questions") {
    const subject = record.userId ? await ports.tenant.subjectById(record.userId) : null;
    const secret = subject?.methods.find((m) => m.id === choice.methodRef)?.secret;
    if (!secret) return refuse(record, "METHOD_NOT_AVAILABLE");
    const { policy } = await ports.tenant.load();
    const drawn = ports.questions.draw(secret, policy.authenticationMethods.securityQuestions.numberToReset);
    return { ok: true, record: { ...record, state: "answer_questions", current: { choiceId: choice.id, matched: true }, questionIds: drawn.map((q) => q.id) } };
  }
  if (input.confirm === undefined || input.confirm === "") return refuse(record, "CONFIRMATION_REQUIRED");
  const { tenant } = await ports.tenant.load();
  return sendCode(record, choice, confirmed(choice, input.confirm, tenant.homeCountries[0] ?? "US"), ports);
}

async function verified(record: ResetRecord, choice: Choice, ports: ResetPorts): Promise<StepResult> {
  const verifiedRefs = [...record.verified, choice.methodRef];
  ports.audit({ activity: "Self-service password reset flow activity progress", userId: record.userId, result: "success", methods: [choice.resetMethod], step: "method_verified" });
  const base = { ...record, verified: verifiedRefs, current: null, approval: null, questionIds: [], sends: 0, lastSendAt: null, failures: 0 };
  if (verifiedRefs.length < record.required) return { ok: true, record: { ...base, state: "choose_method", notices: ["SECOND_METHOD_REQUIRED"] } };
  if (record.type === "unlock") {
    const { policy } = await ports.tenant.load();
    if (policy.onPremises.allowUnlockWithoutReset) return { ok: true, record: { ...base, state: "unlock_options" } };
  }
  return { ok: true, record: { ...base, state: "new_password" } };
}

async function failed(record: ResetRecord, code: ErrorCode, ports: ResetPorts): Promise<StepResult> {
  await ports.account.recordFailure(record.accountKey);
  const failures = record.failures + 1;
  ports.audit({ activity: "Self-service password reset flow activity progress", userId: record.userId, result: "failure", reason: code, step: "method_verified" });
  const next = { ...record, failures };
  if (failures >= CODE_CHECKS_PER_FLOW) return refuse(next, "OTP_ATTEMPTS_EXCEEDED");
  return refuse(next, code);
}

async function verifyCode(record: ResetRecord, input: ResetSubmit["verify_code"], ports: ResetPorts): Promise<StepResult> {
  const choice = record.choices.find((c) => c.id === record.current?.choiceId);
  if (!choice || !record.current) return refuse(record, "FLOW_STATE_INVALID");
  if (input.action === "back") return { ok: true, record: { ...record, state: "choose_method", current: null } };
  if (input.action === "resend") {
    if (choice.kind === "totp") return refuse(record, "METHOD_NOT_AVAILABLE");
    return sendCode(record, choice, record.current.matched, ports);
  }
  const blocked = await accountBlocked(record, ports);
  if (blocked) return blocked;
  if (record.failures >= CODE_CHECKS_PER_FLOW) return refuse(record, "OTP_ATTEMPTS_EXCEEDED");
  let ok = false;
  let code: ErrorCode = "OTP_INVALID";
  if (choice.kind === "totp") {
    const subject = record.userId ? await ports.tenant.subjectById(record.userId) : null;
    const secret = subject?.methods.find((m) => m.id === choice.methodRef)?.secret;
    ok = secret ? await ports.codes.totp({ secret, code: input.code, userId: subject!.user.id }) : false;
  } else {
    // Unmatched destinations are checked too (against nothing), so both take the same path.
    const destination = record.current.matched && choice.destination ? choice.destination : UNMATCHED_DESTINATION;
    const outcome = await ports.codes.verify({ code: input.code, destination });
    ok = outcome.ok && record.current.matched;
    if (!outcome.ok && outcome.code === "OTP_EXPIRED") code = "OTP_EXPIRED";
  }
  return ok ? verified(record, choice, ports) : failed(record, code, ports);
}

/** Pushes an approval request to the user's extension; the page shows the number to type there. */
async function askExtension(record: ResetRecord, choice: Choice, ports: ResetPorts): Promise<StepResult> {
  if (!record.userId) return refuse(record, "METHOD_NOT_AVAILABLE");
  const asked = await ports.extension.requestApproval(record.userId);
  if (!asked.ok) return refuse(record, "RATE_LIMITED", { retryAfter: asked.retryAfter });
  const approval = { id: asked.id, number: asked.number, expiresAt: asked.expiresAt };
  return { ok: true, record: { ...record, state: "verify_extension", current: { choiceId: choice.id, matched: true }, approval } };
}

async function verifyExtension(record: ResetRecord, input: ResetSubmit["verify_extension"], ports: ResetPorts): Promise<StepResult> {
  const choice = record.choices.find((c) => c.id === record.current?.choiceId);
  if (!choice || !record.userId) return refuse(record, "FLOW_STATE_INVALID");
  if (input.action === "back") return { ok: true, record: { ...record, state: "choose_method", current: null, approval: null } };
  const blocked = await accountBlocked(record, ports);
  if (blocked) return blocked;
  if (record.failures >= CODE_CHECKS_PER_FLOW) return refuse(record, "OTP_ATTEMPTS_EXCEEDED");
  if (input.action === "resend") return askExtension(record, choice, ports);
  if (!record.approval) return refuse(record, "APPROVAL_EXPIRED");
  const status = await ports.extension.approvalStatus(record.userId, record.approval.id);
  switch (status) {
    case "pending":
      return { ok: true, record };
    case "approved":
      return verified(record, choice, ports);
    case "denied":
    case "wrong_number":
      // A wrong number counts like a wrong code: someone is guessing, or the user was fooled.
      return failed({ ...record, approval: null }, "APPROVAL_DENIED", ports);
    default:
      return refuse({ ...record, approval: null }, "APPROVAL_EXPIRED");
  }
}

async function answerQuestions(record: ResetRecord, input: ResetSubmit["answer_questions"], ports: ResetPorts): Promise<StepResult> {
  const choice = record.choices.find((c) => c.id === record.current?.choiceId);
  const subject = record.userId ? await ports.tenant.subjectById(record.userId) : null;
  const secret = subject?.methods.find((m) => m.id === choice?.methodRef)?.secret;
  if (!choice || !secret) return refuse(record, "FLOW_STATE_INVALID");
  const blocked = await accountBlocked(record, ports);
  if (blocked) return blocked;
  const answered = new Set(input.answers.map((a) => a.id));
  const complete = record.questionIds.every((id) => answered.has(id)) && answered.size === record.questionIds.length;
  if (complete && (await ports.questions.check(secret, input.answers))) return verified(record, choice, ports);
  // A wrong answer redraws the questions, so guesses cannot be refined one question at a time.
  const { policy } = await ports.tenant.load();
  const drawn = ports.questions.draw(secret, policy.authenticationMethods.securityQuestions.numberToReset);
  return failed({ ...record, questionIds: drawn.map((q) => q.id) }, "ANSWERS_INVALID", ports);
}

/** The policy's names of the methods this flow verified, for audit and reports. */
const verifiedMethods = (record: ResetRecord) => [
  ...new Set(record.choices.filter((c) => record.verified.includes(c.methodRef)).map((c) => c.resetMethod)),
];

async function unlockOptions(record: ResetRecord, input: ResetSubmit["unlock_options"], ports: ResetPorts): Promise<StepResult> {
  const reported = await reportedSince(record, ports);
  if (reported) return reported;
  if (input.choice === "reset") return { ok: true, record: { ...record, state: "new_password" } };
  const unlocked = await ports.unlock(record.userId!);
  if (!unlocked.ok) {
    ports.audit({ activity: "Unlock user account (self-service)", userId: record.userId, result: "failure", reason: unlocked.code, methods: verifiedMethods(record), step: "completed" });
    return refuse(record, unlocked.code);
  }
  const subject = await ports.tenant.subjectById(record.userId!);
  if (subject) ports.notifyChanged(subject, "unlock");
  ports.audit({ activity: "Unlock user account (self-service)", userId: record.userId, result: "success", methods: verifiedMethods(record), step: "completed" });
  return { ok: true, record: { ...record, state: "done", notices: ["ACCOUNT_UNLOCKED"] } };
}

async function newPassword(record: ResetRecord, input: ResetSubmit["new_password"], ports: ResetPorts): Promise<StepResult> {
  const userId = record.userId!;
  const activity = record.type === "unlock" ? "Unlock user account (self-service)" : "Reset password (self-service)";
  const reported = await reportedSince(record, ports);
  if (reported) return reported;
  const result = await ports.password.set(userId, input.password);
  if (!result.ok) {
    if (result.violations) return refuse(record, "PASSWORD_REJECTED", { violations: result.violations });
    ports.audit({ activity, userId, result: "failure", reason: result.code, methods: verifiedMethods(record), step: "password_submitted" });
    return refuse(record, result.code);
  }
  // A reset also clears a sign-in lockout, as an on-premises reset with unlock does (the
  // writeback above already carried the unlock to the directory on-premises).
  await ports.unlock(userId, { onPremises: false });
  const subject = await ports.tenant.subjectById(userId);
  if (subject) ports.notifyChanged(subject, record.type);
  ports.audit({ activity, userId, result: "success", methods: verifiedMethods(record), step: "completed" });
  return { ok: true, record: { ...record, state: "done", notices: [record.type === "unlock" ? "ACCOUNT_UNLOCKED" : "PASSWORD_RESET"] } };
}
