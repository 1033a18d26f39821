import { CommandOutcomeSchema, type CommandOutcome } from "#contract/writeback";
import { WRITEBACK_COMMAND_RETENTION_MS } from "../limits";
import type { ExecuteOutcome } from "./types";

/**
 * The `commands` table: one row per command id, from the moment it is sent until retention ends.
 * Statuses: waiting, succeeded, failed, timed_out, offline, late_succeeded, late_failed (a result
 * that came after the edge had given up).
 */
type Status = "waiting" | "succeeded" | "failed" | "timed_out" | "offline" | "late_succeeded" | "late_failed";

export function startCommand(sql: SqlStorage, id: string, agentId: string, now: number): void {
  sql.exec(
    `INSERT INTO commands (id, agent_id, status, created_at) VALUES (?, ?, 'waiting', ?)
     ON CONFLICT(id) DO UPDATE SET agent_id = excluded.agent_id`,
    id,
    agentId,
    now,
  );
}

export function finishCommand(sql: SqlStorage, id: string, agentId: string, status: Status, outcome: ExecuteOutcome, now: number): void {
  sql.exec(
    `INSERT INTO commands (id, agent_id, status, outcome, created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET status = excluded.status, outcome = excluded.outcome, finished_at = excluded.finished_at`,
    id,
    agentId,
    status,
    JSON.stringify(outcome),
    now,
    now,
  );
}

/**
 * What a retry of a finished command answers. A result that arrived late wins over the timeout
 * it followed, so a retry learns what the directory really did.
 */
export function finishedOutcome(sql: SqlStorage, id: string): ExecuteOutcome | null {
  const row = sql.exec<{ status: Status; outcome: string | null }>("SELECT status, outcome FROM commands WHERE id = ?", id).toArray()[0];
  if (!row || row.status === "waiting" || row.outcome === null) return null;
  return JSON.parse(row.outcome) as ExecuteOutcome;
}

/** Records a result for a command nobody waits for any more; false when the id is unknown. */
export function lateResult(sql: SqlStorage, id: string, outcome: CommandOutcome, now: number): boolean {
  const checked = CommandOutcomeSchema.parse(outcome);
  return (
    sql.exec(
      "UPDATE commands SET status = ?, outcome = ?, finished_at = ? WHERE id = ? AND status IN ('waiting', 'timed_out')",
      checked.ok ? "late_succeeded" : "late_failed",
      JSON.stringify(checked),
      now,
      id,
    ).rowsWritten > 0
  );
}

/** The last 24 hours by outcome, for the status page. */
export function commandCounts(sql: SqlStorage, now: number): { succeeded: number; failed: number; timedOut: number; late: number } {
  const counts = { succeeded: 0, failed: 0, timedOut: 0, late: 0 };
  const rows = sql.exec<{ status: Status; n: number }>(
    "SELECT status, COUNT(*) AS n FROM commands WHERE created_at > ? GROUP BY status",
    now - 24 * 60 * 60 * 1000,
  );
  for (const { status, n } of rows) {
    if (status === "succeeded") counts.succeeded += n;
    else if (status === "failed" || status === "offline") counts.failed += n;
    else if (status === "timed_out") counts.timedOut += n;
    else if (status === "late_succeeded" || status === "late_failed") counts.late += n;
  }
  return counts;
}

/** Forgets commands past retention; answers how many are left (to know whether to look again). */
export function pruneCommands(sql: SqlStorage, now: number): number {
  sql.exec("DELETE FROM commands WHERE created_at < ? AND status != 'waiting'", now - WRITEBACK_COMMAND_RETENTION_MS);
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM commands").one().n;
}
