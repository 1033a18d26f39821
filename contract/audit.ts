import { z } from "zod";
import { ResourceId } from "./admin/common";
import { RiskSummarySchema } from "./admin/phone-protection";
import { ResetMethodSchema } from "./admin/policies";
import { UserNameSchema } from "./admin/user";
import { BROWSERS, OPERATING_SYSTEMS } from "./device";
import { errorRegistry, type ErrorCode } from "./errors";

// The vocabulary lives in a file without zod, so the admin console can use it without zod's weight.
export { AuditActivities, auditService, type AuditActivity, type AuditService } from "./audit-activities";
import type { AuditActivity, AuditService } from "./audit-activities";
import { AuditActivities } from "./audit-activities";

/** Methods an event can name: the reset methods, plus the password itself. */
export const AuditMethodSchema = z.enum([...ResetMethodSchema.options, "password"]);
export type AuditMethod = z.infer<typeof AuditMethodSchema>;

/** Steps of a flow, for "flow activity progress" events. Extend as flows gain steps. */
export const AuditStepSchema = z.enum([
  "started",
  "identified",
  "captcha_passed",
  "method_chosen",
  "code_sent",
  "method_verified",
  "password_submitted",
  "completed",
  "abandoned",
  "second_factor_required",
  "registration_required",
  "reconfirmation_required",
  "token_issued",
]);

/**
 * Reasons beyond the error registry, for outcomes that are not errors (a user out of the
 * policy's scope is refused, but no request was wrong).
 */
export const AuditReasons = [
  "USER_NOT_IN_SCOPE",
  "USER_DISABLED",
  "NOT_ENOUGH_METHODS",
  "ADMIN_RULES",
  "CAPTCHA_FAILED",
  "FLOW_EXPIRED",
  "TOO_MANY_ATTEMPTS",
  "WRITEBACK_FAILED",
  "UNKNOWN_USER",
  "WRONG_PASSWORD",
  "ACCOUNT_LOCKED",
  "SMART_LOCKOUT",
  "SMS_SIGNIN_NOT_ALLOWED",
  "MFA_NOT_REGISTERED",
  // Phone protection refused a send (the risk field says why) or the tenant's spend cap did.
  "RISK_BLOCKED",
  "RISK_CHALLENGE_UNMET",
  "SPEND_CAP_REACHED",
  "USER_REPORTED_FRAUD",
  // The number typed in the extension was not the one the page showed (shown as APPROVAL_DENIED).
  "APPROVAL_NUMBER_MISMATCH",
] as const;
export type AuditReason = ErrorCode | (typeof AuditReasons)[number];
const reasons: [AuditReason, ...AuditReason[]] = [...AuditReasons, ...(Object.keys(errorRegistry) as ErrorCode[])];
export const AuditReasonSchema = z.enum(reasons);

const IpSchema = z.union([z.ipv4(), z.ipv6()]);

/** "Chrome on Windows": classified from the request's User-Agent (contract/device.ts). */
export const DeviceSchema = z.strictObject({ browser: z.enum(BROWSERS), os: z.enum(OPERATING_SYSTEMS) });

/**
 * One event as a caller writes it. Every field is a closed vocabulary or a tightly shaped value:
 * there is no free-text field, and the object is strict, so a password, code or answer has
 * nowhere to go (`{ …, password }` fails to type-check and to parse). `userName` must be the
 * directory's user name, never what someone typed: people type passwords into user name boxes.
 */
export const AuditEventSchema = z.strictObject({
  activity: z.enum(AuditActivities),
  result: z.enum(["success", "failure"]),
  reason: AuditReasonSchema.nullable().default(null),
  /** Who it happened to; null when the identifier matched no user. */
  userId: ResourceId.nullable().default(null),
  userName: UserNameSchema.nullable().default(null),
  methods: z.array(AuditMethodSchema).max(3).default([]),
  step: AuditStepSchema.nullable().default(null),
  /** Who did it: the user themself, an admin (through an API key) or Sesame. */
  actor: z.enum(["user", "admin", "system"]).default("user"),
  /** The admin API key's id when `actor` is admin. */
  actorId: ResourceId.nullable().default(null),
  ip: IpSchema.nullable().default(null),
  country: z.string().regex(/^[A-Z]{2}$/).nullable().default(null),
  device: DeviceSchema.nullable().default(null),
  requestId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/).nullable().default(null),
  /** A flow id: `<tenant>.<24 characters>` (contract/flows/envelope.ts). */
  flowId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]\.[A-Za-z0-9_-]{24}$/).nullable().default(null),
  /** For a send phone protection judged: its score, decision and reasons (closed values only). */
  risk: RiskSummarySchema.nullable().default(null),
  /** When it happened, if not now (an event written late); within the last day. */
  time: z.iso.datetime().optional(),
});
export type AuditEventInput = z.input<typeof AuditEventSchema>;
export type AuditEvent = z.output<typeof AuditEventSchema>;

/** An entry as the admin API returns it. */
export interface AuditEntry extends Omit<AuditEvent, "time"> {
  id: string;
  time: string;
  service: AuditService;
}

export const AuditQuerySchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  activity: z.enum(AuditActivities).optional(),
  userId: ResourceId.optional(),
  result: z.enum(["success", "failure"]).optional(),
  ip: IpSchema.optional(),
  $top: z.coerce.number().int().min(1).max(1000).optional(),
  $skiptoken: z.string().max(200).optional(),
  format: z.enum(["json", "csv"]).optional(),
});
export type AuditQuery = z.output<typeof AuditQuerySchema>;
