import * as z from "zod/mini";

/**
 * Where a sign-in stops before its token when the password-reset policy asks users to register
 * (Entra's "More information required"): a skippable reminder during the grace period, a
 * required registration after it, and a reconfirmation every N days. Both sign-in flows share
 * these states. In each, `ui.registration.securityInfoToken` opens a `security_info` flow.
 */
export const SignInGateStates = ["registration_reminder", "registration_required", "reconfirm"] as const;
export type SignInGateState = (typeof SignInGateStates)[number];

/** Skip for now (grace period), or continue once registered. */
export const RegistrationReminderSubmit = z.strictObject({ action: z.enum(["skip", "continue"]) });
/** Continue once registered; refused with REGISTRATION_INCOMPLETE until then. */
export const RegistrationRequiredSubmit = z.strictObject({ action: z.literal("continue") });
/** "Looks good": the methods shown are still the user's. */
export const ReconfirmSubmit = z.strictObject({ action: z.literal("confirm") });

export const signInGateSubmitSchemas = {
  registration_reminder: RegistrationReminderSubmit,
  registration_required: RegistrationRequiredSubmit,
  reconfirm: ReconfirmSubmit,
} as const;

/** A six-to-ten-digit code, or a resend. Shared by the sign-in flows' code steps. */
export const CodeAction = {
  verify: z.strictObject({ action: z.literal("verify"), code: z.string().check(z.regex(/^\d{6,10}$/)) }),
  resend: z.strictObject({ action: z.literal("resend") }),
  back: z.strictObject({ action: z.literal("back") }),
  cancel: z.strictObject({ action: z.literal("cancel") }),
};
