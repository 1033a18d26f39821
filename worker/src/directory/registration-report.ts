import type { PasswordResetPolicy } from "#contract/admin/policies";
import { RegisteredMethods, type RegisteredMethod, type RegistrationDetails, type RegistrationReport, type RegistrationSummary } from "#contract/admin/reports";
import { decodeSkipToken, encodeSkipToken } from "./users";

export interface RegistrationRequest {
  top: number;
  skipToken?: string;
  isSsprRegistered?: boolean;
  hasMethods?: boolean;
}

/**
 * Every user with the methods they registered and whether they can reset, computed in one SQL
 * statement so the report pages (and filters on `isSsprRegistered`) without loading the tenant.
 * Method names follow the reset policy's: the mobile slot is "mobilePhone", the office slot
 * "officePhone"; the alternate mobile is reported but, as in Entra, cannot be used to reset.
 */
const METHOD_NAME = `CASE WHEN type = 'phone' THEN
  CASE slot WHEN 'mobile' THEN 'mobilePhone' WHEN 'office' THEN 'officePhone' ELSE 'alternateMobilePhone' END
  ELSE type END`;

function reportSql(policy: PasswordResetPolicy): { sql: string; bindings: (string | number)[] } {
  const allowed = policy.authenticationMethods.allowed;
  const inAllowed = allowed.map(() => "?").join(", ");
  const sql = `
    WITH named AS (SELECT user_id, ${METHOD_NAME} AS name FROM methods),
    base AS (
      SELECT u.id, u.user_name, u.display_name, u.account_enabled,
        EXISTS (SELECT 1 FROM json_each(u.roles) WHERE value = 'admin') AS is_admin,
        (? = 'all' OR (? = 'selected' AND EXISTS (SELECT 1 FROM json_each(u.groups) WHERE value = ?))) AS enabled,
        (SELECT json_group_array(name) FROM (SELECT DISTINCT name FROM named WHERE user_id = u.id ORDER BY name)) AS names
      FROM users u
    ),
    scored AS (
      SELECT base.*, (
        SELECT COUNT(DISTINCT name) FROM named WHERE user_id = base.id AND name IN (${inAllowed})
          AND NOT (base.is_admin AND name = 'securityQuestions')
      ) >= CASE WHEN base.is_admin THEN 2 ELSE ? END AS registered
      FROM base
    )
    SELECT *, (enabled AND registered AND account_enabled) AS capable FROM scored`;
  const { scope, groupId } = policy.properties;
  return { sql, bindings: [scope, scope, groupId ?? "", ...allowed, policy.authenticationMethods.numberRequired] };
}

type ReportRow = {
  id: string;
  user_name: string;
  display_name: string;
  account_enabled: number;
  is_admin: number;
  enabled: number;
  names: string;
  registered: number;
  capable: number;
};

const fromRow = (row: ReportRow): RegistrationDetails => ({
  userId: row.id,
  userName: row.user_name,
  displayName: row.display_name,
  isAdmin: row.is_admin === 1,
  accountEnabled: row.account_enabled === 1,
  methodsRegistered: JSON.parse(row.names) as RegisteredMethod[],
  isSsprEnabled: row.enabled === 1,
  isSsprRegistered: row.registered === 1,
  isSsprCapable: row.capable === 1,
});

/** One page in user-name order; null when the skip token is not one this report issued. */
export function registrationPage(
  sql: SqlStorage,
  policy: PasswordResetPolicy,
  request: RegistrationRequest,
): Omit<RegistrationReport, "summary"> | null {
  const after = request.skipToken === undefined ? undefined : decodeSkipToken(request.skipToken);
  if (after === null) return null;
  const report = reportSql(policy);
  const where: string[] = [];
  const bindings: (string | number)[] = [...report.bindings];
  if (request.isSsprRegistered !== undefined) {
    where.push("registered = ?");
    bindings.push(request.isSsprRegistered ? 1 : 0);
  }
  if (request.hasMethods !== undefined) where.push(request.hasMethods ? "names != '[]'" : "names = '[]'");
  if (after) {
    where.push("(user_name > ? OR (user_name = ? AND id > ?))");
    bindings.push(after[0], after[0], after[1]);
  }
  const rows = sql
    .exec<ReportRow>(
      `SELECT * FROM (${report.sql}) ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY user_name, id LIMIT ?`,
      ...bindings,
      request.top + 1,
    )
    .toArray();
  const value = rows.slice(0, request.top).map(fromRow);
  const last = value.at(-1);
  return rows.length > request.top && last ? { value, skipToken: encodeSkipToken([last.userName, last.userId]) } : { value };
}

/** Tenant-wide figures of the same report. */
export function registrationSummary(sql: SqlStorage, policy: PasswordResetPolicy): RegistrationSummary {
  const report = reportSql(policy);
  const totals = sql
    .exec<{ total: number; enabled: number; registered: number; capable: number; without: number }>(
      `SELECT COUNT(*) AS total, COALESCE(SUM(enabled), 0) AS enabled, COALESCE(SUM(registered), 0) AS registered,
         COALESCE(SUM(capable), 0) AS capable, COALESCE(SUM(names = '[]'), 0) AS without
       FROM (${report.sql})`,
      ...report.bindings,
    )
    .one();
  const byMethod = Object.fromEntries(RegisteredMethods.map((method) => [method, 0])) as Record<RegisteredMethod, number>;
  const counts = sql.exec<{ name: RegisteredMethod; n: number }>(
    `SELECT ${METHOD_NAME} AS name, COUNT(DISTINCT user_id) AS n FROM methods GROUP BY name`,
  );
  for (const row of counts) if (row.name in byMethod) byMethod[row.name] = row.n;
  return {
    totalUsers: totals.total,
    ssprEnabled: totals.enabled,
    ssprRegistered: totals.registered,
    ssprCapable: totals.capable,
    withoutMethods: totals.without,
    byMethod,
  };
}
