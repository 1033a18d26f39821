import {
  phoneChannels,
  type AuthenticationMethod,
  type MethodType,
  type PhoneType,
} from "#contract/admin/methods";
import { newId } from "../lib/crypto";
import { iso, isoOrNull } from "../lib/sql";
import { maskEmail, maskPhone } from "../phone/e164";

/**
 * Registered authentication methods. `slot` makes "one of each kind" a constraint of the table:
 * a user has at most one mobile, one alternate mobile, one office phone, one email, and so on.
 */
type MethodRow = {
  id: string;
  user_id: string;
  type: MethodType;
  slot: string;
  phone_number: string | null;
  email: string | null;
  secret: string | null;
  sms_sign_in: number;
  created_at: number;
  last_used_at: number | null;
  last_confirmed_at: number | null;
};

export function listMethodRows(sql: SqlStorage, userId: string): AuthenticationMethod[] {
  return sql
    .exec<MethodRow>("SELECT * FROM methods WHERE user_id = ? ORDER BY created_at, id", userId)
    .toArray()
    .map(toPublic);
}

function toPublic(row: MethodRow): AuthenticationMethod {
  const base = {
    id: row.id,
    createdAt: iso(row.created_at),
    lastUsedAt: isoOrNull(row.last_used_at),
    lastConfirmedAt: isoOrNull(row.last_confirmed_at),
  };
  if (row.type === "phone") {
    const phoneType = row.slot as PhoneType;
    const signIn = phoneType === "mobile" ? { smsSignInState: row.sms_sign_in === 1 ? ("ready" as const) : ("notEnabled" as const) } : {};
    return { ...base, type: "phone", phoneNumber: maskPhone(row.phone_number ?? ""), phoneType, channels: phoneChannels(phoneType), ...signIn };
  }
  if (row.type === "email") return { ...base, type: "email", emailAddress: maskEmail(row.email ?? "") };
  return { ...base, type: row.type };
}

export function slotTaken(sql: SqlStorage, userId: string, slot: string): boolean {
  return sql.exec("SELECT 1 FROM methods WHERE user_id = ? AND slot = ?", userId, slot).toArray().length > 0;
}

export function insertPhoneMethod(
  sql: SqlStorage,
  userId: string,
  e164: string,
  phoneType: PhoneType,
  now: number,
): AuthenticationMethod {
  const id = newId("phm");
  // An admin pre-registering a number confirms it on the user's behalf, as Entra does.
  sql.exec(
    `INSERT INTO methods (id, user_id, type, slot, phone_number, created_at, last_confirmed_at)
     VALUES (?, ?, 'phone', ?, ?, ?, ?)`,
    id,
    userId,
    phoneType,
    e164,
    now,
    now,
  );
  return findMethod(sql, userId, id)!;
}

export function insertEmailMethod(sql: SqlStorage, userId: string, address: string, now: number): AuthenticationMethod {
  const id = newId("em");
  sql.exec(
    `INSERT INTO methods (id, user_id, type, slot, email, created_at, last_confirmed_at)
     VALUES (?, ?, 'email', 'email', ?, ?, ?)`,
    id,
    userId,
    address.toLowerCase(),
    now,
    now,
  );
  return findMethod(sql, userId, id)!;
}

export function findMethod(sql: SqlStorage, userId: string, id: string): AuthenticationMethod | null {
  const row = sql.exec<MethodRow>("SELECT * FROM methods WHERE user_id = ? AND id = ?", userId, id).toArray()[0];
  return row ? toPublic(row) : null;
}

export function deleteMethodRow(sql: SqlStorage, userId: string, id: string, type: MethodType): boolean {
  return sql.exec("DELETE FROM methods WHERE user_id = ? AND id = ? AND type = ?", userId, id, type).rowsWritten > 0;
}
