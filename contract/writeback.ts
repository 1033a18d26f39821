import { z } from "zod";

/**
 * The password-writeback protocol between a tenant's `Writeback` Durable Object and the
 * on-premises agent (agent/), over one WebSocket the agent opens outward. Every message is JSON
 * and parsed with these schemas on both sides. This file imports nothing but zod, because the
 * agent runs it straight from source under Node's type stripping.
 *
 * The password travels only as a JWE (ECDH-ES + A256GCM) encrypted at the edge to the agent's
 * registered P-256 key, bound to its command id; results travel as a JWS (ES256) made with the
 * agent's registered signing key. See docs/writeback.md for the security model.
 */

export const WRITEBACK_PROTOCOL = 1;

/** The agent's key as issued by the admin API: `ak_<tenant>_<43 random characters>`. */
export const AgentKeyPattern = /^ak_([a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9]))_([A-Za-z0-9_-]{43})$/;

/** A command id: the edge makes one per attempt, and a retry of that attempt reuses it. */
export const CommandIdSchema = z.string().regex(/^wbc_[A-Za-z0-9_-]{20}$/);

const base64url = (length: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${length}}$`));

/** A public P-256 key as a JWK: public members only, so a private key can never be registered. */
export const EcPublicJwkSchema = z.strictObject({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  x: base64url(43),
  y: base64url(43),
});
export type EcPublicJwk = z.infer<typeof EcPublicJwkSchema>;

export const DirectoryKindSchema = z.enum(["activeDirectory", "openldap"]);
export type DirectoryKind = z.infer<typeof DirectoryKindSchema>;

/**
 * Password rules the directory refused, in the shape of Sesame's own violations
 * (contract/password/rules.ts), with the numbers of the directory's policy.
 */
export const DirectoryViolationSchema = z.discriminatedUnion("code", [
  z.strictObject({ code: z.literal("PASSWORD_TOO_SHORT"), minLength: z.number().int().min(0).max(1024) }),
  z.strictObject({
    code: z.literal("PASSWORD_COMPLEXITY"),
    requiredClasses: z.number().int().min(0).max(4),
    classes: z.number().int().min(0).max(4),
  }),
  z.strictObject({ code: z.literal("PASSWORD_CONTAINS_NAME") }),
  z.strictObject({ code: z.literal("PASSWORD_REUSED"), historyCount: z.number().int().min(0).max(1024) }),
]);
export type DirectoryViolation = z.infer<typeof DirectoryViolationSchema>;

/** Why the agent could not do what a command asked. */
export const AgentFailureCodes = [
  /** The directory's password policy refused the password; `violations` say which rules, when known. */
  "PASSWORD_POLICY",
  /** The directory's minimum password age has not passed since the last change. */
  "PASSWORD_TOO_YOUNG",
  /** No entry, or more than one, matches the user. */
  "USER_NOT_FOUND",
  /** The agent's service account may not change this entry. */
  "ACCESS_DENIED",
  /** The directory did not answer, or refused the connection or the agent's bind. */
  "DIRECTORY_UNAVAILABLE",
  /** The command reached the agent after its start window: nothing was done. */
  "EXPIRED",
  /** The command could not be decrypted or read: nothing was done. */
  "BAD_COMMAND",
  "INTERNAL",
] as const;
export const AgentFailureCodeSchema = z.enum(AgentFailureCodes);
export type AgentFailureCode = z.infer<typeof AgentFailureCodeSchema>;

export const CommandOutcomeSchema = z.discriminatedUnion("ok", [
  /** Done. `unlocked` is false when the password changed but clearing the lockout failed. */
  z.strictObject({ ok: z.literal(true), passwordSet: z.boolean(), unlocked: z.boolean() }),
  z.strictObject({
    ok: z.literal(false),
    code: AgentFailureCodeSchema,
    violations: z.array(DirectoryViolationSchema).max(4).optional(),
  }),
]);
export type CommandOutcome = z.infer<typeof CommandOutcomeSchema>;

/** What the agent signs: the outcome, bound to the command and the tenant. */
export const SignedResultSchema = z.strictObject({
  commandId: CommandIdSchema,
  tenant: z.string().min(3).max(40),
  outcome: CommandOutcomeSchema,
  /** When the agent finished, ms since the epoch; informative only (clocks differ). */
  at: z.number().int().min(0),
});
export type SignedResult = z.infer<typeof SignedResultSchema>;

// Agent → Writeback object

export const AgentHelloSchema = z.strictObject({
  type: z.literal("hello"),
  protocol: z.literal(WRITEBACK_PROTOCOL),
  version: z.string().regex(/^[0-9A-Za-z.+-]{1,40}$/),
  directory: DirectoryKindSchema,
  /** The key commands' passwords are encrypted to (ECDH-ES). Pinned on first use. */
  encryptionKey: EcPublicJwkSchema,
  /** The key results are verified with (ES256). Pinned on first use. */
  signingKey: EcPublicJwkSchema,
});

export const AgentHealthSchema = z.strictObject({
  type: z.literal("health"),
  /** Whether the agent's last bind and read of the directory worked. */
  directoryReachable: z.boolean(),
  latencyMs: z.number().int().min(0).max(600_000).nullable(),
});

export const AgentResultSchema = z.strictObject({
  type: z.literal("result"),
  commandId: CommandIdSchema,
  /** A compact JWS (ES256) of a `SignedResult`. */
  signed: z.string().max(8192),
});

export const AgentMessageSchema = z.discriminatedUnion("type", [AgentHelloSchema, AgentHealthSchema, AgentResultSchema]);
export type AgentMessage = z.infer<typeof AgentMessageSchema>;

// Writeback object → agent

export const WelcomeSchema = z.strictObject({
  type: z.literal("welcome"),
  agentId: z.string().regex(/^agk_[A-Za-z0-9_-]{20}$/),
  protocol: z.literal(WRITEBACK_PROTOCOL),
});

export const CommandSchema = z.strictObject({
  type: z.literal("command"),
  commandId: CommandIdSchema,
  /** Who: the Sesame user id, and the user name the agent maps to a directory entry. */
  user: z.strictObject({ id: z.string().min(1).max(64), userName: z.string().min(1).max(256) }),
  /** The new password as a compact JWE to the agent's key, or null for an unlock only. */
  password: z.string().max(8192).nullable(),
  /** Clear the directory's lockout as well. */
  unlock: z.boolean(),
  /**
   * The agent must start the change within this many ms of receiving the command, or answer
   * EXPIRED without touching the directory: the edge stops waiting soon after.
   */
  startWithinMs: z.number().int().min(0).max(120_000),
});
export type Command = z.infer<typeof CommandSchema>;

export const ServerMessageSchema = z.discriminatedUnion("type", [WelcomeSchema, CommandSchema]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** Close codes the Writeback object uses; the agent logs them and backs off. */
export const CloseCodes = {
  revoked: 4001,
  replaced: 4002,
  keyMismatch: 4003,
  protocolError: 4004,
  helloTimeout: 4005,
} as const;

/** The header of the JWE carrying a password: `cmd` binds it to one command. */
export type PasswordJweHeader = {
  alg: "ECDH-ES";
  enc: "A256GCM";
  kid: string;
  cmd: string;
};

/** Plain-text keep-alive the Writeback object answers without waking (hibernation auto-response). */
export const PING = "ping";
export const PONG = "pong";

/** Largest message either side accepts. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * Parses one message: JSON, then the schema; null for anything else. Never `JSON.parse(x) as T`.
 *
 * @example
 * const message = parseMessage(AgentMessageSchema, text);
 * if (!message) socket.close(CloseCodes.protocolError);
 */
export function parseMessage<S extends z.ZodType>(schema: S, text: string): z.output<S> | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
