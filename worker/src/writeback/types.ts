import { z } from "zod";
import { CommandIdSchema, type AgentFailureCode, type DirectoryViolation, type EcPublicJwk } from "#contract/writeback";

/** What the edge asks the Writeback object to run: parsed there, as every RPC input from the edge. */
export const ExecuteInputSchema = z.strictObject({
  commandId: CommandIdSchema,
  agentId: z.string().regex(/^agk_[A-Za-z0-9_-]{20}$/),
  user: z.strictObject({ id: z.string().min(1).max(64), userName: z.string().min(1).max(256) }),
  /** The password sealed to the agent's key (a compact JWE), or null to unlock only. */
  password: z.string().max(8192).nullable(),
  unlock: z.boolean(),
  timeoutMs: z.number().int().min(1_000).max(60_000),
});
export type ExecuteInput = z.input<typeof ExecuteInputSchema>;

/** How a command ended, as the Writeback object tells the edge. */
export type ExecuteOutcome =
  | { ok: true; passwordSet: boolean; unlocked: boolean }
  | { ok: false; code: AgentFailureCode | "AGENT_OFFLINE" | "TIMEOUT"; violations?: DirectoryViolation[] };

export type AgentChoice = { ok: true; agentId: string; encryptionKey: EcPublicJwk } | { ok: false; code: "AGENT_OFFLINE" };

/** What a socket carries through hibernation: whose it is and whether it has said hello. */
export interface SocketAttachment {
  agentId: string;
  registered: boolean;
  connectedAt: number;
}
