import type { AlertKind } from "#contract/admin/alerts";
import type { AuditEvent } from "#contract/audit";
import { AUDIT_SHARDS } from "../audit/shards";
import type { Env } from "../env";
import { log } from "../http/log";
import { ALERT_BASELINE_HOURS } from "../limits";
import { tenantEventsOf } from "../webhooks/emit";
import { HOUR_MS, hourOf, spikeAt } from "./spike";

/** Wrong codes, answers and passwords: what brute force produces. */
const VERIFICATION_FAILURES = new Set<string>(["OTP_INVALID", "OTP_EXPIRED", "OTP_ATTEMPTS_EXCEEDED", "ANSWERS_INVALID", "SIGNIN_FAILED", "WRONG_PASSWORD", "TOO_MANY_ATTEMPTS"]);

/** What an audit event counts towards, if anything. */
export function alertKindOf(event: Pick<AuditEvent, "activity" | "result" | "reason" | "step">): AlertKind | null {
  // Every reset started with an identifier, known or not: a phishing mail sends many people there.
  if (event.activity === "Self-service password reset flow activity progress" && event.step === "identified") return "reset_spike";
  if (event.result === "failure" && event.reason && VERIFICATION_FAILURES.has(event.reason)) return "verification_failure_spike";
  return null;
}

export interface SpikeFound {
  kind: AlertKind;
  country: string | null;
  hour: number;
  count: number;
  baseline: number;
}

/**
 * Counts an event in its shard's hourly counters (the audit shard's `counters` table) and says
 * whether this event made the hour a spike. Synchronous SQL, inside the append.
 */
export function countForAlerts(sql: SqlStorage, time: number, event: AuditEvent): SpikeFound | null {
  const kind = alertKindOf(event);
  if (!kind) return null;
  return countHour(sql, kind, hourOf(time), AUDIT_SHARDS);
}

/** The shared counting of audit shards and spend shards: `counters (hour, kind, n)`. */
export function countHour(sql: SqlStorage, kind: string, hour: number, shards: number): SpikeFound | null {
  const count = sql
    .exec<{ n: number }>("INSERT INTO counters (hour, kind, n) VALUES (?, ?, 1) ON CONFLICT (hour, kind) DO UPDATE SET n = n + 1 RETURNING n", hour, kind)
    .one().n;
  const previous = sql
    .exec<{ n: number }>("SELECT n FROM counters WHERE kind = ? AND hour >= ? AND hour < ?", kind, hour - ALERT_BASELINE_HOURS * HOUR_MS, hour)
    .toArray()
    .map((row) => row.n);
  const [alertKind, country] = kind.startsWith("country_send_spike:") ? ["country_send_spike" as const, kind.slice(-2)] : [kind as AlertKind, null];
  const spike = spikeAt(alertKind, count, previous, shards);
  return spike ? { kind: alertKind, country, hour, ...spike } : null;
}

/** Hands a spike to the tenant's events object, which records it once and sends it to webhooks. */
export async function raiseAlert(env: Env, tenantId: string, spike: SpikeFound): Promise<void> {
  try {
    await tenantEventsOf(env, tenantId).raiseAlert({ tenantId, ...spike });
  } catch (error) {
    log("error", "alert not raised", { tenant: tenantId, kind: spike.kind, name: (error as Error)?.name });
  }
}
