import { mergePatch } from "#contract/admin/policies";
import {
  scopedPolicyViolation,
  SecurityQuestionsPolicySchema,
  SignInPolicySchema,
  SmsSignInPolicySchema,
  UserRequirementsSchema,
  type SecurityQuestionsPolicy,
  type SignInPolicy,
  type SignInPolicyPatch,
  type SmsSignInPolicy,
  type UserRequirements,
} from "#contract/admin/sign-in-policies";
import type { SiteKeyCreated, SiteKeyInfo } from "#contract/tokens";
import { fail, ok, type Result } from "../http/api-error";
import { findGroup } from "./groups";
import { DirectorySecurityInfo } from "./security-info";
import { readPolicy, writePolicy } from "./settings";
import { createOrRotateSiteKey, readSiteKey, siteKeyForSecretHash } from "./site-keys";
import { setSmsSignIn } from "./sms-sign-in";

/**
 * The directory's sign-in settings: the SMS sign-in, sign-in and security-question policies, the
 * tenant's site key, which numbers sign in by text, and per-user MFA. Admin routes call these;
 * every input is parsed again here, since the edge is a caller like any other.
 */
export abstract class DirectorySignIn extends DirectorySecurityInfo {
  updateSmsSignInPolicy(patch: Partial<SmsSignInPolicy>): Result<SmsSignInPolicy> {
    return this.withTenant(() => {
      const parsed = SmsSignInPolicySchema.safeParse(mergePatch(readPolicy(this.sql, "smsSignIn"), patch));
      if (!parsed.success) return fail("VALIDATION_FAILED");
      const refused = this.scopeRefusal(parsed.data);
      if (refused) return fail(refused);
      writePolicy(this.sql, "smsSignIn", parsed.data, Date.now());
      return ok(parsed.data);
    });
  }

  updateSignInPolicy(patch: SignInPolicyPatch): Result<SignInPolicy> {
    return this.withTenant(() => {
      const parsed = SignInPolicySchema.safeParse(mergePatch(readPolicy(this.sql, "signIn"), patch));
      if (!parsed.success) return fail("VALIDATION_FAILED");
      const refused = parsed.data.mfa.scope === "none" ? null : this.scopeRefusal(parsed.data.mfa);
      if (refused) return fail(refused);
      writePolicy(this.sql, "signIn", parsed.data, Date.now());
      return ok(parsed.data);
    });
  }

  /** Replaces the tenant's own questions. Answers already given to a removed question stay, unused. */
  updateSecurityQuestionsPolicy(policy: SecurityQuestionsPolicy): Result<SecurityQuestionsPolicy> {
    return this.withTenant(() => {
      const parsed = SecurityQuestionsPolicySchema.safeParse(policy);
      if (!parsed.success) return fail("VALIDATION_FAILED");
      writePolicy(this.sql, "securityQuestions", parsed.data, Date.now());
      return ok(parsed.data);
    });
  }

  getSiteKey(): Result<SiteKeyInfo> {
    return this.withTenant(() => {
      const site = readSiteKey(this.sql);
      return site ? ok(site) : fail("SITE_KEY_NOT_FOUND");
    });
  }

  /** Makes the site key, or rotates its secret; the answer holds the secret, this once. */
  async createSiteKey(): Promise<Result<SiteKeyCreated>> {
    const tenant = this.withTenant((t) => ok(t));
    if (!tenant.ok) return tenant;
    return ok(await createOrRotateSiteKey(this.sql, tenant.value.id, Date.now()));
  }

  /** Which site key a secret (by its SHA-256) belongs to. */
  verifySiteSecret(hash: string): Result<{ siteKey: string }> {
    return this.withTenant(() => {
      const siteKey = siteKeyForSecretHash(this.sql, hash);
      return siteKey ? ok({ siteKey }) : fail("UNAUTHENTICATED");
    });
  }

  /** Graph's enableSmsSignIn / disableSmsSignIn on a phone method. */
  setSmsSignIn(userId: string, methodId: string, on: boolean): Result<null> {
    return this.withUser(userId, () => {
      const outcome = setSmsSignIn(this.sql, userId, methodId, on);
      return outcome === "ok" ? ok(null) : fail(outcome);
    });
  }

  userRequirements(userId: string): Result<UserRequirements> {
    return this.withUser(userId, () => ok(this.requirementsOf(userId)));
  }

  updateUserRequirements(userId: string, input: UserRequirements): Result<UserRequirements> {
    const parsed = UserRequirementsSchema.safeParse(input);
    if (!parsed.success) return fail("VALIDATION_FAILED");
    return this.withUser(userId, () => {
      this.sql.exec(
        `INSERT INTO user_requirements (user_id, per_user_mfa) VALUES (?, ?)
         ON CONFLICT(user_id) DO UPDATE SET per_user_mfa = excluded.per_user_mfa`,
        userId,
        parsed.data.perUserMfaState,
      );
      return ok(parsed.data);
    });
  }

  protected requirementsOf(userId: string): UserRequirements {
    const row = this.sql.exec<{ per_user_mfa: string }>("SELECT per_user_mfa FROM user_requirements WHERE user_id = ?", userId).toArray()[0];
    return { perUserMfaState: row?.per_user_mfa === "enforced" ? "enforced" : "disabled" };
  }

  /** A scoped policy names a group that exists. */
  private scopeRefusal(policy: { scope: string; groupId: string | null }) {
    const violation = scopedPolicyViolation(policy);
    if (violation) return violation;
    return policy.scope === "selected" && policy.groupId && !findGroup(this.sql, policy.groupId) ? "GROUP_NOT_FOUND" : null;
  }
}
