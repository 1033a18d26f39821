import type { Page } from "#contract/admin/common";
import type { AddEmailMethod, AddPhoneMethod, AuthenticationMethod, MethodType } from "#contract/admin/methods";
import {
  mergePatch,
  passwordPolicyViolation,
  passwordResetPolicyViolation,
  type PasswordPolicyPatch,
  type PasswordResetPolicyPatch,
} from "#contract/admin/policies";
import { PhoneProtectionPolicySchema, phoneProtectionViolation, type PhoneProtectionPatch } from "#contract/admin/phone-protection";
import type { ProviderSettingsPatch } from "#contract/admin/providers";
import type { CreateTenant, PublicTenantConfig, Tenant, UpdateTenant } from "#contract/admin/tenant";
import type { CreateGroup, CreateUser, Group, UpdateGroup, UpdateUser, User } from "#contract/admin/user";
import { fail, ok, type Result } from "../http/api-error";
import { insertApiKey, keyIdForHash, listApiKeyRows, revokeApiKeyRow, type ApiKeyInfo } from "./api-keys";
import { deleteGroupRow, findGroup, groupNamedByPolicy, insertGroup, listGroupRows, missingGroup, updateGroupRow } from "./groups";
import { deleteMethodRow, insertEmailMethod, insertPhoneMethod, listMethodRows, slotTaken } from "./methods";
import { deleteCredentialRows, writePassword, type PasswordWrite } from "./passwords";
import { PasswordWriteSchema } from "./security-info";
import { DirectorySelfService } from "./self-service";
import { smsSignInOwner } from "./sms-sign-in";
import { readPolicy, writePolicy, type PolicyKind, type PolicyOf } from "./settings";
import { findSubject, subjectMethods, type Subject } from "./subjects";
import { readTenant, tenantPhone, writeTenant } from "./tenant-record";
import { decodeSkipToken, deleteUserRow, findUser, insertUser, listUserRows, publicUser, updateUserRow, userNameTaken } from "./users";
import type { UserFilterClause } from "./user-filter";

export interface UserListRequest {
  top: number;
  skipToken?: string;
  filter: UserFilterClause[];
  search?: string;
}

/**
 * One tenant's directory: its settings, users, groups, registered methods, policies and admin
 * API keys. Every write for a tenant's directory is serialised here, which is what keeps user
 * names unique and policies consistent with the groups they name. Hot paths read policy through
 * the isolate cache rather than calling this object on every request.
 */
export class TenantDirectory extends DirectorySelfService {
  // Tenant

  createTenant(input: CreateTenant): Result<Tenant> {
    if (readTenant(this.sql)) return fail("TENANT_EXISTS");
    return ok(writeTenant(this.sql, input, Date.now()));
  }

  getTenant(): Result<Tenant> {
    const tenant = readTenant(this.sql);
    return tenant ? ok(tenant) : fail("TENANT_NOT_FOUND");
  }

  getPublicConfig(): Result<PublicTenantConfig & { allowedOrigins: string[] }> {
    const tenant = readTenant(this.sql);
    if (!tenant) return fail("TENANT_NOT_FOUND");
    const { id, displayName, branding, helpdesk, allowedOrigins } = tenant;
    return ok({ id, displayName, branding, helpdesk, allowedOrigins });
  }

  updateTenant(patch: UpdateTenant): Result<Tenant> {
    const tenant = readTenant(this.sql);
    if (!tenant) return fail("TENANT_NOT_FOUND");
    return ok(writeTenant(this.sql, { ...tenant, ...patch }, Date.now()));
  }

  // Admin API keys

  async createApiKey(name: string): Promise<Result<{ info: ApiKeyInfo; key: string }>> {
    const tenant = readTenant(this.sql);
    if (!tenant) return fail("TENANT_NOT_FOUND");
    return ok(await insertApiKey(this.sql, tenant.id, name, Date.now()));
  }

  listApiKeys(): Result<ApiKeyInfo[]> {
    return this.withTenant(() => ok(listApiKeyRows(this.sql)));
  }

  revokeApiKey(id: string): Result<null> {
    return this.withTenant(() => (revokeApiKeyRow(this.sql, id, Date.now()) ? ok(null) : fail("API_KEY_NOT_FOUND")));
  }

  /** Answers which live key has this SHA-256 hash; the caller hashes so the key never arrives here. */
  verifyApiKey(hash: string): Result<{ keyId: string }> {
    return this.withTenant(() => {
      const keyId = keyIdForHash(this.sql, hash, Date.now());
      return keyId ? ok({ keyId }) : fail("UNAUTHENTICATED");
    });
  }

  // Users

  listUsers(request: UserListRequest): Result<Page<User>> {
    return this.withTenant(() => {
      const after = request.skipToken === undefined ? undefined : decodeSkipToken(request.skipToken);
      if (after === null) return fail("VALIDATION_FAILED");
      const page = listUserRows(this.sql, { top: request.top, after, filter: request.filter, search: request.search });
      return ok({ ...page, value: page.value.map(publicUser) });
    });
  }

