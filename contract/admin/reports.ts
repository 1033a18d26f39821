import { z } from "zod";

/**
 * The admin reports, shaped after Entra's "User registration details" and "Registration and
 * reset events" (usage and insights) reports.
 */

/** Methods as the registration report names them: SSPR's methods, plus the alternate mobile. */
export const RegisteredMethods = [
  "mobilePhone",
  "alternateMobilePhone",
  "officePhone",
  "email",
  "authenticatorApp",
  "securityQuestions",
  "extension",
] as const;
export type RegisteredMethod = (typeof RegisteredMethods)[number];

const booleanText = z.enum(["true", "false"]).transform((value) => value === "true");

export const RegistrationReportQuery = z.strictObject({
  $top: z.coerce.number().int().min(1).max(100).default(25),
  $skiptoken: z.string().max(200).optional(),
  /** Only users who are (true) or are not (false) registered enough to reset. */
  isSsprRegistered: booleanText.optional(),
  /** `false` lists the users who have registered nothing at all. */
  hasMethods: booleanText.optional(),
});

export interface RegistrationDetails {
  userId: string;
  userName: string;
  displayName: string;
  isAdmin: boolean;
  accountEnabled: boolean;
  methodsRegistered: RegisteredMethod[];
  /** In the reset policy's scope. */
  isSsprEnabled: boolean;
  /** Has as many usable methods as the policy requires (admins: two, no security questions). */
  isSsprRegistered: boolean;
  /** Enabled, registered and not disabled: could reset right now. */
  isSsprCapable: boolean;
}

export interface RegistrationSummary {
  totalUsers: number;
  ssprEnabled: number;
  ssprRegistered: number;
  ssprCapable: number;
  withoutMethods: number;
  byMethod: Record<RegisteredMethod, number>;
}

export interface RegistrationReport {
  summary: RegistrationSummary;
  value: RegistrationDetails[];
  skipToken?: string;
}

export const UsageReportQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export interface UsageCount {
  success: number;
  failure: number;
}

/** Resets and unlocks by the methods used and by result, and why the failures failed. */
export interface UsageReport {
  from: string;
  to: string;
  resets: UsageCount & { byMethods: (UsageCount & { methods: string[] })[] };
  unlocks: UsageCount & { byMethods: (UsageCount & { methods: string[] })[] };
  /** Users refused before any method: out of scope, disabled, nothing registered… */
  blocked: number;
  registrations: number;
  failureReasons: { reason: string; count: number }[];
  /** Resets and unlocks per UTC day (days without any are left out). */
  perDay: { day: string; resets: UsageCount; unlocks: UsageCount }[];
  /** The reset funnel: flows that got an identifier, methods verified, resets completed. */
  funnel: { started: number; verified: number; completed: number };
}

export const SmsReportQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(40).default(30),
});

/** One destination country's codes: `ZZ` for numbers without one (international networks). */
export interface SmsReportRow {
  country: string;
  sent: number;
  verified: number;
  /** verified ÷ sent, or null when nothing was sent. */
  conversion: number | null;
  /** Refused by phone protection or the spend cap. */
  blocked: number;
  /** What the sends cost, at the tenant's prices (phone protection's spend settings). */
  cost: number;
  /** What the refused sends would have cost: money saved. */
  saved: number;
}

export interface SmsReport {
  /** The first UTC day counted (YYYY-MM-DD). */
  from: string;
  days: number;
  currency: "USD";
  sent: number;
  verified: number;
  conversion: number | null;
  blocked: number;
  cost: number;
  saved: number;
  countries: SmsReportRow[];
}

export const VitalsReportQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(30).default(7),
});

/** The widget's real-user performance (web vitals the widget reports): LOAD and INP in ms, CLS unitless. */
export interface VitalsReportSummary {
  from: string;
  days: number;
  metrics: {
    name: "LOAD" | "INP" | "CLS";
    count: number;
    /** The 75th percentile is at most this (a histogram bucket's upper bound); null with no data or above the last bound. */
    p75: number | null;
    /** Set when the 75th percentile lies above the last bound: it is more than this. */
    p75Above: number | null;
    good: number;
    needsImprovement: number;
    poor: number;
  }[];
}
