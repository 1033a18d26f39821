import type { ErrorCode } from "#contract/errors";
import type { PasswordViolation } from "#contract/password/rules";
import type { Subject } from "../../directory/subjects";
import type { Env } from "../../env";
import { writeBack } from "../../writeback/client";
import type { AuditNote } from "./ports";

type Refusal = { ok: false; code: ErrorCode; violations?: PasswordViolation[] };

interface WritebackDeps {
  env: Env;
  tenantId: string;
  subjectById(userId: string): Promise<Subject | null>;
  audit(note: AuditNote): void;
}

/**
 * The flow's side of password writeback for hybrid tenants: what runs as `setPassword`'s
 * `beforeCommit` (after the password is judged and hashed, before anything is stored) and before
 * an unlock. Each attempt is audited with the on-premises activities; only a success lets the
 * flow go on, so a refusal leaves both sides as they were.
 */
export function writebackPort({ env, tenantId, subjectById, audit }: WritebackDeps) {
  const userOf = async (userId: string) => {
    const subject = await subjectById(userId);
    return subject ? { id: userId, userName: subject.user.userName } : null;
  };

  return {
    /** Sets the password on-premises and clears the lockout there too, as an on-premises reset does. */
    async password(userId: string, password: string): Promise<{ ok: true } | Refusal> {
      const user = await userOf(userId);
      if (!user) return { ok: false, code: "USER_NOT_FOUND" };
      const result = await writeBack(env, tenantId, { user, password, unlock: true });
      audit({
        activity: "User wrote back password to on-premises directory",
        userId,
        result: result.ok ? "success" : "failure",
        reason: result.ok ? null : result.code,
        step: "password_submitted",
      });
      if (!result.ok) return result;
      // The directory has the new password now, so the reset goes on even if its lockout stayed.
      if (!result.unlocked) audit({ activity: "User unlocked account in on-premises directory", userId, result: "failure", reason: "WRITEBACK_FAILED" });
      return { ok: true };
    },

    /** Clears the lockout on-premises, keeping the password. */
    async unlock(userId: string): Promise<{ ok: true } | { ok: false; code: ErrorCode }> {
      const user = await userOf(userId);
      if (!user) return { ok: false, code: "USER_NOT_FOUND" };
      const result = await writeBack(env, tenantId, { user, password: null, unlock: true });
      const done = result.ok && result.unlocked;
      const code: ErrorCode = result.ok ? "WRITEBACK_FAILED" : result.code;
      audit({ activity: "User unlocked account in on-premises directory", userId, result: done ? "success" : "failure", reason: done ? null : code });
      return done ? { ok: true } : { ok: false, code };
    },
  };
}
