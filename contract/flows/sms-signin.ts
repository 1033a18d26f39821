import * as z from "zod/mini";

/**
 * SMS sign-in (passwordless): phone number + CAPTCHA → code → done with a signed ID token.
 * Unknown numbers walk the same path; no SMS is sent to them. Diagram: sms-signin.mermaid.
 */
export const SmsSignInStates = ["identify", "verify_code", "done"] as const;
export type SmsSignInState = (typeof SmsSignInStates)[number];

export const smsSignInTransitions = {
  identify: ["verify_code"],
  verify_code: ["verify_code", "done"],
  done: [],
} as const satisfies Record<SmsSignInState, readonly SmsSignInState[]>;

export const SmsIdentifySubmit = z.strictObject({
  phoneNumber: z.string().check(z.trim(), z.minLength(3), z.maxLength(32)),
  captcha: z.optional(z.string().check(z.maxLength(4096))),
});
