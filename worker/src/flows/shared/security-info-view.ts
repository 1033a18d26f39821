import { availableQuestions } from "#contract/admin/sign-in-policies";
import type { FlowUi, SecurityInfoMethod } from "#contract/flows/envelope";
import type { SignInContext } from "../../directory/self-service";
import type { Subject, SubjectMethod } from "../../directory/subjects";
import { RECENT_AUTH_SECONDS } from "../../limits";
import { maskEmail, maskPhone } from "../../phone/e164";
import { registrationOf } from "./requirements";

/** A method as its owner sees it: masked like everywhere else, secrets never. */
export function ownMethodView(method: SubjectMethod): SecurityInfoMethod {
  return {
    id: method.id,
    type: method.type,
    ...(method.phoneType ? { phoneType: method.phoneType } : {}),
    hint: method.phoneNumber ? maskPhone(method.phoneNumber) : method.email ? maskEmail(method.email) : null,
    ...(method.type === "phone" && method.phoneType === "mobile" ? { smsSignIn: method.smsSignIn } : {}),
    lastConfirmedAt: method.lastConfirmedAt === null ? null : new Date(method.lastConfirmedAt).toISOString(),
  };
}

/** "My security info" as the widget draws it: methods, the questions to choose from, and how far registered. */
export function securityInfoView(subject: Subject, ctx: SignInContext, authTime: number): NonNullable<FlowUi["securityInfo"]> {
  const registration = registrationOf(subject, ctx.reset);
  return {
    methods: subject.methods.map(ownMethodView),
    questions: availableQuestions(ctx.questions),
    questionsToRegister: ctx.reset.authenticationMethods.securityQuestions.numberToRegister,
    changesAllowedUntil: new Date(authTime + RECENT_AUTH_SECONDS * 1000).toISOString(),
    registration: { required: registration.required, registered: registration.registered },
  };
}
