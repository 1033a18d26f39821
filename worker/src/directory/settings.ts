import {
  defaultPasswordPolicy,
  defaultPasswordResetPolicy,
  PasswordPolicySchema,
  PasswordResetPolicySchema,
  type PasswordPolicy,
  type PasswordResetPolicy,
} from "#contract/admin/policies";
import { defaultPhoneProtectionPolicy, PhoneProtectionPolicySchema, type PhoneProtectionPolicy } from "#contract/admin/phone-protection";
import { defaultProviderSettings, ProviderSettingsSchema, type ProviderSettings } from "#contract/admin/providers";
import {
  defaultSecurityQuestionsPolicy,
  defaultSignInPolicy,
  defaultSmsSignInPolicy,
  SecurityQuestionsPolicySchema,
  SignInPolicySchema,
  SmsSignInPolicySchema,
  type SecurityQuestionsPolicy,
  type SignInPolicy,
  type SmsSignInPolicy,
} from "#contract/admin/sign-in-policies";
import { forgetTenantContexts } from "./context-cache";

/** The policies a tenant has, each with its schema and default. */
const policies = {
  passwordReset: { schema: PasswordResetPolicySchema, fallback: defaultPasswordResetPolicy },
  password: { schema: PasswordPolicySchema, fallback: defaultPasswordPolicy },
  /** Not a policy but stored like one: the tenant's delivery providers in order, per channel. */
  providers: { schema: ProviderSettingsSchema, fallback: defaultProviderSettings },
  smsSignIn: { schema: SmsSignInPolicySchema, fallback: defaultSmsSignInPolicy },
  signIn: { schema: SignInPolicySchema, fallback: defaultSignInPolicy },
  securityQuestions: { schema: SecurityQuestionsPolicySchema, fallback: defaultSecurityQuestionsPolicy },
  /** SMS fraud defence and the flows' CAPTCHA (worker/src/risk). */
  phoneProtection: { schema: PhoneProtectionPolicySchema, fallback: defaultPhoneProtectionPolicy },
} as const;

export type PolicyKind = keyof typeof policies;
export interface PolicyOf {
  passwordReset: PasswordResetPolicy;
  password: PasswordPolicy;
  providers: ProviderSettings;
  smsSignIn: SmsSignInPolicy;
  signIn: SignInPolicy;
  securityQuestions: SecurityQuestionsPolicy;
  phoneProtection: PhoneProtectionPolicy;
}

/**
 * Policies as parsed, per directory object (its SqlStorage) and kind. Every flow step reads
 * several, and parsing a stored policy with its full schema costs more than the query; the
 * directory is the only writer of its settings (writePolicy forgets the entry), so the memo is
 * never stale. Callers get a copy: a caller that edits what it read cannot change the memo.
 */
const parsedPolicies = new WeakMap<SqlStorage, Map<PolicyKind, unknown>>();

/**
 * Reads a policy. Stored values are parsed again so a policy written before a field was added
 * comes back whole: missing fields take their defaults instead of breaking a flow.
 */
export function readPolicy<K extends PolicyKind>(sql: SqlStorage, kind: K): PolicyOf[K] {
  let memo = parsedPolicies.get(sql);
  if (!memo) parsedPolicies.set(sql, (memo = new Map()));
  if (!memo.has(kind)) memo.set(kind, parsePolicy(sql, kind));
  return structuredClone(memo.get(kind)) as PolicyOf[K];
}

function parsePolicy<K extends PolicyKind>(sql: SqlStorage, kind: K): PolicyOf[K] {
  const { schema, fallback } = policies[kind];
  const row = sql.exec<{ value: string }>("SELECT value FROM settings WHERE key = ?", `policy.${kind}`).toArray()[0];
  if (!row) return structuredClone(fallback) as PolicyOf[K];
  const parsed = schema.safeParse({ ...fallback, ...(JSON.parse(row.value) as object) });
  return (parsed.success ? parsed.data : structuredClone(fallback)) as PolicyOf[K];
}

export function writePolicy<K extends PolicyKind>(sql: SqlStorage, kind: K, value: PolicyOf[K], now: number): void {
  sql.exec(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    `policy.${kind}`,
    JSON.stringify(value),
    now,
  );
  parsedPolicies.get(sql)?.delete(kind);
  forgetTenantContexts();
}
