import type { ResetMethod } from "#contract/admin/policies";
import type { SecondFactor, SignInPolicy } from "#contract/admin/sign-in-policies";
import type { Amr } from "#contract/tokens";
import type { Subject, SubjectMethod } from "../../directory/subjects";
import { maskEmail, maskPhone } from "../../phone/e164";
import { mfaMethods, secondFactorsOf } from "../shared/requirements";
import type { MfaChoice } from "./record";

/**
 * RFC 8176's name of each factor, for the token's `amr` (email has none there; we say `email`; the
 * extension's approval is signed by its software-secured key, `swk`).
 */
export const amrOf: Record<SecondFactor, Amr> = { sms: "sms", voice: "tel", email: "email", totp: "otp", extension: "swk" };

const auditMethodOf = (method: SubjectMethod): ResetMethod =>
  method.type === "email"
    ? "email"
    : method.type === "authenticatorApp"
      ? "authenticatorApp"
      : method.type === "extension"
        ? "extension"
        : method.phoneType === "office"
          ? "officePhone"
          : "mobilePhone";

/**
 * The second factors a signed-in user may choose from under the sign-in policy. The user has
 * already proved their password, so nothing here must be typed in full to confirm it.
 */
export function mfaChoices(subject: Subject, policy: SignInPolicy): MfaChoice[] {
  const allowed = new Set(policy.mfa.methods);
  const counts = new Map<SecondFactor, number>();
  const choices: MfaChoice[] = [];
  for (const method of mfaMethods(subject, policy)) {
    for (const factor of secondFactorsOf(method)) {
      if (!allowed.has(factor)) continue;
      const n = (counts.get(factor) ?? 0) + 1;
      counts.set(factor, n);
      const destination = method.phoneNumber ?? method.email ?? null;
      choices.push({
        id: `${factor}-${n}`,
        kind: factor,
        hint: method.phoneNumber ? maskPhone(method.phoneNumber) : method.email ? maskEmail(method.email) : null,
        confirm: null,
        factor,
        methodRef: method.id,
        destination: factor === "totp" || factor === "extension" ? null : destination,
        auditMethod: auditMethodOf(method),
      });
    }
  }
  return choices;
}
