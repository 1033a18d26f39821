import { z } from "zod";
import { EmailSchema } from "./common";

/**
 * Authentication methods a user registers, named as Microsoft Graph names them. The list is open:
 * the extension's push method and others join it as they are built.
 */
export const MethodTypes = ["phone", "email", "authenticatorApp", "securityQuestions", "extension"] as const;
export type MethodType = (typeof MethodTypes)[number];

/**
 * The admin API's collection of each method type under `/users/:id/authentication/`, as Graph
 * names them where Graph has one (phone, email, software OATH for authenticator apps).
 */
export const MethodCollections = {
  phoneMethods: "phone",
  emailMethods: "email",
  softwareOathMethods: "authenticatorApp",
  securityQuestionMethods: "securityQuestions",
  extensionMethods: "extension",
} as const satisfies Record<string, MethodType>;
export type MethodCollection = keyof typeof MethodCollections;

/** Entra's phone slots: one each. Only the mobile number receives SMS; every slot can take calls. */
export const PhoneTypeSchema = z.enum(["mobile", "alternateMobile", "office"]);
export type PhoneType = z.infer<typeof PhoneTypeSchema>;

export const AddPhoneMethodSchema = z.strictObject({
  phoneNumber: z.string().trim().min(3).max(32),
  phoneType: PhoneTypeSchema,
});
export type AddPhoneMethod = z.output<typeof AddPhoneMethodSchema>;

export const AddEmailMethodSchema = z.strictObject({ emailAddress: EmailSchema });
export type AddEmailMethod = z.output<typeof AddEmailMethodSchema>;

interface MethodBase {
  id: string;
  createdAt: string;
  lastUsedAt: string | null;
  lastConfirmedAt: string | null;
}

export interface PhoneMethod extends MethodBase {
  type: "phone";
  /** Masked, e.g. `+1 ••• ••• ••23`. */
  phoneNumber: string;
  phoneType: PhoneType;
  channels: ("sms" | "voice")[];
  /** Graph's `smsSignInState`, for mobile numbers: `ready` when the user can sign in with it by text. */
  smsSignInState?: "ready" | "notEnabled";
}

export interface EmailMethod extends MethodBase {
  type: "email";
  /** Masked, e.g. `a•••@c•••.com`. */
  emailAddress: string;
}

/** Methods whose secrets never leave the directory: only that they exist is shown. */
export interface OpaqueMethod extends MethodBase {
  type: Exclude<MethodType, "phone" | "email">;
}

export type AuthenticationMethod = PhoneMethod | EmailMethod | OpaqueMethod;

export function phoneChannels(phoneType: PhoneType): ("sms" | "voice")[] {
  return phoneType === "mobile" ? ["sms", "voice"] : ["voice"];
}
