import * as z from "zod/mini";

/**
 * Self-service password reset and account unlock, as Entra's users know them: identify (with a
 * CAPTCHA) → choose a method → verify it → a second, different one when the policy asks (always
 * for admins) → a new password, or for unlock the choice to keep it → done. Users who cannot
 * reset here end at `helpdesk`. Unknown identifiers walk the same path with the same answers.
 * Diagram: reset.mermaid (keep it in step with `resetTransitions`).
 */
export const ResetStates = [
  "identify",
  "choose_method",
  "verify_code",
  "verify_extension",
  "answer_questions",
  "unlock_options",
  "new_password",
  "helpdesk",
  "done",
] as const;
export type ResetState = (typeof ResetStates)[number];

// Every step after identify may end at the helpdesk: the user said "this wasn't me" in the
// extension, which blocks self-service reset for the account and ends a reset in progress.
export const resetTransitions = {
  identify: ["choose_method", "helpdesk"],
  choose_method: ["verify_code", "verify_extension", "answer_questions", "helpdesk"],
  verify_code: ["verify_code", "choose_method", "unlock_options", "new_password", "helpdesk"],
  // Waits for the user's answer in the extension (number matching), checked on each submit.
  verify_extension: ["verify_extension", "choose_method", "unlock_options", "new_password", "helpdesk"],
  answer_questions: ["answer_questions", "choose_method", "unlock_options", "new_password", "helpdesk"],
  // Stays when a hybrid tenant's directory on-premises refuses or cannot be reached.
  unlock_options: ["unlock_options", "new_password", "done", "helpdesk"],
  new_password: ["new_password", "done", "helpdesk"],
  helpdesk: [],
  done: [],
} as const satisfies Record<ResetState, readonly ResetState[]>;

export const canTransition = (from: ResetState, to: ResetState): boolean =>
  (resetTransitions[from] as readonly ResetState[]).includes(to);

/** Payloads of each step's submit. Strict: unknown fields are refused. */
export const IdentifySubmit = z.strictObject({
  /** User name, email address or phone number. */
  identifier: z.string().check(z.trim(), z.minLength(1), z.maxLength(254)),
  captcha: z.optional(z.string().check(z.maxLength(4096))),
});

export const ChooseMethodSubmit = z.strictObject({
  method: z.string().check(z.minLength(1), z.maxLength(40)),
  /** The full phone number or email address, typed to confirm it before anything is sent. */
  confirm: z.optional(z.string().check(z.trim(), z.maxLength(254))),
});

export const VerifyCodeSubmit = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("verify"), code: z.string().check(z.regex(/^\d{6,10}$/)) }),
  z.strictObject({ action: z.literal("resend") }),
  z.strictObject({ action: z.literal("back") }),
]);

/** `check` asks whether the user has answered in the extension; `resend` asks again. */
export const VerifyExtensionSubmit = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("check") }),
  z.strictObject({ action: z.literal("resend") }),
  z.strictObject({ action: z.literal("back") }),
]);

export const AnswerQuestionsSubmit = z.strictObject({
  answers: z
    .array(z.strictObject({ id: z.string().check(z.maxLength(40)), answer: z.string().check(z.maxLength(200)) }))
    .check(z.minLength(1), z.maxLength(5)),
});

export const UnlockOptionsSubmit = z.strictObject({ choice: z.enum(["unlock", "reset"]) });

export const NewPasswordSubmit = z.strictObject({ password: z.string().check(z.minLength(1), z.maxLength(256)) });

export const resetSubmitSchemas = {
  identify: IdentifySubmit,
  choose_method: ChooseMethodSubmit,
  verify_code: VerifyCodeSubmit,
  verify_extension: VerifyExtensionSubmit,
  answer_questions: AnswerQuestionsSubmit,
  unlock_options: UnlockOptionsSubmit,
  new_password: NewPasswordSubmit,
} as const;

export type ResetSubmit = {
  [S in keyof typeof resetSubmitSchemas]: z.infer<(typeof resetSubmitSchemas)[S]>;
};
