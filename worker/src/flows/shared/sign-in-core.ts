import type { PasswordResetPolicy } from "#contract/admin/policies";
import type { AuditActivity, AuditMethod } from "#contract/audit";
import type { FlowUi } from "#contract/flows/envelope";
import type { SignInGateState } from "#contract/flows/sign-in-gates";
import { CONSOLE_AUDIENCE_PATH, SECURITY_INFO_AUDIENCE_PATH, type Amr } from "#contract/tokens";
import type { Subject } from "../../directory/subjects";
import { CONSOLE_TOKEN_TTL_SECONDS, SECURITY_INFO_TOKEN_TTL_SECONDS } from "../../limits";
import type { FlowRecordBase } from "../kinds";
import { lastReviewedAt, registrationOf } from "./requirements";
import { securityInfoView } from "./security-info-view";
import type { FlowServices } from "./services";
import { accept, refuse, type StepResult } from "./step-result";

const DAY_MS = 86_400_000;

/** What both sign-in flows remember once the user has proved who they are. */
export interface SignInCore extends FlowRecordBase {
  userId: string | null;
  /** The directory's user name, for audit events; never what was typed. */
  userName: string | null;
  /** Whose failure budgets this flow spends: the user, or a keyed hash of what was typed. */
  accountKey: string;
  amr: Amr[];
  /** When the user authenticated (ms); the token's `auth_time`. */
  authTime: number | null;
  gate: { dueAt: number | null; required: number; registered: number } | null;
  /** How the flow's activity and methods are named in the audit log once it succeeds. */
  activity: Extract<AuditActivity, "Sign-in with SMS" | "Sign-in with password">;
  auditMethods: AuditMethod[];
  ip: string | null;
  country: string | null;
  /** Started for the admin console: the token is a console token, for admins signed in with MFA only. */
  console?: boolean;
}

export interface Gate {
  state: SignInGateState;
  dueAt: number | null;
  required: number;
  registered: number;
}

/**
 * Where a sign-in must stop before its token, if anywhere: registration when the password-reset
 * policy requires it (a reminder during the grace period from the user's creation, required
 * after), else a reconfirmation every `reconfirmDays`.
 *
 * @example
 * gateFor(subject, policy, Date.now(), {}) // { state: "registration_required", dueAt: null, required: 1, registered: 0 }
 */
export function gateFor(subject: Subject, policy: PasswordResetPolicy, now: number, options: { skipReminder?: boolean }): Gate | null {
  const { requireOnSignIn, graceDays, reconfirmDays } = policy.registration;
  const registration = registrationOf(subject, policy);
  if (!requireOnSignIn || !registration.inScope) return null;
  const counts = { required: registration.required, registered: registration.registered };
  if (!registration.complete) {
    const dueAt = Date.parse(subject.user.createdAt) + graceDays * DAY_MS;
    if (now < dueAt) return options.skipReminder ? null : { state: "registration_reminder", dueAt, ...counts };
    return { state: "registration_required", dueAt: null, ...counts };
  }
  const reviewed = lastReviewedAt(subject);
  if (reconfirmDays > 0 && reviewed !== null && now - reviewed >= reconfirmDays * DAY_MS) return { state: "reconfirm", dueAt: null, ...counts };
  return null;
}

/** A sign-in's result: the record, and for `done` the token, shown in this one answer only. */
export interface Finished<R> {
  result: StepResult<R>;
  token?: string;
}

/**
 * Ends a sign-in whose user has proved who they are: stops at a registration gate when one
 * applies, else signs the ID token. `skipReminder` after the user chose "skip for now".
 */
export async function finishSignIn<R extends SignInCore>(record: R, services: FlowServices, options: { skipReminder?: boolean } = {}): Promise<Finished<R>> {
  const userId = record.userId!;
  const [ctx, found] = await Promise.all([services.context(), services.subjectById(userId)]);
  if (!found) return { result: refuse(record, "FLOW_STATE_INVALID") };
  if (record.console) return finishConsoleSignIn(record, found.subject, services);
  const gate = gateFor(found.subject, ctx.reset, services.now, options);
  const note = { userId, userName: record.userName, methods: record.auditMethods };
  if (gate) {
    const step = gate.state === "reconfirm" ? "reconfirmation_required" : "registration_required";
    services.audit({ activity: "Sign-in flow activity progress", result: "success", step, ...note });
    const notice = gate.state === "reconfirm" ? "RECONFIRM_SECURITY_INFO" : gate.state === "registration_reminder" ? "REGISTRATION_REMINDER" : "REGISTRATION_REQUIRED";
    const { state, ...counts } = gate;
    return { result: accept({ ...record, state, gate: counts, notices: [notice] }) };
  }
  const token = await services.issueToken({ userId, amr: record.amr, authTime: record.authTime!, ...(found.sessionEpoch !== undefined ? { sessionEpoch: found.sessionEpoch } : {}) });
  services.audit({ activity: record.activity, result: "success", step: "token_issued", ...note });
  return { result: accept({ ...record, state: "done", gate: null, notices: ["SIGNED_IN"] }), token };
}