  getUser(id: string): Result<User> {
    return this.withTenant(() => {
      const user = findUser(this.sql, id);
      return user ? ok(publicUser(user)) : fail("USER_NOT_FOUND");
    });
  }

  /**
   * Creates a user, with an initial password when the edge has judged and hashed one: user and
   * password are stored together or not at all. The plaintext `passwordProfile` never comes here.
   */
  createUser(input: Omit<CreateUser, "passwordProfile">, password: PasswordWrite | null = null): Result<User> {
    if (password !== null && !PasswordWriteSchema.safeParse(password).success) return fail("VALIDATION_FAILED");
    return this.withTenant((tenant) => {
      if (userNameTaken(this.sql, input.userName)) return fail("USER_NAME_TAKEN");
      if (missingGroup(this.sql, input.groups)) return fail("GROUP_NOT_FOUND");
      const phone = tenantPhone(tenant, input.mobilePhone);
      if (phone === undefined) return fail("PHONE_NUMBER_INVALID");
      const now = Date.now();
      return this.ctx.storage.transactionSync(() => {
        const user = insertUser(this.sql, { ...input, mobilePhone: phone }, now);
        if (password) writePassword(this.sql, user.id, password, readPolicy(this.sql, "password").historyCount, now);
        return ok(publicUser(user));
      });
    });
  }

  updateUser(id: string, patch: UpdateUser): Result<User> {
    return this.withTenant((tenant) => {
      const user = findUser(this.sql, id);
      if (!user) return fail("USER_NOT_FOUND");
      if (patch.userName && userNameTaken(this.sql, patch.userName, id)) return fail("USER_NAME_TAKEN");
      if (patch.groups && missingGroup(this.sql, patch.groups)) return fail("GROUP_NOT_FOUND");
      let mobilePhone = user.mobilePhone;
      if (patch.mobilePhone !== undefined) {
        const phone = tenantPhone(tenant, patch.mobilePhone);
        if (phone === undefined) return fail("PHONE_NUMBER_INVALID");
        mobilePhone = phone;
      }
      return ok(publicUser(updateUserRow(this.sql, user, { ...patch, mobilePhone }, Date.now())));
    });
  }

  deleteUser(id: string): Result<null> {
    return this.withTenant(() =>
      this.ctx.storage.transactionSync(() => {
        deleteCredentialRows(this.sql, id);
        this.sql.exec("DELETE FROM user_requirements WHERE user_id = ?", id);
        return deleteUserRow(this.sql, id) ? ok(null) : fail("USER_NOT_FOUND");
      }),
    );
  }

  // Groups

  listGroups(): Result<Group[]> {
    return this.withTenant(() => ok(listGroupRows(this.sql)));
  }

  getGroup(id: string): Result<Group> {
    return this.withTenant(() => {
      const group = findGroup(this.sql, id);
      return group ? ok(group) : fail("GROUP_NOT_FOUND");
    });
  }

  createGroup(input: CreateGroup): Result<Group> {
    return this.withTenant(() => ok(insertGroup(this.sql, input, Date.now())));
  }

  updateGroup(id: string, patch: UpdateGroup): Result<Group> {
    return this.withTenant(() => {
      const group = findGroup(this.sql, id);
      return group ? ok(updateGroupRow(this.sql, group, patch)) : fail("GROUP_NOT_FOUND");
    });
  }

  deleteGroup(id: string): Result<null> {
    return this.withTenant(() => {
      if (!findGroup(this.sql, id)) return fail("GROUP_NOT_FOUND");
      if (groupNamedByPolicy(this.sql, id)) return fail("GROUP_IN_USE");
      this.ctx.storage.transactionSync(() => deleteGroupRow(this.sql, id));
      return ok(null);
    });
  }

  listGroupMembers(id: string, request: UserListRequest): Result<Page<User>> {
    return this.withTenant(() =>
      findGroup(this.sql, id)
        ? this.listUsers({ ...request, filter: [...request.filter, { field: "group", op: "eq", value: id }] })
        : fail("GROUP_NOT_FOUND"),
    );
  }

  // Authentication methods

  listMethods(userId: string): Result<AuthenticationMethod[]> {
    return this.withUser(userId, () => ok(listMethodRows(this.sql, userId)));
  }

  addPhoneMethod(userId: string, input: AddPhoneMethod): Result<AuthenticationMethod> {
    return this.withUser(userId, (tenant) => {
      const e164 = tenantPhone(tenant, input.phoneNumber);
      if (!e164) return fail("PHONE_NUMBER_INVALID");
      if (slotTaken(this.sql, userId, input.phoneType)) return fail("METHOD_ALREADY_REGISTERED");
      const owner = smsSignInOwner(this.sql, e164);
      if (owner && owner !== userId) return fail("PHONE_NUMBER_IN_USE");
      return ok(insertPhoneMethod(this.sql, userId, e164, input.phoneType, Date.now()));
    });
  }

