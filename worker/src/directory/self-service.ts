import type { PhoneProtectionPolicy } from "#contract/admin/phone-protection";
import { z } from "zod";
import type { PasswordResetPolicy } from "#contract/admin/policies";
import type { SecurityQuestionsPolicy, SignInPolicy, SmsSignInPolicy, UserRequirements } from "#contract/admin/sign-in-policies";
import type { Tenant } from "#contract/admin/tenant";
import { fail, ok, type Result } from "../http/api-error";
import { clockNow } from "../lib/clock";
import { removalRefused } from "../flows/shared/requirements";
import { reconfirmAll, upsertOwnMethod } from "./own-methods";
import { readPolicy } from "./settings";
import { DirectorySignIn } from "./sign-in";
import { readSiteKey } from "./site-keys";
import { readCredential } from "./passwords";
import { numberUsedByOthers, smsSignInOwner } from "./sms-sign-in";
import { findSubject, subjectMethods, type Subject } from "./subjects";
import { findUser } from "./users";

/** Everything a sign-in or security-info step needs to know about the tenant, in one call. */
export interface SignInContext {
  tenant: Tenant;
  reset: PasswordResetPolicy;
  signIn: SignInPolicy;
  smsSignIn: SmsSignInPolicy;
  questions: SecurityQuestionsPolicy;
  phoneProtection: PhoneProtectionPolicy;
  siteKey: string | null;
}

export interface SignInSubject {
  subject: Subject;
  requirements: UserRequirements;
  /** The user's session epoch as read with the rest (by id only): what a token signed now carries. */
  sessionEpoch?: number;
}

const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/);
const RegisterPhone = z.strictObject({ phoneNumber: E164, phoneType: z.enum(["mobile", "alternateMobile", "office"]), smsSignIn: z.boolean() });
const RegisterSecret = z.strictObject({ type: z.enum(["authenticatorApp", "securityQuestions"]), secret: z.string().min(16).max(8192) });

/**
 * What the sign-in and security-info flows ask of the directory (destinations come back
 * unmasked: flow objects only put masked hints in a response). Registration checks that span
 * users, such as one SMS sign-in number per user, run here, where the tenant's writes are serialised.
 */
export abstract class DirectorySelfService extends DirectorySignIn {
  signInContext(): Result<SignInContext> {
    return this.withTenant((tenant) =>
      ok({
        tenant,
        reset: readPolicy(this.sql, "passwordReset"),
        signIn: readPolicy(this.sql, "signIn"),
        smsSignIn: readPolicy(this.sql, "smsSignIn"),
        questions: readPolicy(this.sql, "securityQuestions"),
        phoneProtection: readPolicy(this.sql, "phoneProtection"),
        siteKey: readSiteKey(this.sql)?.siteKey ?? null,
      }),
    );
  }

  /** The user an identifier names (user name, email, phone), with their MFA requirement; the same work either way. */
  signInSubject(identifier: string): Result<SignInSubject | null> {
    return this.withTenant((tenant) => {
      const subject = findSubject(this.sql, tenant, identifier);
      return ok(subject ? { subject, requirements: this.requirementsOf(subject.user.id) } : null);
    });
  }

  signInSubjectById(userId: string): Result<SignInSubject | null> {
    return this.withTenant(() => {
      const user = findUser(this.sql, userId);
      if (!user) return ok(null);
      // The epoch comes with the user, so finishing a sign-in needs no second round trip for it.
      return ok({ subject: { user, methods: subjectMethods(this.sql, userId) }, requirements: this.requirementsOf(userId), sessionEpoch: readCredential(this.sql, userId).sessionEpoch });
    });
  }

  /** The one user who signs in with this number by text, if any. */
  smsSignInSubject(e164: string): Result<Subject | null> {
    return this.withTenant(() => {
      const userId = E164.safeParse(e164).success ? smsSignInOwner(this.sql, e164) : null;
      const user = userId ? findUser(this.sql, userId) : null;
      return ok(user ? { user, methods: subjectMethods(this.sql, user.id) } : null);
    });
  }

