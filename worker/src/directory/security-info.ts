import { z } from "zod";
import type { PasswordPolicy } from "#contract/admin/policies";
import { fail, ok, type Result } from "../http/api-error";
import { PHC_ARGON2ID } from "../password/phc";
import { DirectoryObject } from "./directory-object";
import { bumpSessionEpoch, readCredential, readHistory, upgradeHash, writePassword, type PasswordChange } from "./passwords";
import type { RegistrationReport } from "#contract/admin/reports";
import { registrationPage, registrationSummary, type RegistrationRequest } from "./registration-report";
import { readPolicy } from "./settings";
import { findUser } from "./users";

const PhcHash = z.string().regex(PHC_ARGON2ID);

export const PasswordWriteSchema = z.strictObject({
  hash: PhcHash,
  historyEntry: PhcHash.nullable(),
  forceChange: z.boolean(),
});
const CommitSchema = PasswordWriteSchema.extend({ expectedVersion: z.number().int().min(0) });
export type PasswordCommit = z.input<typeof CommitSchema>;

/** What the edge needs to judge a new password for a user (or, with no user, for a new one). */
export interface PasswordContext {
  policy: PasswordPolicy;
  /** The tenant's display name and id: both count as banned terms. */
  tenantName: string[];
  userName: string | null;
  displayName: string | null;
  /** The latest history hashes, newest first, as many as the policy checks. */
  history: string[];
  version: number;
}

/**
 * The directory's security information: password credentials and history, the session epoch
 * that "revoke all sessions" bumps, and the registration report over registered methods. Argon2
 * runs at the edge, never here: this object serialises every write of the tenant, so spending
 * 50 ms of CPU per hash inside it would cap a tenant at some twenty password operations a second.
 */
export abstract class DirectorySecurityInfo extends DirectoryObject {
  passwordContext(userId: string | null): Result<PasswordContext> {
    return this.withTenant((tenant): Result<PasswordContext> => {
      const policy = readPolicy(this.sql, "password");
      const tenantName = [tenant.displayName, tenant.id];
      if (userId === null) return ok({ policy, tenantName, userName: null, displayName: null, history: [], version: 0 });
      const user = findUser(this.sql, userId);
      if (!user) return fail("USER_NOT_FOUND");
      const { version } = readCredential(this.sql, userId);
      const history = readHistory(this.sql, userId, policy.historyCount);
      return ok({ policy, tenantName, userName: user.userName, displayName: user.displayName, history, version });
    });
  }

  /**
   * Stores a password the edge has judged and hashed, if nothing changed since it read
   * `passwordContext`; otherwise answers CONFLICT and the edge judges again. Hash, history and
   * session epoch change together or not at all.
   */
  commitPassword(userId: string, input: PasswordCommit): Result<PasswordChange> {
    const parsed = CommitSchema.safeParse(input);
    if (!parsed.success) return fail("VALIDATION_FAILED");
    const { expectedVersion, ...write } = parsed.data;
    return this.withUser(userId, () =>
      this.ctx.storage.transactionSync(() => {
        if (readCredential(this.sql, userId).version !== expectedVersion) return fail("CONFLICT");
        const keep = readPolicy(this.sql, "password").historyCount;
        return ok(writePassword(this.sql, userId, write, keep, Date.now()));
      }),
    );
  }

  /** The stored hash, for verification at the edge; null when the user has no password. */
  passwordCredential(userId: string): Result<{ hash: string | null; forceChangePasswordNextSignIn: boolean }> {
    return this.withUser(userId, () => {
      const state = readCredential(this.sql, userId);
      return ok({ hash: state.passwordHash, forceChangePasswordNextSignIn: state.forceChangePasswordNextSignIn });
    });
  }

  /** Replaces a hash by a stronger one of the same password; false if it changed meanwhile. */
  upgradePasswordHash(userId: string, previous: string, next: string): Result<boolean> {
    if (!PhcHash.safeParse(next).success) return fail("VALIDATION_FAILED");
    return this.withUser(userId, () => ok(upgradeHash(this.sql, userId, previous, next)));
  }

  /** Ends every session and refresh token of the user. */
  revokeSessions(userId: string): Result<{ sessionEpoch: number }> {
    return this.withUser(userId, () => ok({ sessionEpoch: bumpSessionEpoch(this.sql, userId) }));
  }

  sessionEpoch(userId: string): Result<{ sessionEpoch: number }> {
    return this.withUser(userId, () => ok({ sessionEpoch: readCredential(this.sql, userId).sessionEpoch }));
  }

  /** Who has registered which methods, who is able to reset, and who has nothing. */
  registrationReport(request: RegistrationRequest): Result<RegistrationReport> {
    return this.withTenant(() => {
      const policy = readPolicy(this.sql, "passwordReset");
      const page = registrationPage(this.sql, policy, request);
      if (!page) return fail("VALIDATION_FAILED");
      return ok({ summary: registrationSummary(this.sql, policy), ...page });
    });
  }
}