/**
 * The end of a console sign-in: only an enabled admin who proved two factors gets a console
 * token (audience `<issuer>/admin`, CONSOLE_TOKEN_TTL_SECONDS). Registration gates do not stop
 * it: an admin fixing the tenant must get in. Either way the attempt is audited.
 */
async function finishConsoleSignIn<R extends SignInCore>(record: R, subject: Subject, services: FlowServices): Promise<Finished<R>> {
  const note = { userId: subject.user.id, userName: record.userName, methods: record.auditMethods };
  const refusal = !subject.user.roles.includes("admin") ? "FORBIDDEN" : !record.amr.includes("mfa") ? "CONSOLE_MFA_REQUIRED" : null;
  if (refusal) {
    services.audit({ activity: "Sign-in to admin console", result: "failure", reason: refusal, step: "token_issued", ...note });
    return { result: refuse({ ...record, notices: [] }, refusal) };
  }
  const token = await services.issueToken({
    userId: subject.user.id,
    amr: record.amr,
    authTime: record.authTime!,
    audience: `${services.issuer}${CONSOLE_AUDIENCE_PATH}`,
    ttlSeconds: CONSOLE_TOKEN_TTL_SECONDS,
  });
  services.audit({ activity: "Sign-in to admin console", result: "success", step: "token_issued", ...note });
  return { result: accept({ ...record, state: "done", gate: null, notices: ["SIGNED_IN"] }), token };
}

/** The gate states' submits, the same in both sign-in flows. */
export async function submitGate<R extends SignInCore>(
  record: R,
  input: { action: "skip" | "continue" | "confirm" },
  services: FlowServices,
): Promise<Finished<R>> {
  switch (record.state) {
    case "registration_reminder":
      return finishSignIn(record, services, { skipReminder: true });
    case "registration_required": {
      const finished = await finishSignIn(record, services);
      const stuck = finished.result.ok && finished.result.record.state === "registration_required";
      return stuck ? { result: refuse({ ...record, notices: [] }, "REGISTRATION_INCOMPLETE") } : finished;
    }
    case "reconfirm": {
      await services.reconfirm(record.userId!);
      services.audit({ activity: "User reviewed security info", result: "success", userId: record.userId, userName: record.userName });
      return finishSignIn(record, services);
    }
    default:
      return { result: refuse(record, "FLOW_STATE_INVALID") };
  }
}

/**
 * What a gate state shows: why it stopped, and a token that opens "My security info" for this
 * user only (audience: Sesame itself, so a partner's siteverify refuses it). Reconfirmation also
 * lists the methods to review.
 */
export async function gateUi(record: SignInCore, services: FlowServices): Promise<FlowUi> {
  const gate = record.gate!;
  const securityInfoToken = await services.issueToken({
    userId: record.userId!,
    amr: record.amr,
    authTime: record.authTime!,
    audience: `${services.issuer}${SECURITY_INFO_AUDIENCE_PATH}`,
    ttlSeconds: SECURITY_INFO_TOKEN_TTL_SECONDS,
  });
  const ui: FlowUi = {
    registration: {
      reason: record.state === "reconfirm" ? "reconfirm" : "register",
      dueAt: gate.dueAt === null ? null : new Date(gate.dueAt).toISOString(),
      required: gate.required,
      registered: gate.registered,
      securityInfoToken,
    },
  };
  if (record.state === "reconfirm") {
    const [ctx, found] = await Promise.all([services.context(), services.subjectById(record.userId!)]);
    if (found) ui.securityInfo = securityInfoView(found.subject, ctx, record.authTime!);
  }
  return ui;
}