  /**
   * Saves a phone the user has just proved they hold. Another user's SMS sign-in number is
   * refused; so is a number another user has, when this one would sign in with it.
   */
  registerPhone(userId: string, input: z.input<typeof RegisterPhone>): Result<{ id: string; replaced: string | null }> {
    const parsed = RegisterPhone.safeParse(input);
    if (!parsed.success) return fail("VALIDATION_FAILED");
    const { phoneNumber, phoneType, smsSignIn } = parsed.data;
    return this.withUser(userId, () => {
      const owner = smsSignInOwner(this.sql, phoneNumber);
      if (owner && owner !== userId) return fail("PHONE_NUMBER_IN_USE");
      const signIn = smsSignIn && phoneType === "mobile";
      if (signIn && numberUsedByOthers(this.sql, userId, phoneNumber)) return fail("PHONE_NUMBER_IN_USE");
      return ok(this.ctx.storage.transactionSync(() =>
        upsertOwnMethod(this.sql, userId, { type: "phone", slot: phoneType, phoneNumber, smsSignIn: signIn }, Date.now()),
      ));
    });
  }

  registerEmail(userId: string, address: string): Result<{ id: string; replaced: string | null }> {
    if (!z.email().max(254).safeParse(address).success) return fail("VALIDATION_FAILED");
    return this.withUser(userId, () =>
      ok(this.ctx.storage.transactionSync(() => upsertOwnMethod(this.sql, userId, { type: "email", slot: "email", email: address }, Date.now()))),
    );
  }

  /** Saves a TOTP secret (base32) or hashed security-question answers. */
  registerSecret(userId: string, input: z.input<typeof RegisterSecret>): Result<{ id: string; replaced: string | null }> {
    const parsed = RegisterSecret.safeParse(input);
    if (!parsed.success) return fail("VALIDATION_FAILED");
    const { type, secret } = parsed.data;
    return this.withUser(userId, () =>
      ok(this.ctx.storage.transactionSync(() => upsertOwnMethod(this.sql, userId, { type, slot: type, secret }, Date.now()))),
    );
  }

  /**
   * Saves a paired extension's public key (a P-256 JWK, as JSON) as the user's "browser extension"
   * method; pairing again replaces the key, so one device key per user is live.
   */
  registerExtension(userId: string, publicKeyJson: string): Result<{ id: string; replaced: string | null }> {
    if (publicKeyJson.length > 512) return fail("VALIDATION_FAILED");
    return this.withUser(userId, () =>
      ok(this.ctx.storage.transactionSync(() => upsertOwnMethod(this.sql, userId, { type: "extension", slot: "extension", secret: publicKeyJson }, Date.now()))),
    );
  }

  /** Records that a method was just used to verify the user (the "last used" the extension shows). */
  methodUsed(userId: string, methodId: string): Result<null> {
    return this.withUser(userId, () => {
      this.sql.exec("UPDATE methods SET last_used_at = ? WHERE id = ? AND user_id = ?", Date.now(), methodId, userId);
      return ok(null);
    });
  }

  /** Removes one of the user's methods, unless the policies still need it (checked here, atomically). */
  removeOwnMethod(userId: string, methodId: string): Result<{ type: string }> {
    return this.withUser(userId, () => {
      const user = findUser(this.sql, userId)!;
      const subject: Subject = { user, methods: subjectMethods(this.sql, userId) };
      const method = subject.methods.find((m) => m.id === methodId);
      if (!method) return fail("METHOD_NOT_FOUND");
      const policies = { reset: readPolicy(this.sql, "passwordReset"), signIn: readPolicy(this.sql, "signIn"), requirements: this.requirementsOf(userId) };
      if (removalRefused(subject, methodId, policies)) return fail("METHOD_REQUIRED");
      this.sql.exec("DELETE FROM methods WHERE id = ? AND user_id = ?", methodId, userId);
      return ok({ type: method.type });
    });
  }

  /** `now` is a fake time, accepted only in tests (lib/clock.ts). */
  reconfirmMethods(userId: string, fake: { now?: number } = {}): Result<null> {
    return this.withUser(userId, () => {
      reconfirmAll(this.sql, userId, clockNow(this.env, fake.now));
      return ok(null);
    });
  }
}
