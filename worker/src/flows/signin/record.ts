import type { ResetMethod } from "#contract/admin/policies";
import type { SecondFactor } from "#contract/admin/sign-in-policies";
import type { MethodChoice } from "#contract/flows/envelope";
import type { SignInState } from "#contract/flows/signin";
import type { CodeCounters } from "../shared/code-step";
import type { SignInCore } from "../shared/sign-in-core";

/** A second factor as the flow keeps it: the public choice, and what it is bound to. */
export interface MfaChoice extends MethodChoice {
  factor: SecondFactor;
  methodRef: string;
  /** Unmasked phone (E.164) or email; null for TOTP. */
  destination: string | null;
  auditMethod: ResetMethod;
}

/** Everything a password sign-in remembers between steps. Never leaves the worker whole. */
export interface PasswordSignInRecord extends SignInCore, CodeCounters {
  type: "signin";
  state: SignInState;
  choices: MfaChoice[];
  /** The choice being verified now. */
  current: string | null;
  /** The approval asked of the browser extension, while verifying with it. */
  approval?: { id: string; number: string; expiresAt: number } | null;
}
