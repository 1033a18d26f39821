import type { FlowMessageKey } from "#contract/flows/messages";
import type { ResetState } from "#contract/flows/reset";
import type { Choice } from "./choices";

/** Everything a reset or unlock flow remembers between steps. Never leaves the worker whole. */
export interface ResetRecord {
  id: string;
  tenantId: string;
  type: "reset" | "unlock";
  state: ResetState;
  createdAt: number;
  expiresAt: number;
  /** Null until identified, and for identifiers that name nobody (who walk the same path). */
  userId: string | null;
  /**
   * The user's name when identified, for the audit events of later steps (absent in flows begun
   * before it was kept, whose steps look it up).
   */
  userName?: string | null;
  /** Whose failure cap this flow counts against: the user, or a keyed hash of an unknown identifier. */
  accountKey: string;
  isAdmin: boolean;
  required: 1 | 2;
  choices: Choice[];
  /** Method refs already verified; a second method must be a different one. */
  verified: string[];
  /** The method being verified now. */
  current: { choiceId: string; matched: boolean } | null;
  /** The approval asked of the browser extension, while verifying with it. */
  approval?: { id: string; number: string; expiresAt: number } | null;
  /** Security questions drawn for this attempt. */
  questionIds: string[];
  /** Kept for known and unknown users alike, so their answers cannot differ. */
  sends: number;
  lastSendAt: number | null;
  failures: number;
  /** Messages to show with the next answer. */
  notices: FlowMessageKey[];
  /** Where the flow started, for audit. */
  ip: string | null;
  country: string | null;
}

export { RESET_FLOW_TTL_MS } from "../../limits";
