import { z } from "zod";
import type { ErrorCode } from "../errors";
import { predefinedQuestions, TENANT_QUESTIONS_MAX } from "../security-questions";
import { ResourceId } from "./common";

/**
 * The sign-in policies: SMS sign-in (Entra's text message method with "Use for sign-in"), password
 * sign-in (MFA and smart lockout), and the tenant's own security questions. Bounds are the safe
 * range a tenant may choose in; defaults follow Entra.
 */
export const SIGN_IN_BOUNDS = {
  lockoutThreshold: { min: 3, max: 50, default: 10 },
  lockoutSeconds: { min: 10, max: 3_600, default: 60 },
  tokenLifetimeSeconds: { min: 60, max: 3_600, default: 300 },
} as const;

const Scope = z.strictObject({ scope: z.enum(["all", "selected"]), groupId: ResourceId.nullable() });

export const SmsSignInPolicySchema = z.strictObject({
  enabled: z.boolean(),
  ...Scope.shape,
});
export type SmsSignInPolicy = z.infer<typeof SmsSignInPolicySchema>;
export const defaultSmsSignInPolicy: SmsSignInPolicy = { enabled: false, scope: "all", groupId: null };
export const SmsSignInPolicyPatchSchema = SmsSignInPolicySchema.partial();

/**
 * Second factors a sign-in may ask for: codes by text, call or email, an authenticator app, or an
 * approval in the paired browser extension (number matching). The extension is not in the default
 * list: a tenant turns it on once its pages can show the number.
 */
export const SecondFactorSchema = z.enum(["sms", "voice", "email", "totp", "extension"]);
export type SecondFactor = z.infer<typeof SecondFactorSchema>;

const bounded = (bounds: { min: number; max: number }) => z.number().int().min(bounds.min).max(bounds.max);

export const SignInPolicySchema = z.strictObject({
  mfa: z.strictObject({
    /** Who must pass a second factor: nobody (beyond the rules below), a group, or everyone. */
    scope: z.enum(["none", "selected", "all"]),
    groupId: ResourceId.nullable(),
    /** Admins always need one, as with Entra's security defaults. */
    requireForAdmins: z.boolean(),
    methods: z.array(SecondFactorSchema).min(1).max(5),
  }),
  /** Smart lockout: this many failed sign-ins lock the account for this long, longer on repeats. */
  lockout: z.strictObject({
    threshold: bounded(SIGN_IN_BOUNDS.lockoutThreshold),
    durationSeconds: bounded(SIGN_IN_BOUNDS.lockoutSeconds),
  }),
  /** How long an ID token is valid: short, since partners exchange it for their own session. */
  tokenLifetimeSeconds: bounded(SIGN_IN_BOUNDS.tokenLifetimeSeconds),
});
export type SignInPolicy = z.infer<typeof SignInPolicySchema>;
export const defaultSignInPolicy: SignInPolicy = {
  mfa: { scope: "none", groupId: null, requireForAdmins: true, methods: ["sms", "voice", "email", "totp"] },
  lockout: { threshold: SIGN_IN_BOUNDS.lockoutThreshold.default, durationSeconds: SIGN_IN_BOUNDS.lockoutSeconds.default },
  tokenLifetimeSeconds: SIGN_IN_BOUNDS.tokenLifetimeSeconds.default,
};
export const SignInPolicyPatchSchema = z.strictObject({
  mfa: SignInPolicySchema.shape.mfa.partial().optional(),
  lockout: SignInPolicySchema.shape.lockout.partial().optional(),
  tokenLifetimeSeconds: SignInPolicySchema.shape.tokenLifetimeSeconds.optional(),
});
export type SignInPolicyPatch = z.infer<typeof SignInPolicyPatchSchema>;

/** A tenant's own question: ids start with `c-` so they never collide with predefined ones. */
export const TenantQuestionSchema = z.strictObject({
  id: z.string().regex(/^c-[a-z0-9-]{1,30}$/, "c- and up to 30 lowercase letters, digits or hyphens"),
  text: z.string().trim().min(5).max(200),
});
export const SecurityQuestionsPolicySchema = z.strictObject({
  custom: z
    .array(TenantQuestionSchema)
    .max(TENANT_QUESTIONS_MAX)
    .refine((questions) => new Set(questions.map((q) => q.id)).size === questions.length, "question ids must differ"),
});
export type SecurityQuestionsPolicy = z.infer<typeof SecurityQuestionsPolicySchema>;
export const defaultSecurityQuestionsPolicy: SecurityQuestionsPolicy = { custom: [] };

/** Every question a user of the tenant may choose from. */
export function availableQuestions(policy: SecurityQuestionsPolicy): { id: string; text: string }[] {
  return [...Object.entries(predefinedQuestions).map(([id, text]) => ({ id, text })), ...policy.custom];
}

/** Graph's per-user MFA state: `enforced` makes every sign-in of the user ask a second factor. */
export const UserRequirementsSchema = z.strictObject({ perUserMfaState: z.enum(["disabled", "enforced"]) });
export type UserRequirements = z.infer<typeof UserRequirementsSchema>;

/** Cross-field rules: a policy scoped to selected users needs a group. */
export function scopedPolicyViolation(policy: { scope: string; groupId: string | null }): ErrorCode | null {
  return policy.scope === "selected" && policy.groupId === null ? "POLICY_SCOPE_GROUP_REQUIRED" : null;
}
