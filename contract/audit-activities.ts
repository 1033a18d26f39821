/**
 * The audit log's vocabulary. Activity names are Entra's own where Entra has one, so an admin
 * who knows Entra's audit logs (and their SIEM queries) finds the same names here.
 */
const selfServicePasswordManagement = [
  "Self-service password reset flow activity progress",
  "Reset password (self-service)",
  "Unlock user account (self-service)",
  "Change password (self-service)",
  "User registered for self-service password reset",
  "Blocked from self-service password reset",
  "Reset password (by admin)",
  // Hybrid tenants: what the on-premises agent did (or failed to do) for a flow. A failure
  // carries the reason (WRITEBACK_TIMEOUT, PASSWORD_DIRECTORY_POLICY, …).
  "User wrote back password to on-premises directory",
  "User unlocked account in on-premises directory",
  // The companion extension's "this wasn't me": sessions revoked, self-service reset blocked.
  "User reported suspicious activity",
  "Self-service password reset block cleared",
] as const;
const authenticationMethods = [
  "User started security info registration",
  "User completed security info registration",
  "User registered security info",
  "User changed default security info",
  "User deleted security info",
  "User reviewed security info",
  "Admin registered security info",
  "Admin deleted security info",
] as const;
/**
 * Entra keeps sign-ins in a separate log without activity names; Sesame keeps them in the one
 * audit log, named in the same style, so one query shows a sign-in beside the reset that followed.
 */
const signIns = [
  "Sign-in flow activity progress",
  "Sign-in with SMS",
  "Sign-in with password",
  "Blocked from sign-in",
  "Account locked by smart lockout",
  // An admin's sign-in to the console (a console token was used for the first time is not
  // audited per request; the sign-in that issued it is).
  "Sign-in to admin console",
] as const;
const coreDirectory = ["Add user", "Update user", "Delete user", "Reset user password", "Change user password"] as const;
/**
 * An admin's changes to the tenant's settings, through the console or the API: Entra's
 * "Policy" and "Application management" categories, under the names Entra uses.
 */
const policyAndSettings = ["Update policy", "Update tenant settings", "Update API keys", "Update webhook endpoints"] as const;

export const AuditActivities = [...selfServicePasswordManagement, ...authenticationMethods, ...signIns, ...coreDirectory, ...policyAndSettings] as const;
export type AuditActivity = (typeof AuditActivities)[number];

export type AuditService = "Self-service Password Management" | "Authentication Methods" | "Sign-ins" | "Core Directory" | "Policy";

/**
 * Entra's "service" column, derived from the activity.
 *
 * @example
 * auditService("Add user") // "Core Directory"
 */
export function auditService(activity: AuditActivity): AuditService {
  if ((selfServicePasswordManagement as readonly string[]).includes(activity)) return "Self-service Password Management";
  if ((authenticationMethods as readonly string[]).includes(activity)) return "Authentication Methods";
  if ((signIns as readonly string[]).includes(activity)) return "Sign-ins";
  if ((policyAndSettings as readonly string[]).includes(activity)) return "Policy";
  return "Core Directory";
}
