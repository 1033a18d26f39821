import * as z from "zod/mini";
import { SECURITY_ANSWER_MAX, SECURITY_ANSWER_MIN } from "../security-questions";
import { CodeAction } from "./sign-in-gates";

/**
 * "My security info": a signed-in user lists their methods and adds a phone or an alternate
 * email (each verified by a code before it counts), an authenticator app (verified by a first
 * code), or security questions; removes a method (never one the policy still needs); and
 * reconfirms. The flow is created with the ID token of a sign-in as a Bearer token; changes need
 * a sign-in within the last minutes (`ui.securityInfo.changesAllowedUntil`). Diagram:
 * security-info.mermaid.
 */
export const SecurityInfoStates = ["overview", "verify_code", "verify_totp", "done"] as const;
export type SecurityInfoState = (typeof SecurityInfoStates)[number];

export const securityInfoTransitions = {
  overview: ["overview", "verify_code", "verify_totp", "done"],
  verify_code: ["verify_code", "overview"],
  verify_totp: ["verify_totp", "overview"],
  done: [],
} as const satisfies Record<SecurityInfoState, readonly SecurityInfoState[]>;

const answer = z.string().check(z.trim(), z.minLength(SECURITY_ANSWER_MIN), z.maxLength(SECURITY_ANSWER_MAX));

export const OverviewSubmit = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("add_phone"),
    phoneNumber: z.string().check(z.trim(), z.minLength(3), z.maxLength(32)),
    phoneType: z.enum(["mobile", "alternateMobile", "office"]),
    /** How to receive the verification code; only a mobile number can take a text. */
    channel: z.optional(z.enum(["sms", "voice"])),
  }),
  z.strictObject({ action: z.literal("add_email"), emailAddress: z.email().check(z.maxLength(254)) }),
  z.strictObject({ action: z.literal("add_authenticator") }),
  z.strictObject({
    action: z.literal("set_questions"),
    answers: z.array(z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(40)), answer })).check(z.minLength(3), z.maxLength(5)),
  }),
  z.strictObject({ action: z.literal("remove"), methodId: z.string().check(z.minLength(1), z.maxLength(64)) }),
  z.strictObject({ action: z.literal("reconfirm") }),
  /** A single-use code (10 minutes) that pairs the Sesame browser extension with this account. */
  z.strictObject({ action: z.literal("pair_extension") }),
  z.strictObject({ action: z.literal("finish") }),
]);

export const AddVerifySubmit = z.discriminatedUnion("action", [CodeAction.verify, CodeAction.resend, CodeAction.cancel]);
export const TotpVerifySubmit = z.discriminatedUnion("action", [CodeAction.verify, CodeAction.cancel]);

export const securityInfoSubmitSchemas = {
  overview: OverviewSubmit,
  verify_code: AddVerifySubmit,
  verify_totp: TotpVerifySubmit,
} as const;

export type SecurityInfoSubmit = { [S in keyof typeof securityInfoSubmitSchemas]: z.infer<(typeof securityInfoSubmitSchemas)[S]> };
