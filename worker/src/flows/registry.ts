import type { FlowType } from "#contract/flows/envelope";
import type { FlowKind, FlowRecordBase } from "./kinds";
import { resetKind } from "./reset/kind";
import { securityInfoKind } from "./security-info/kind";
import { passwordSignInKind } from "./signin/kind";
import { smsSignInKind } from "./sms-signin/kind";

/**
 * A kind as the FlowObject holds it. The object only ever hands a kind the records that kind
 * created (the record's `type` picks the kind), which is what makes this widening safe.
 */
const held = <R extends FlowRecordBase>(kind: FlowKind<R>) => kind as unknown as FlowKind<FlowRecordBase>;

/** Every flow type the API creates, and the kind that runs it. */
export const flowKinds: Partial<Record<FlowType, FlowKind<FlowRecordBase>>> = {
  reset: held(resetKind),
  unlock: held(resetKind),
  sms_signin: held(smsSignInKind),
  signin: held(passwordSignInKind),
  security_info: held(securityInfoKind),
};
