import * as z from "zod/mini";
import { CodeAction, signInGateSubmitSchemas, type SignInGateState } from "./sign-in-gates";

/**
 * SMS sign-in (passwordless), as Entra's SMS sign-in: phone number + CAPTCHA → code → done with a
 * signed ID token in `ui.token`. Only numbers a user enabled for SMS sign-in, of users in the
 * tenant's SMS sign-in policy, get a code; every other number walks the same path with the same
 * answers and nothing is sent. Diagram: sms-signin.mermaid (keep it in step).
 */
export const SmsSignInStates = ["identify", "verify_code", "registration_reminder", "registration_required", "reconfirm", "done"] as const;
export type SmsSignInState = (typeof SmsSignInStates)[number];

const gates = ["registration_reminder", "registration_required", "reconfirm", "done"] as const satisfies readonly (SignInGateState | "done")[];

export const smsSignInTransitions = {
  identify: ["verify_code"],
  verify_code: ["verify_code", ...gates],
  registration_reminder: ["done"],
  registration_required: ["registration_required", "reconfirm", "done"],
  reconfirm: ["done"],
  done: [],
} as const satisfies Record<SmsSignInState, readonly SmsSignInState[]>;

export const SmsIdentifySubmit = z.strictObject({
  phoneNumber: z.string().check(z.trim(), z.minLength(3), z.maxLength(32)),
  captcha: z.optional(z.string().check(z.maxLength(4096))),
});

export const SmsVerifySubmit = z.discriminatedUnion("action", [CodeAction.verify, CodeAction.resend]);

export const smsSignInSubmitSchemas = {
  identify: SmsIdentifySubmit,
  verify_code: SmsVerifySubmit,
  ...signInGateSubmitSchemas,
} as const;

export type SmsSignInSubmit = { [S in keyof typeof smsSignInSubmitSchemas]: z.infer<(typeof smsSignInSubmitSchemas)[S]> };
