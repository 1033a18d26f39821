import type { AuditEntry } from "#contract/audit";

/** The CSV export's columns, in order, named as in the JSON. */
export const CSV_COLUMNS = [
  "id", "time", "service", "activity", "result", "reason", "userId", "userName", "methods",
  "step", "actor", "actorId", "ip", "country", "device", "requestId", "flowId", "risk",
] as const satisfies readonly (keyof AuditEntry)[];

/** "Chrome on Windows". */
const deviceCell = (device: AuditEntry["device"]) => (device ? `${device.browser} on ${device.os}` : null);

/** A send's risk in one cell: `score decision reason;reason`. */
const riskCell = (risk: AuditEntry["risk"]) => (risk ? `${risk.score} ${risk.decision} ${risk.reasons.join(";")}` : null);

/**
 * One CSV field: quoted when it holds a comma, quote or line break (RFC 4180), and defused when
 * a spreadsheet would read it as a formula (OWASP's CSV injection advice: a leading `=`, `+`,
 * `-`, `@`, tab or carriage return gets a `'` in front).
 *
 * @example
 * csvField('=HYPERLINK("x")') // "'=HYPERLINK(""x"")" quoted
 */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? "" : Array.isArray(value) ? value.join(";") : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text.startsWith("'") ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Audit entries as CSV with a header row and CRLF line ends, as spreadsheets expect.
 *
 * @example
 * new Response(auditCsv(page.value), { headers: { "content-type": "text/csv; charset=utf-8" } })
 */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const entry of entries) {
    lines.push(CSV_COLUMNS.map((column) => csvField(column === "risk" ? riskCell(entry.risk) : column === "device" ? deviceCell(entry.device) : entry[column])).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
