import type { ErrorCode } from "#contract/errors";
import type { PasswordViolation } from "#contract/password/rules";
import type { Env } from "../env";
import { log } from "../http/log";
import { newId } from "../lib/crypto";
import { WRITEBACK_RESULT_TIMEOUT_MS } from "../limits";
import { sealPassword } from "./seal";
import type { ExecuteInput, ExecuteOutcome } from "./types";

/** A tenant's Writeback object. */
export function writebackOf(env: Env, tenantId: string) {
  return env.WRITEBACK.get(env.WRITEBACK.idFromName(tenantId));
}

export interface WritebackRequest {
  user: { id: string; userName: string };
  /** The new password, or null to clear the lockout only. */
  password: string | null;
  unlock: boolean;
}

export type WritebackResult =
  | { ok: true; passwordSet: boolean; unlocked: boolean }
  | { ok: false; code: ErrorCode; violations?: PasswordViolation[] };

/**
 * Sesame's answer for each way a command can end. Directory policy refusals become password
 * errors the widget already knows, with the directory's rules as violations when the agent could
 * tell which; everything else is a WRITEBACK_* code.
 */
export function toSesame(outcome: ExecuteOutcome): WritebackResult {
  if (outcome.ok) return outcome;
  switch (outcome.code) {
    case "PASSWORD_POLICY": {
      const violations = outcome.violations ?? [];
      return violations.length > 0 ? { ok: false, code: violations[0]!.code, violations } : { ok: false, code: "PASSWORD_DIRECTORY_POLICY" };
    }
    case "PASSWORD_TOO_YOUNG":
      return { ok: false, code: "PASSWORD_CHANGED_TOO_RECENTLY" };
    case "USER_NOT_FOUND":
      return { ok: false, code: "WRITEBACK_USER_NOT_FOUND" };
    case "AGENT_OFFLINE":
      return { ok: false, code: "WRITEBACK_AGENT_OFFLINE" };
    case "TIMEOUT":
    case "EXPIRED":
      return { ok: false, code: "WRITEBACK_TIMEOUT" };
    default:
      return { ok: false, code: "WRITEBACK_FAILED" };
  }
}

const retryable = (error: unknown) => {
  const e = error as { retryable?: boolean; overloaded?: boolean } | null;
  return e?.retryable === true && e.overloaded !== true;
};

/**
 * Writes a password (and/or an unlock) back to the tenant's on-premises directory through its
 * agent, and waits for the agent's signed result. The password is sealed here, to the key of the
 * agent that will receive it; nothing downstream can read it and nothing keeps it.
 *
 * @example
 * const result = await writeBack(env, tenantId, { user: { id, userName }, password, unlock: true });
 * if (!result.ok) return refuse(result.code, result.violations);
 */
export async function writeBack(env: Env, tenantId: string, request: WritebackRequest, timeoutMs = WRITEBACK_RESULT_TIMEOUT_MS): Promise<WritebackResult> {
  const stub = writebackOf(env, tenantId);
  const agent = await stub.pickAgent();
  if (!agent.ok) return toSesame({ ok: false, code: "AGENT_OFFLINE" });
  const commandId = newId("wbc");
  const input: ExecuteInput = {
    commandId,
    agentId: agent.agentId,
    user: request.user,
    password: request.password === null ? null : await sealPassword(agent.encryptionKey, agent.agentId, commandId, request.password),
    unlock: request.unlock,
    timeoutMs,
  };
  try {
    return toSesame(await stub.execute(input));
  } catch (error) {
    if (!retryable(error)) throw error;
    // The same command id: the object joins or answers the first try, and the agent remembers it.
    log("warn", "writeback call retried", { tenant: tenantId, commandId });
    return toSesame(await writebackOf(env, tenantId).execute(input));
  }
}
