import { auditService, DeviceSchema, type AuditActivity, type AuditEntry, type AuditEvent } from "#contract/audit";
import { RiskSummarySchema } from "#contract/admin/phone-protection";
import { iso } from "../lib/sql";
import type { ChainedRow } from "./chain";

/** A stored entry, hash columns included. */
export type EntryRow = ChainedRow & {
  seq: number;
  time: number;
  activity: AuditActivity;
  methods: string;
  prev_hash: string;
  hash: string;
};

/** An entry with where it sits in the merged order of all shards (time, shard, seq; newest first). */
export interface ShardEntry {
  entry: AuditEntry;
  time: number;
  shard: number;
  seq: number;
}

export function rowOf(seq: number, id: string, time: number, event: AuditEvent): ChainedRow {
  return {
    seq,
    id,
    time,
    activity: event.activity,
    result: event.result,
    reason: event.reason,
    user_id: event.userId,
    user_name: event.userName,
    methods: JSON.stringify(event.methods),
    step: event.step,
    actor: event.actor,
    actor_id: event.actorId,
    ip: event.ip,
    country: event.country,
    request_id: event.requestId,
    flow_id: event.flowId,
    risk: event.risk ? JSON.stringify(event.risk) : null,
    device: event.device ? JSON.stringify(event.device) : null,
  };
}

export function entryOf(row: EntryRow): AuditEntry {
  return {
    id: String(row.id),
    time: iso(row.time),
    activity: row.activity,
    service: auditService(row.activity),
    result: row.result as AuditEntry["result"],
    reason: row.reason as AuditEntry["reason"],
    userId: row.user_id as string | null,
    userName: row.user_name as string | null,
    methods: JSON.parse(row.methods) as AuditEntry["methods"],
    step: row.step as AuditEntry["step"],
    actor: row.actor as AuditEntry["actor"],
    actorId: row.actor_id as string | null,
    ip: row.ip as string | null,
    country: row.country as string | null,
    requestId: row.request_id as string | null,
    flowId: row.flow_id as string | null,
    risk: typeof row.risk === "string" ? RiskSummarySchema.parse(JSON.parse(row.risk)) : null,
    device: typeof row.device === "string" ? DeviceSchema.parse(JSON.parse(row.device)) : null,
  };
}

/** Filters of the audit query, times in milliseconds; `to` is exclusive. */
export interface AuditFilter {
  from?: number;
  to?: number;
  activity?: AuditActivity;
  userId?: string;
  result?: "success" | "failure";
  ip?: string;
}

/** A position in the merged order: the last entry of the previous page. */
export interface AuditCursor {
  time: number;
  shard: number;
  seq: number;
}

/**
 * The WHERE clause for one shard. The cursor's order spans shards (time, then shard, then seq,
 * all descending), so for this shard it reduces to a condition on time and seq alone.
 */
export function filterSql(filter: AuditFilter, shard: number, cursor: AuditCursor | null): [string, (string | number)[]] {
  const where: string[] = [];
  const bindings: (string | number)[] = [];
  const add = (clause: string, ...values: (string | number)[]) => {
    where.push(clause);
    bindings.push(...values);
  };
  if (filter.from !== undefined) add("time >= ?", filter.from);
  if (filter.to !== undefined) add("time < ?", filter.to);
  if (filter.activity) add("activity = ?", filter.activity);
  if (filter.userId) add("user_id = ?", filter.userId);
  if (filter.result) add("result = ?", filter.result);
  if (filter.ip) add("ip = ?", filter.ip);
  if (cursor) {
    if (shard < cursor.shard) add("time <= ?", cursor.time);
    else if (shard > cursor.shard) add("time < ?", cursor.time);
    else add("(time < ? OR (time = ? AND seq < ?))", cursor.time, cursor.time, cursor.seq);
  }
  return [where.length ? `WHERE ${where.join(" AND ")}` : "", bindings];
}
