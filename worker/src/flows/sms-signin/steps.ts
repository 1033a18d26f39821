import type { CountryCode } from "libphonenumber-js";
import type { AuditReason } from "#contract/audit";
import { smsSignInSubmitSchemas, type SmsSignInSubmit } from "#contract/flows/sms-signin";
import type { Subject } from "../../directory/subjects";
import { toE164 } from "../../phone/e164";
import { attemptsSpent, sendRefusal, sent } from "../shared/code-step";
import { inScope } from "../shared/requirements";
import type { FlowServices } from "../shared/services";
import { finishSignIn, submitGate, type Finished } from "../shared/sign-in-core";
import { accept, parseSubmit, refuse, type StepResult } from "../shared/step-result";
import type { SmsSignInRecord } from "./record";

/** What an unmatched number's code is checked against: no code is ever bound to it. */
const UNMATCHED = "unmatched.invalid";

/** Looks a number up; `unknownKey` makes the failure budget key of a number that names nobody. */
export interface SmsLookup {
  subject(e164: string): Promise<Subject | null>;
  unknownKey(e164: string): Promise<string>;
}

const codeKey = (record: SmsSignInRecord) => `${record.id}/sms`;

/**
 * The SMS sign-in state machine: one handler per state, each checking its own preconditions;
 * a finished flow refuses every submit.
 */
export async function submitSmsSignIn(record: SmsSignInRecord, body: unknown, services: FlowServices, lookup: SmsLookup): Promise<Finished<SmsSignInRecord>> {
  if (record.state === "done") return { result: refuse(record, "FLOW_COMPLETED") };
  const parsed = parseSubmit<SmsSignInSubmit[keyof SmsSignInSubmit]>(smsSignInSubmitSchemas, record.state, body);
  if (!parsed.ok) return { result: refuse(record, parsed.code, parsed.details ? { details: parsed.details } : {}) };
  const next: SmsSignInRecord = { ...record, notices: [] };
  switch (record.state) {
    case "identify":
      return { result: await identify(next, parsed.input as SmsSignInSubmit["identify"], services, lookup) };
    case "verify_code":
      return verifyCode(next, parsed.input as SmsSignInSubmit["verify_code"], services);
    default:
      return submitGate(next, parsed.input as SmsSignInSubmit["reconfirm"], services);
  }
}

/** Why a number gets no code, for the audit log only; null when it gets one. */
function refusalReason(subject: Subject | null, policy: Awaited<ReturnType<FlowServices["context"]>>["smsSignIn"]): AuditReason | null {
  if (!subject) return "UNKNOWN_USER";
  if (!subject.user.accountEnabled) return "USER_DISABLED";
  if (subject.user.locked) return "ACCOUNT_LOCKED";
  if (!inScope(subject, policy)) return "SMS_SIGNIN_NOT_ALLOWED";
  return null;
}

async function identify(record: SmsSignInRecord, input: SmsSignInSubmit["identify"], services: FlowServices, lookup: SmsLookup): Promise<StepResult<SmsSignInRecord>> {
  if (!(await services.captcha(input.captcha))) return refuse(record, "CAPTCHA_INVALID");
  const ctx = await services.context();
  // The format of what was typed is not a secret; whether it is someone's number is.
  const e164 = toE164(input.phoneNumber, (ctx.tenant.homeCountries[0] ?? "US") as CountryCode);
  if (!e164) return refuse(record, "PHONE_NUMBER_INVALID");
  const subject = await lookup.subject(e164);
  const reason = refusalReason(subject, ctx.smsSignIn);
  const matched = reason === null;
  const accountKey = matched ? subject!.user.id : await lookup.unknownKey(e164);
  const blocked = await services.codeBlocked(accountKey);
  if (blocked.blocked) return refuse(record, "RATE_LIMITED", { retryAfter: blocked.retryAfter });
  const who = matched ? { userId: subject!.user.id, userName: subject!.user.userName } : { userId: subject?.user.id ?? null, userName: subject?.user.userName ?? null };
  services.audit({ activity: "Sign-in flow activity progress", result: matched ? "success" : "failure", step: "identified", methods: ["mobilePhone"], reason, ...who });
  const base: SmsSignInRecord = { ...record, ...(matched ? who : { userId: null, userName: null }), accountKey, phoneNumber: e164, matched };
  return send(base, services, "CODE_SENT_IF_MATCH");
}

/** Sends a code if the number matched, a decoy otherwise; answers alike either way. */
async function send(record: SmsSignInRecord, services: FlowServices, notice: "CODE_SENT_IF_MATCH" | "CODE_RESENT_IF_MATCH"): Promise<StepResult<SmsSignInRecord>> {
  const refused = sendRefusal(record, services.now);
  if (refused) return refuse(record, refused.code, refused.retryAfter ? { retryAfter: refused.retryAfter } : {});
  // Both after the answer: phone protection and the send budgets cost round trips a decoy does
  // not, and an answer that took longer for a matched number would tell an attacker it matched.
  const { matched, phoneNumber, userId, userName } = record;
  if (matched && phoneNumber && userId) {
    services.later("sign-in code not sent", async () => {
      const outcome = await services.sendCode(codeKey(record), { destination: phoneNumber, channel: "sms", userId });
      // A refusal (a risky number, a spent budget) is audited; the user was answered like a send.
      if (!outcome.ok) services.audit({ activity: "Blocked from sign-in", result: "failure", reason: outcome.code, ...(outcome.risk ? { risk: outcome.risk } : {}), methods: ["mobilePhone"], userId, userName });
    });
  } else {
    services.later("sign-in decoy not issued", () => services.decoyCode(codeKey(record)));
  }
  return accept<SmsSignInRecord>({ ...record, ...sent(record, services.now), state: "verify_code", notices: [notice] });
}

async function verifyCode(record: SmsSignInRecord, input: SmsSignInSubmit["verify_code"], services: FlowServices): Promise<Finished<SmsSignInRecord>> {
  if (input.action === "resend") return { result: await send(record, services, "CODE_RESENT_IF_MATCH") };
  const blocked = await services.codeBlocked(record.accountKey);
  if (blocked.blocked) return { result: refuse(record, "RATE_LIMITED", { retryAfter: blocked.retryAfter }) };
  if (attemptsSpent(record)) return { result: refuse(record, "OTP_ATTEMPTS_EXCEEDED") };
  // Unmatched numbers are checked too (against nothing), so both take the same path.
  const outcome = await services.verifyCode(codeKey(record), input.code, record.matched && record.phoneNumber ? record.phoneNumber : UNMATCHED);
  if (outcome.ok && record.matched) {
    services.audit({ activity: "Sign-in flow activity progress", result: "success", step: "method_verified", methods: ["mobilePhone"], userId: record.userId, userName: record.userName });
    return finishSignIn({ ...record, amr: ["sms"], authTime: services.now }, services);
  }
  await services.codeFailure(record.accountKey);
  const failed = { ...record, failures: record.failures + 1 };
  const code = outcome.ok ? "OTP_INVALID" : outcome.code;
  services.audit({ activity: "Sign-in with SMS", result: "failure", reason: code, step: "method_verified", methods: ["mobilePhone"], userId: record.userId, userName: record.userName });
  return { result: refuse(failed, attemptsSpent(failed) ? "OTP_ATTEMPTS_EXCEEDED" : code) };
}
