/**
 * The agent's structured logs: one JSON line per event on stdout (stderr for errors), for the
 * service manager's journal. Callers pass only the fields they mean to publish; passwords and
 * keys are never among them, and nothing here reads commands or configuration by itself.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

export const consoleLogger: Logger = (level, msg, fields = {}) => {
  if (level === "debug" && !process.env.SESAME_AGENT_DEBUG) return;
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
};

/** For tests: keeps lines in memory. */
export function memoryLogger(): Logger & { lines: { level: LogLevel; msg: string; fields: Record<string, unknown> }[] } {
  const lines: { level: LogLevel; msg: string; fields: Record<string, unknown> }[] = [];
  const logger = ((level: LogLevel, msg: string, fields: Record<string, unknown> = {}) => {
    lines.push({ level, msg, fields });
  }) as Logger & { lines: typeof lines };
  logger.lines = lines;
  return logger;
}
