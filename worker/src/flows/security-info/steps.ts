import { availableQuestions } from "#contract/admin/sign-in-policies";
import type { ErrorCode } from "#contract/errors";
import { securityInfoSubmitSchemas, type SecurityInfoSubmit } from "#contract/flows/security-info";
import { RECENT_AUTH_SECONDS } from "../../limits";
import { hashAnswers } from "../reset/questions";
import type { FlowServices } from "../shared/services";
import { accept, parseSubmit, refuse, type StepResult } from "../shared/step-result";
import { registered, startAdd, verifyPending, type MethodStore } from "./add";
import type { SecurityInfoRecord } from "./record";

/** The directory calls of this flow: saving verified methods, and removing one. */
export interface SecurityInfoStore extends MethodStore {
  remove(userId: string, methodId: string): Promise<{ ok: true; type: string } | { ok: false; code: ErrorCode }>;
  /** Makes a single-use code that pairs the browser extension with this user. */
  pairingCode(userId: string): Promise<{ code: string; expiresAt: number }>;
}

type Step = StepResult<SecurityInfoRecord>;
type Overview = SecurityInfoSubmit["overview"];

/** Changes need a recent sign-in: whoever holds an old session must not bind new methods. */
const recent = (record: SecurityInfoRecord, services: FlowServices) => services.now - record.authTime <= RECENT_AUTH_SECONDS * 1000;

/** The security-info state machine: one handler per state; a finished flow refuses every submit. */
export async function submitSecurityInfo(record: SecurityInfoRecord, body: unknown, services: FlowServices, store: SecurityInfoStore): Promise<Step> {
  if (record.state === "done") return refuse(record, "FLOW_COMPLETED");
  const parsed = parseSubmit<SecurityInfoSubmit[keyof SecurityInfoSubmit]>(securityInfoSubmitSchemas, record.state, body);
  if (!parsed.ok) return refuse(record, parsed.code, parsed.details ? { details: parsed.details } : {});
  const next: SecurityInfoRecord = { ...record, notices: [], pairing: null };
  if (record.state === "overview") return overview(next, parsed.input as Overview, services, store);
  return verifyPending(next, parsed.input as SecurityInfoSubmit["verify_code"], services, store);
}

async function overview(record: SecurityInfoRecord, input: Overview, services: FlowServices, store: SecurityInfoStore): Promise<Step> {
  const who = { userId: record.userId, userName: record.userName };
  switch (input.action) {
    case "reconfirm":
      await services.reconfirm(record.userId);
      services.audit({ activity: "User reviewed security info", result: "success", ...who });
      return accept({ ...record, notices: ["SECURITY_INFO_CONFIRMED"] });
    case "finish":
      services.audit({ activity: "User completed security info registration", result: "success", ...who });
      return accept({ ...record, state: "done" });
    default:
      if (!recent(record, services)) return refuse(record, "REAUTHENTICATION_REQUIRED");
      if (input.action === "remove") return remove(record, input.methodId, services, store);
      // Pairing binds a new authenticator, so it needs the recent sign-in too.
      if (input.action === "pair_extension") return accept({ ...record, pairing: await store.pairingCode(record.userId) });
      if (input.action === "set_questions") return setQuestions(record, input.answers, services, store);
      return startAdd(record, input, services);
  }
}

async function remove(record: SecurityInfoRecord, methodId: string, services: FlowServices, store: SecurityInfoStore): Promise<Step> {
  const before = (await services.subjectById(record.userId))!.subject;
  const removed = await store.remove(record.userId, methodId);
  if (!removed.ok) return refuse(record, removed.code);
  const method = before.methods.find((m) => m.id === methodId)!;
  const auditMethod = method.type === "phone" ? (method.phoneType === "office" ? "officePhone" : "mobilePhone") : method.type === "extension" ? "extension" : method.type;
  services.audit({ activity: "User deleted security info", result: "success", methods: [auditMethod], userId: record.userId, userName: record.userName });
  // Told on every address the user had, the removed one included.
  services.notify(before, { kind: "method_removed" });
  return accept({ ...record, notices: ["METHOD_REMOVED"] });
}

async function setQuestions(record: SecurityInfoRecord, answers: { id: string; answer: string }[], services: FlowServices, store: SecurityInfoStore): Promise<Step> {
  const { reset, questions } = await services.context();
  const offered = new Set(availableQuestions(questions).map((q) => q.id));
  const ids = new Set(answers.map((a) => a.id));
  const wanted = reset.authenticationMethods.securityQuestions.numberToRegister;
  if (ids.size !== answers.length || answers.length !== wanted || ![...ids].every((id) => offered.has(id))) {
    return refuse(record, "SECURITY_QUESTIONS_INVALID");
  }
  const before = (await services.subjectById(record.userId))!.subject;
  const saved = await store.registerSecret(record.userId, { type: "securityQuestions", secret: hashAnswers(Object.fromEntries(answers.map((a) => [a.id, a.answer]))) });
  if (!saved.ok) return refuse(record, saved.code);
  await registered(record, before, ["securityQuestions"], services, null);
  return accept({ ...record, notices: ["METHOD_ADDED"] });
}
