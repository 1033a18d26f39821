import type { SmsSignInState } from "#contract/flows/sms-signin";
import type { CodeCounters } from "../shared/code-step";
import type { SignInCore } from "../shared/sign-in-core";

/** Everything an SMS sign-in remembers between steps. Never leaves the worker whole. */
export interface SmsSignInRecord extends SignInCore, CodeCounters {
  type: "sms_signin";
  state: SmsSignInState;
  /** The number typed, as E.164; kept for unknown numbers too, so both walk the same path. */
  phoneNumber: string | null;
  /** The number is a user's SMS sign-in number, in the policy's scope: only then is a code sent. */
  matched: boolean;
}
