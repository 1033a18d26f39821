/**
 * Structured JSON logs. Callers pass only the fields they mean to publish; nothing here reads
 * bodies, headers or secrets, so a secret reaches a log only if someone names it in `fields`.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
