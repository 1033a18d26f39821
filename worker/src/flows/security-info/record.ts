import type { PhoneType } from "#contract/admin/methods";
import type { SecurityInfoState } from "#contract/flows/security-info";
import type { FlowRecordBase } from "../kinds";
import type { CodeCounters } from "../shared/code-step";

/** A method being added, until its first code proves it; then it is saved and this is cleared. */
export type PendingMethod =
  | { kind: "phone"; phoneNumber: string; phoneType: PhoneType; channel: "sms" | "voice" }
  | { kind: "email"; email: string }
  | { kind: "totp"; secret: string };

/**
 * Everything a "My security info" flow remembers. The flow is opened with a verified ID token:
 * it holds whose info it is and when they signed in, never the token itself.
 */
export interface SecurityInfoRecord extends FlowRecordBase, CodeCounters {
  type: "security_info";
  state: SecurityInfoState;
  userId: string;
  userName: string;
  /** The sign-in's `auth_time` (ms): changes need it to be recent. */
  authTime: number;
  pending: PendingMethod | null;
  /** Methods started so far: each new destination gets its own code challenge. */
  adds: number;
  ip: string | null;
  country: string | null;
  /** A pairing code just made: shown until the next submit clears it (the code lives on in its own object). */
  pairing?: { code: string; expiresAt: number } | null;
}
