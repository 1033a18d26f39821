import * as z from "zod/mini";
import { VerifyExtensionSubmit } from "./reset";
import { CodeAction, signInGateSubmitSchemas, type SignInGateState } from "./sign-in-gates";

/**
 * Password sign-in with MFA and smart lockout: user name + password (+ CAPTCHA) → a second
 * factor (SMS, voice, email code, TOTP, or an approval in the browser extension) when the sign-in policy or the user requires one →
 * done with a signed ID token. A wrong password, an unknown user and a locked or disabled
 * account all answer SIGNIN_FAILED and stay on `identify`. Diagram: signin.mermaid.
 */
export const SignInStates = [
  "identify",
  "choose_method",
  "verify_code",
  "verify_extension",
  "registration_reminder",
  "registration_required",
  "reconfirm",
  "helpdesk",
  "done",
] as const;
export type SignInState = (typeof SignInStates)[number];

const gates = ["registration_reminder", "registration_required", "reconfirm", "done"] as const satisfies readonly (SignInGateState | "done")[];

export const signInTransitions = {
  identify: ["identify", "choose_method", "helpdesk", ...gates],
  choose_method: ["verify_code", "verify_extension"],
  verify_code: ["verify_code", "choose_method", ...gates],
  // Waits for the user's answer in the extension (number matching), checked on each `check`.
  verify_extension: ["verify_extension", "choose_method", ...gates],
  registration_reminder: ["done"],
  registration_required: ["registration_required", "reconfirm", "done"],
  reconfirm: ["done"],
  helpdesk: [],
  done: [],
} as const satisfies Record<SignInState, readonly SignInState[]>;

export const PasswordIdentifySubmit = z.strictObject({
  /** User name (UPN) or email address. */
  userName: z.string().check(z.trim(), z.minLength(1), z.maxLength(254)),
  password: z.string().check(z.minLength(1), z.maxLength(256)),
  captcha: z.optional(z.string().check(z.maxLength(4096))),
});

export const SecondFactorChooseSubmit = z.strictObject({ method: z.string().check(z.minLength(1), z.maxLength(40)) });

export const SecondFactorVerifySubmit = z.discriminatedUnion("action", [CodeAction.verify, CodeAction.resend, CodeAction.back]);

export const signInSubmitSchemas = {
  identify: PasswordIdentifySubmit,
  choose_method: SecondFactorChooseSubmit,
  verify_code: SecondFactorVerifySubmit,
  verify_extension: VerifyExtensionSubmit,
  ...signInGateSubmitSchemas,
} as const;

export type SignInSubmit = { [S in keyof typeof signInSubmitSchemas]: z.infer<(typeof signInSubmitSchemas)[S]> };
