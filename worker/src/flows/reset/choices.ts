import type { MethodChoice, MethodKind } from "#contract/flows/envelope";
import type { PasswordResetPolicy, ResetMethod } from "#contract/admin/policies";
import type { Subject, SubjectMethod } from "../../directory/subjects";
import { maskEmail, maskPhone } from "../../phone/e164";

/** A choice as the flow keeps it: the public choice plus what the user must match. */
export interface Choice extends MethodChoice {
  /** The registered method behind it; SMS and a call to the same phone are one method. */
  methodRef: string;
  /** Unmasked phone (E.164) or email; null for TOTP, questions, and every fake choice. */
  destination: string | null;
  /** The policy's name for the method, as audit events name it. */
  resetMethod: ResetMethod;
  /** When the method was registered (phone protection scores numbers added just before a reset); absent for fakes. */
  registeredAt?: number;
}

/** Which reset method of the policy a registered method falls under, and what it offers. */
function offers(method: SubjectMethod): { allowedAs: ResetMethod; kinds: MethodKind[] } | null {
  switch (method.type) {
    case "phone":
      if (method.phoneType === "office") return { allowedAs: "officePhone", kinds: ["voice"] };
      return { allowedAs: "mobilePhone", kinds: method.phoneType === "mobile" ? ["sms", "voice"] : ["voice"] };
    case "email":
      return { allowedAs: "email", kinds: ["email"] };
    case "authenticatorApp":
      return method.secret ? { allowedAs: "authenticatorApp", kinds: ["totp"] } : null;
    case "securityQuestions":
      return method.secret ? { allowedAs: "securityQuestions", kinds: ["questions"] } : null;
    case "extension":
      // The paired extension's public key: the flow asks it to approve, with number matching.
      return method.secret ? { allowedAs: "extension", kinds: ["extension"] } : null;
  }
}

const confirmOf = (kind: MethodKind): MethodChoice["confirm"] =>
  kind === "sms" || kind === "voice" ? "phone" : kind === "email" ? "email" : null;

function numbered(kind: MethodKind, counts: Map<MethodKind, number>): string {
  const n = (counts.get(kind) ?? 0) + 1;
  counts.set(kind, n);
  return `${kind}-${n}`;
}

/** Admins always need two methods and may never use security questions (Entra's rule). */
export function methodsRequired(policy: PasswordResetPolicy, isAdmin: boolean): 1 | 2 {
  return isAdmin ? 2 : policy.authenticationMethods.numberRequired;
}

/** The choices a known user has under the policy. */
export function realChoices(subject: Subject, policy: PasswordResetPolicy): Choice[] {
  const allowed = new Set(policy.authenticationMethods.allowed);
  const isAdmin = subject.user.roles.includes("admin");
  const counts = new Map<MethodKind, number>();
  const choices: Choice[] = [];
  for (const method of subject.methods) {
    const offer = offers(method);
    if (!offer || !allowed.has(offer.allowedAs)) continue;
    if (isAdmin && offer.allowedAs === "securityQuestions") continue;
    const destination = method.phoneNumber ?? method.email;
    for (const kind of offer.kinds) {
      const hint = method.phoneNumber ? maskPhone(method.phoneNumber) : method.email ? maskEmail(method.email) : null;
      choices.push({ id: numbered(kind, counts), kind, hint, confirm: confirmOf(kind), methodRef: method.id, destination, resetMethod: offer.allowedAs, registeredAt: method.createdAt });
    }
  }
  return choices;
}

/**
 * Choices for an identifier that names nobody, shaped like a typical user's and stable for the
 * same identifier (hints come from a keyed hash), so asking twice shows the same screen.
 */
export function fakeChoices(policy: PasswordResetPolicy, seed: Uint8Array, callingCode: string): Choice[] {
  const allowed = new Set(policy.authenticationMethods.allowed);
  const digits = `${seed[0]! % 10}${seed[1]! % 10}`;
  const letter = (byte: number) => String.fromCharCode(97 + (byte % 26));
  const counts = new Map<MethodKind, number>();
  const choices: Choice[] = [];
  const add = (kind: MethodKind, methodRef: string, hint: string | null) =>
    choices.push({
      id: numbered(kind, counts),
      kind,
      hint,
      confirm: confirmOf(kind),
      methodRef,
      destination: null,
      resetMethod: kind === "email" ? "email" : "mobilePhone",
    });
  if (allowed.has("mobilePhone")) {
    const hint = `+${callingCode} ••• ••• ••${digits}`;
    add("sms", "fake-phone", hint);
    add("voice", "fake-phone", hint);
  }
  if (allowed.has("email")) add("email", "fake-email", `${letter(seed[2]!)}•••@${letter(seed[3]!)}•••.com`);
  return choices;
}

/** How many different registered methods the choices stand for. */
export const distinctMethods = (choices: Choice[]): number => new Set(choices.map((c) => c.methodRef)).size;

/** The public part of a choice, for the envelope. */
export const publicChoice = ({ id, kind, hint, confirm }: Choice): MethodChoice => ({ id, kind, hint, confirm });
