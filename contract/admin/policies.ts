import { z } from "zod";
import type { ErrorCode } from "../errors";
import { ResourceId } from "./common";

/** Methods a password-reset policy can allow, as on Entra's "Authentication methods" tab. */
export const ResetMethodSchema = z.enum([
  "mobilePhone",
  "officePhone",
  "email",
  "authenticatorApp",
  "securityQuestions",
  "extension",
]);
export type ResetMethod = z.infer<typeof ResetMethodSchema>;

/** The password-reset (SSPR) policy, in the shape of Entra's tabs. */
export const PasswordResetPolicySchema = z.strictObject({
  properties: z.strictObject({
    scope: z.enum(["none", "selected", "all"]),
    groupId: ResourceId.nullable(),
  }),
  authenticationMethods: z.strictObject({
    allowed: z.array(ResetMethodSchema).min(1).max(6),
    numberRequired: z.union([z.literal(1), z.literal(2)]),
    securityQuestions: z.strictObject({
      numberToRegister: z.number().int().min(3).max(5),
      numberToReset: z.number().int().min(3).max(5),
    }),
  }),
  registration: z.strictObject({
    requireOnSignIn: z.boolean(),
    graceDays: z.number().int().min(0).max(90),
    reconfirmDays: z.number().int().min(0).max(730),
  }),
  notifications: z.strictObject({
    notifyUserOnReset: z.boolean(),
    notifyAdminsOnAdminReset: z.boolean(),
  }),
  customization: z.strictObject({
    /** When on, users who cannot reset see the tenant's helpdesk link and text. */
    customHelpdeskEnabled: z.boolean(),
  }),
  onPremises: z.strictObject({
    writebackEnabled: z.boolean(),
    allowUnlockWithoutReset: z.boolean(),
  }),
});
export type PasswordResetPolicy = z.infer<typeof PasswordResetPolicySchema>;

export const defaultPasswordResetPolicy: PasswordResetPolicy = {
  properties: { scope: "all", groupId: null },
  authenticationMethods: {
    allowed: ["mobilePhone", "email", "authenticatorApp"],
    numberRequired: 1,
    securityQuestions: { numberToRegister: 3, numberToReset: 3 },
  },
  registration: { requireOnSignIn: true, graceDays: 14, reconfirmDays: 180 },
  notifications: { notifyUserOnReset: true, notifyAdminsOnAdminReset: true },
  customization: { customHelpdeskEnabled: true },
  onPremises: { writebackEnabled: false, allowUnlockWithoutReset: true },
};

/** Entra's custom banned list: up to 1000 terms of 4 to 16 characters. */
export const BannedTermSchema = z.string().trim().min(4).max(16);

export const PasswordPolicySchema = z.strictObject({
  minLength: z.number().int().min(8).max(256),
  maxLength: z.number().int().min(8).max(256),
  /** How many of the four classes (lower, upper, digit, symbol) a password must mix. */
  requiredCharacterClasses: z.number().int().min(0).max(4),
  /** How many of the latest passwords, the current one included, may not be used again. */
  historyCount: z.number().int().min(0).max(24),
  /**
   * The lowest zxcvbn strength score (0–4) a new password needs. 3 is "safely unguessable"
   * (about 10^8 guesses and up); below 2 would let through what online guessing finds.
   */
  minStrengthScore: z.number().int().min(2).max(4),
  bannedPasswords: z.strictObject({
    enforceCustomList: z.boolean(),
    customList: z.array(BannedTermSchema).max(1000),
  }),
});
export type PasswordPolicy = z.infer<typeof PasswordPolicySchema>;

export const defaultPasswordPolicy: PasswordPolicy = {
  minLength: 8,
  maxLength: 256,
  requiredCharacterClasses: 3,
  historyCount: 3,
  minStrengthScore: 3,
  bannedPasswords: { enforceCustomList: true, customList: [] },
};

/** A PATCH body: any tab, any field; merged over the stored policy, then checked whole. */
export const PasswordResetPolicyPatchSchema = z.strictObject({
  properties: PasswordResetPolicySchema.shape.properties.partial().optional(),
  authenticationMethods: z
    .strictObject({
      allowed: PasswordResetPolicySchema.shape.authenticationMethods.shape.allowed,
      numberRequired: PasswordResetPolicySchema.shape.authenticationMethods.shape.numberRequired,
      securityQuestions: PasswordResetPolicySchema.shape.authenticationMethods.shape.securityQuestions.partial(),
    })
    .partial()
    .optional(),
  registration: PasswordResetPolicySchema.shape.registration.partial().optional(),
  notifications: PasswordResetPolicySchema.shape.notifications.partial().optional(),
  customization: PasswordResetPolicySchema.shape.customization.partial().optional(),
  onPremises: PasswordResetPolicySchema.shape.onPremises.partial().optional(),
});
export type PasswordResetPolicyPatch = z.infer<typeof PasswordResetPolicyPatchSchema>;

export const PasswordPolicyPatchSchema = z.strictObject({
  minLength: PasswordPolicySchema.shape.minLength.optional(),
  maxLength: PasswordPolicySchema.shape.maxLength.optional(),
  requiredCharacterClasses: PasswordPolicySchema.shape.requiredCharacterClasses.optional(),
  historyCount: PasswordPolicySchema.shape.historyCount.optional(),
  minStrengthScore: PasswordPolicySchema.shape.minStrengthScore.optional(),
  bannedPasswords: PasswordPolicySchema.shape.bannedPasswords.partial().optional(),
});
export type PasswordPolicyPatch = z.infer<typeof PasswordPolicyPatchSchema>;

/**
 * The rules that span fields, which a schema of one field cannot say. Returns the first broken
 * rule's code, or null. Whether a scoped group exists is checked by the directory that owns it.
 */
export function passwordResetPolicyViolation(policy: PasswordResetPolicy): ErrorCode | null {
  const methods = policy.authenticationMethods;
  const allowed = new Set(methods.allowed);
  if (methods.numberRequired > allowed.size) return "POLICY_REQUIRED_EXCEEDS_ALLOWED";
  if (allowed.size === 1 && allowed.has("securityQuestions")) return "POLICY_QUESTIONS_ALONE";
  if (methods.securityQuestions.numberToReset > methods.securityQuestions.numberToRegister) {
    return "POLICY_QUESTIONS_INCONSISTENT";
  }
  if (policy.properties.scope === "selected" && policy.properties.groupId === null) {
    return "POLICY_SCOPE_GROUP_REQUIRED";
  }
  return null;
}

export function passwordPolicyViolation(policy: PasswordPolicy): ErrorCode | null {
  return policy.minLength > policy.maxLength ? "POLICY_PASSWORD_LENGTH_INVALID" : null;
}

/** Merges a PATCH over a policy: objects merge field by field, arrays and values replace. */
export function mergePatch<T extends object>(base: T, patch: object): T {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = merged[key];
    const bothObjects =
      typeof current === "object" && current !== null && !Array.isArray(current) &&
      typeof value === "object" && value !== null && !Array.isArray(value);
    merged[key] = bothObjects ? mergePatch(current, value) : value;
  }
  return merged as T;
}
