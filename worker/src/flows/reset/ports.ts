import type { ExtensionPort } from "../shared/extension-port";
import type { PhoneProtectionPolicy } from "#contract/admin/phone-protection";
import type { PasswordPolicy, PasswordResetPolicy, ResetMethod } from "#contract/admin/policies";
import type { SecurityQuestionsPolicy } from "#contract/admin/sign-in-policies";
import type { Tenant } from "#contract/admin/tenant";
import type { AuditEventInput, AuditReason } from "#contract/audit";
import type { ErrorCode } from "#contract/errors";
import type { PasswordViolation } from "#contract/password/rules";
import type { Subject } from "../../directory/subjects";

/**
 * What the reset flow needs from the rest of Sesame, named by what it does for the flow. The flow
 * object builds the real adapters (worker/src/flows/reset/adapters.ts); the flow logic stays a
 * plain state machine over these.
 */
export interface ResetPorts {
  now(): number;
  /** A keyed hash (server secret) of `text`, for stable fake answers about unknown users. */
  seed(text: string): Promise<Uint8Array>;
  tenant: {
    load(): Promise<FlowContext>;
    subject(identifier: string): Promise<Subject | null>;
    subjectById(userId: string): Promise<Subject | null>;
  };
  captcha(token: string | undefined): Promise<boolean>;
  codes: {
    /**
     * Budgets, issues and delivers a code bound to this flow and destination, all after the
     * response: a matched destination must not answer slower than an unmatched one. A refusal
     * (a spent budget) is audited there, and the user sees the usual answer.
     */
    queueSend(input: { destination: string; channel: "sms" | "voice" | "email"; userId: string; method: ResetMethod }): void;
    verify(input: { code: string; destination: string }): Promise<VerifyOutcome>;
    totp(input: { secret: string; code: string; userId: string }): Promise<boolean>;
  };
  /** Exact per-account failure cap: 5 failed verifications in 24 h blocks SSPR for 24 h. */
  account: {
    blocked(userId: string): Promise<{ blocked: false } | { blocked: true; retryAfter: number }>;
    recordFailure(userId: string): Promise<void>;
  };
  questions: {
    draw(secret: string, count: number): { id: string; text: string }[];
    check(secret: string, answers: { id: string; answer: string }[]): Promise<boolean>;
  };
  password: {
    /**
     * Judges the password against the tenant's policy and the user's history, writes it back
     * (hybrid tenants), then stores it and revokes every session; all or nothing.
     */
    set(userId: string, password: string): Promise<{ ok: true } | { ok: false; code: ErrorCode; violations?: PasswordViolation[] }>;
  };
  /**
   * Clears the account's lockout: first on-premises (hybrid tenants, unless `onPremises: false`
   * because a password writeback already did), then in Sesame; a refusal there changes nothing.
   */
  unlock(userId: string, options?: { onPremises?: boolean }): Promise<{ ok: true } | { ok: false; code: ErrorCode }>;
  notifyChanged(subject: Subject, what: "reset" | "unlock"): void;
  /** The user's browser extension: approvals, and the block its "this wasn't me" sets. */
  extension: ExtensionPort;
  audit(event: AuditNote): void;
}

export type { ExtensionPort } from "../shared/extension-port";

export interface FlowContext {
  tenant: Tenant;
  policy: PasswordResetPolicy;
  passwordPolicy: PasswordPolicy;
  /** The tenant's own security questions, so drawn ones show their text. */
  questions?: SecurityQuestionsPolicy;
  phoneProtection: PhoneProtectionPolicy;
}

export type VerifyOutcome = { ok: true } | { ok: false; code: ErrorCode; attemptsLeft?: number };

/** The audit facts a flow step reports; the adapter adds user name, IP, country, request and flow ids. */
export type AuditNote = Pick<AuditEventInput, "activity" | "result" | "reason" | "methods" | "step" | "risk"> & { userId: string | null };
