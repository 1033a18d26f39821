import type { Device } from "#contract/device";
import type { Alert, AlertKind } from "#contract/extension";
import { newId } from "../lib/crypto";

/** What a caller tells the inbox; the inbox numbers and dates it. */
export interface AlertInput {
  tenantId: string;
  userId: string;
  kind: AlertKind;
  ip: string | null;
  country: string | null;
  device: Device | null;
  methods: string[];
  via: string | null;
  flowId: string | null;
}

export type AlertRow = {
  seq: number;
  id: string;
  kind: AlertKind;
  at: number;
  ip: string | null;
  country: string | null;
  methods: string;
  via: string | null;
  flow_id: string | null;
  reported: number;
  device: string | null;
};

export const alertOf = (row: AlertRow): Alert => ({
  seq: row.seq,
  id: row.id,
  kind: row.kind,
  at: new Date(row.at).toISOString(),
  ip: row.ip,
  country: row.country,
  device: row.device ? (JSON.parse(row.device) as Device) : null,
  methods: JSON.parse(row.methods) as string[],
  via: row.via,
  reported: row.reported === 1,
});

export function insertAlert(sql: SqlStorage, input: AlertInput, now: number): Alert {
  const row = sql
    .exec<AlertRow>(
      `INSERT INTO alerts (id, kind, at, ip, country, device, methods, via, flow_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      newId("alr"),
      input.kind,
      now,
      input.ip,
      input.country,
      input.device ? JSON.stringify(input.device) : null,
      JSON.stringify(input.methods.slice(0, 3)),
      input.via,
      input.flowId,
    )
    .one();
  return alertOf(row);
}
