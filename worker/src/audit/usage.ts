import type { UsageCount, UsageReport } from "#contract/admin/reports";
import type { AuditActivity } from "#contract/audit";
import type { Env } from "../env";
import type { UsageRow } from "./audit-log";
import { auditShards } from "./shards";

/** The activities the usage report counts. */
const RESET: AuditActivity = "Reset password (self-service)";
const UNLOCK: AuditActivity = "Unlock user account (self-service)";
const BLOCKED: AuditActivity = "Blocked from self-service password reset";
const REGISTERED: AuditActivity = "User registered for self-service password reset";
const COUNTED = [RESET, UNLOCK, BLOCKED, REGISTERED];

/** Default window when the query gives none: the last 30 days, as in Entra's usage report. */
export const USAGE_DEFAULT_DAYS = 30;

type ByMethods = UsageReport["resets"];

const sum = (count: UsageCount) => count.success + count.failure;

function tally(rows: UsageRow[], activity: AuditActivity): ByMethods {
  const byMethods = new Map<string, UsageCount & { methods: string[] }>();
  const total: UsageCount = { success: 0, failure: 0 };
  for (const row of rows) {
    if (row.activity !== activity) continue;
    const methods = (JSON.parse(row.methods) as string[]).toSorted();
    const key = methods.join(",");
    const entry = byMethods.get(key) ?? { methods, success: 0, failure: 0 };
    const result = row.result === "success" ? "success" : "failure";
    entry[result] += row.n;
    total[result] += row.n;
    byMethods.set(key, entry);
  }
  const ordered = [...byMethods.values()].sort((a, b) => sum(b) - sum(a) || a.methods.join().localeCompare(b.methods.join()));
  return { ...total, byMethods: ordered };
}

function dailyOf(rows: { day: number; activity: string; result: string; n: number }[]): UsageReport["perDay"] {
  const days = new Map<number, UsageReport["perDay"][number]>();
  for (const row of rows) {
    const entry = days.get(row.day) ?? { day: new Date(row.day * 86_400_000).toISOString().slice(0, 10), resets: { success: 0, failure: 0 }, unlocks: { success: 0, failure: 0 } };
    const counts = row.activity === RESET ? entry.resets : entry.unlocks;
    counts[row.result === "success" ? "success" : "failure"] += row.n;
    days.set(row.day, entry);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** Started (identified) → a method verified → completed; a user verifying two methods counts twice in the middle. */
function funnelOf(rows: { step: string; n: number }[], completed: number): UsageReport["funnel"] {
  const count = (step: string) => rows.filter((row) => row.step === step).reduce((sum, row) => sum + row.n, 0);
  return { started: count("identified"), verified: count("method_verified"), completed };
}

/**
 * Resets and unlocks by methods used and result, users blocked, registrations, and the reasons
 * of failures, over `[from, to)`: the figures of Entra's "usage and insights", computed from
 * the audit log itself so they can never disagree with it.
 *
 * @example
 * const report = await usageReport(env, "contoso", Date.now() - 7 * 86_400_000, Date.now());
 */
export async function usageReport(env: Env, tenantId: string, from: number, to: number): Promise<UsageReport> {
  const shards = auditShards(env, tenantId);
  const [perShard, perDay, steps] = await Promise.all([
    Promise.all(shards.map(({ stub }) => stub.usage(from, to, COUNTED))),
    Promise.all(shards.map(({ stub }) => stub.daily(from, to, [RESET, UNLOCK]))),
    Promise.all(shards.map(({ stub }) => stub.resetSteps(from, to))),
  ]);
  const rows = perShard.flat();
  const reasons = new Map<string, number>();
  let blocked = 0;
  let registrations = 0;
  for (const row of rows) {
    if (row.activity === BLOCKED) blocked += row.n;
    if (row.activity === REGISTERED && row.result === "success") registrations += row.n;
    if (row.result === "failure" || row.activity === BLOCKED) {
      const reason = row.reason ?? "UNSPECIFIED";
      reasons.set(reason, (reasons.get(reason) ?? 0) + row.n);
    }
  }
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    resets: tally(rows, RESET),
    unlocks: tally(rows, UNLOCK),
    blocked,
    registrations,
    failureReasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    perDay: dailyOf(perDay.flat()),
    funnel: funnelOf(steps.flat(), tally(rows, RESET).success),
  };
}