  addEmailMethod(userId: string, input: AddEmailMethod): Result<AuthenticationMethod> {
    return this.withUser(userId, () => {
      if (slotTaken(this.sql, userId, "email")) return fail("METHOD_ALREADY_REGISTERED");
      return ok(insertEmailMethod(this.sql, userId, input.emailAddress, Date.now()));
    });
  }

  deleteMethod(userId: string, methodId: string, type: MethodType): Result<null> {
    return this.withUser(userId, () =>
      deleteMethodRow(this.sql, userId, methodId, type) ? ok(null) : fail("METHOD_NOT_FOUND"),
    );
  }

  // Self-service flows (called by flow objects; destinations come back unmasked)

  /** Everything a flow step needs to know about the tenant, in one call. */
  flowContext(): Result<{
    tenant: Tenant;
    policy: PolicyOf["passwordReset"];
    passwordPolicy: PolicyOf["password"];
    questions: PolicyOf["securityQuestions"];
    phoneProtection: PolicyOf["phoneProtection"];
  }> {
    return this.withTenant((tenant) =>
      ok({
        tenant,
        policy: readPolicy(this.sql, "passwordReset"),
        passwordPolicy: readPolicy(this.sql, "password"),
        questions: readPolicy(this.sql, "securityQuestions"),
        phoneProtection: readPolicy(this.sql, "phoneProtection"),
      }),
    );
  }

  /** The one user an identifier names, or null; the same work either way. */
  findSubject(identifier: string): Result<Subject | null> {
    return this.withTenant((tenant) => ok(findSubject(this.sql, tenant, identifier)));
  }

  subjectById(userId: string): Result<Subject | null> {
    return this.withTenant(() => {
      const user = findUser(this.sql, userId);
      return ok(user ? { user, methods: subjectMethods(this.sql, userId) } : null);
    });
  }

  /** Clears the account's lockout (SSPR unlock). */
  unlockUser(userId: string): Result<null> {
    return this.withUser(userId, () => {
      this.sql.exec("UPDATE users SET locked = 0, updated_at = ? WHERE id = ?", Date.now(), userId);
      return ok(null);
    });
  }

  // Policies

  getPolicy<K extends PolicyKind>(kind: K): Result<PolicyOf[K]> {
    return this.withTenant(() => ok(readPolicy(this.sql, kind)));
  }

  /** Merges the patch over the stored policy, checks the whole result, and stores it or nothing. */
  updatePasswordResetPolicy(patch: PasswordResetPolicyPatch): Result<PolicyOf["passwordReset"]> {
    return this.withTenant(() => {
      const next = mergePatch(readPolicy(this.sql, "passwordReset"), patch);
      const violation = passwordResetPolicyViolation(next);
      if (violation) return fail(violation);
      const groupId = next.properties.groupId;
      if (next.properties.scope === "selected" && groupId && !findGroup(this.sql, groupId)) return fail("GROUP_NOT_FOUND");
      writePolicy(this.sql, "passwordReset", next, Date.now());
      return ok(next);
    });
  }

  updatePasswordPolicy(patch: PasswordPolicyPatch): Result<PolicyOf["password"]> {
    return this.withTenant(() => {
      const next = mergePatch(readPolicy(this.sql, "password"), patch);
      const violation = passwordPolicyViolation(next);
      if (violation) return fail(violation);
      writePolicy(this.sql, "password", next, Date.now());
      return ok(next);
    });
  }

  getPhoneProtection(): Result<PolicyOf["phoneProtection"]> {
    return this.withTenant(() => ok(readPolicy(this.sql, "phoneProtection")));
  }

  /** Merges the patch over the stored phone protection, checks the whole, and stores it or nothing. */
  updatePhoneProtection(patch: PhoneProtectionPatch): Result<PolicyOf["phoneProtection"]> {
    return this.withTenant(() => {
      const next = mergePatch(readPolicy(this.sql, "phoneProtection"), patch);
      const parsed = PhoneProtectionPolicySchema.safeParse(next);
      if (!parsed.success) return fail("VALIDATION_FAILED");
      const violation = phoneProtectionViolation(parsed.data);
      if (violation) return fail(violation);
      writePolicy(this.sql, "phoneProtection", parsed.data, Date.now());
      return ok(parsed.data);
    });
  }

  getProviders(): Result<PolicyOf["providers"]> {
    return this.withTenant(() => ok(readPolicy(this.sql, "providers")));
  }

  /** Replaces the provider lists of the channels the patch names. */
  updateProviders(patch: ProviderSettingsPatch): Result<PolicyOf["providers"]> {
    return this.withTenant(() => {
      const next = mergePatch(readPolicy(this.sql, "providers"), patch);
      writePolicy(this.sql, "providers", next, Date.now());
      return ok(next);
    });
  }
}
