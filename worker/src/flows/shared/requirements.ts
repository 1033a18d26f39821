import type { PasswordResetPolicy } from "#contract/admin/policies";
import type { SecondFactor, SignInPolicy, UserRequirements } from "#contract/admin/sign-in-policies";
import type { Subject, SubjectMethod } from "../../directory/subjects";
import { distinctMethods, methodsRequired, realChoices } from "../reset/choices";

/**
 * What the policies require of a user's security info, as pure functions over a Subject: the
 * sign-in flows (registration gates, second factors), the security-info flow (what may be
 * removed) and the directory (which re-checks a removal atomically) all ask the same questions.
 */

export function inScope(subject: Subject, scoped: { scope: string; groupId: string | null }): boolean {
  return scoped.scope === "all" || (scoped.scope === "selected" && scoped.groupId !== null && subject.user.groups.includes(scoped.groupId));
}

export interface Registration {
  /** In the password-reset policy's scope: only then can registration be required. */
  inScope: boolean;
  required: number;
  /** Distinct methods usable for reset under the policy (admins: no security questions). */
  registered: number;
  complete: boolean;
}

/**
 * How far the user has registered for SSPR.
 *
 * @example
 * registrationOf(subject, policy) // { inScope: true, required: 1, registered: 0, complete: false }
 */
export function registrationOf(subject: Subject, policy: PasswordResetPolicy): Registration {
  const required = methodsRequired(policy, subject.user.roles.includes("admin"));
  const registered = distinctMethods(realChoices(subject, policy));
  return { inScope: inScope(subject, policy.properties), required, registered, complete: registered >= required };
}

/**
 * The second factors a registered method offers: a text only to the mobile slot, calls to any
 * phone, and an approval from a paired browser extension (its public key is the method's secret).
 */
export function secondFactorsOf(method: SubjectMethod): SecondFactor[] {
  switch (method.type) {
    case "phone":
      return method.phoneType === "mobile" ? ["sms", "voice"] : ["voice"];
    case "email":
      return ["email"];
    case "authenticatorApp":
      return method.secret ? ["totp"] : [];
    case "extension":
      return method.secret ? ["extension"] : [];
    default:
      return [];
  }
}

/** The user's methods that can serve as a second factor under the sign-in policy. */
export function mfaMethods(subject: Subject, policy: SignInPolicy): SubjectMethod[] {
  const allowed = new Set(policy.mfa.methods);
  return subject.methods.filter((method) => secondFactorsOf(method).some((factor) => allowed.has(factor)));
}

/** Whether a password sign-in of this user must pass a second factor. */
export function mfaRequired(subject: Subject, policy: SignInPolicy, requirements: UserRequirements): boolean {
  if (requirements.perUserMfaState === "enforced") return true;
  if (policy.mfa.requireForAdmins && subject.user.roles.includes("admin")) return true;
  return policy.mfa.scope !== "none" && inScope(subject, { scope: policy.mfa.scope, groupId: policy.mfa.groupId });
}

export interface RequirementPolicies {
  reset: PasswordResetPolicy;
  signIn: SignInPolicy;
  requirements: UserRequirements;
}

/**
 * Whether removing a method would take away one the policies still need: the last of the
 * methods that make the user registered for reset, or the last second factor of a user who must
 * use one. Removing a method that counts for neither is always allowed.
 *
 * @example
 * if (removalRefused(subject, methodId, policies)) return fail("METHOD_REQUIRED");
 */
export function removalRefused(subject: Subject, methodId: string, policies: RequirementPolicies): boolean {
  const after: Subject = { ...subject, methods: subject.methods.filter((m) => m.id !== methodId) };
  const before = registrationOf(subject, policies.reset);
  const left = registrationOf(after, policies.reset);
  if (before.inScope && left.registered < before.registered && left.registered < left.required) return true;
  if (!mfaRequired(subject, policies.signIn, policies.requirements)) return false;
  return mfaMethods(subject, policies.signIn).length > 0 && mfaMethods(after, policies.signIn).length === 0;
}

/**
 * The last time the user registered or reviewed their security info: the newest confirmation of
 * any method. Adding a method counts as reviewing, as in Entra.
 */
export function lastReviewedAt(subject: Subject): number | null {
  const times = subject.methods.map((m) => m.lastConfirmedAt ?? m.createdAt);
  return times.length ? Math.max(...times) : null;
}
