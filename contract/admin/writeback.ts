import { z } from "zod";
import type { DirectoryKind } from "../writeback";

/** `POST /v1/tenants/:tenant/writeback/agents`: a name that tells the admin which server it is. */
export const IssueAgentKeySchema = z.strictObject({ name: z.string().trim().min(1).max(100) });
export type IssueAgentKey = z.output<typeof IssueAgentKeySchema>;

/** One agent key and what the agent that holds it last reported. Never carries the key. */
export interface WritebackAgent {
  id: string;
  name: string;
  /** The key's last four characters, so an admin can tell keys apart. */
  hint: string;
  createdAt: string;
  /** Whether an agent has registered its public keys with this key (pinned on first use). */
  registered: boolean;
  connected: boolean;
  connectedAt: string | null;
  lastSeenAt: string | null;
  version: string | null;
  directory: DirectoryKind | null;
  health: { directoryReachable: boolean; latencyMs: number | null; checkedAt: string } | null;
}

/** An issued key, shown this once. */
export interface IssuedAgentKey extends WritebackAgent {
  key: string;
}

/** `GET /v1/tenants/:tenant/writeback`. */
export interface WritebackStatus {
  /** The password-reset policy's `onPremises` options, repeated here for the console. */
  enabled: boolean;
  allowUnlockWithoutReset: boolean;
  /** At least one registered agent is connected now. */
  connected: boolean;
  lastSeenAt: string | null;
  agents: WritebackAgent[];
  /** Commands of the last 24 hours by how they ended. `late` results came after the edge gave up. */
  last24h: { succeeded: number; failed: number; timedOut: number; late: number };
}
