import type { CountryCode } from "libphonenumber-js";
import type { MethodType, PhoneType } from "#contract/admin/methods";
import type { Tenant } from "#contract/admin/tenant";
import { toE164 } from "../phone/e164";
import { findUser, type UserRecord } from "./users";

/**
 * Who a self-service flow is about, with everything the flow needs and nothing it does not.
 * Destinations are unmasked: this never leaves the worker (flow objects read it over RPC, and
 * only masked hints reach a response).
 */
export interface Subject {
  user: UserRecord;
  methods: SubjectMethod[];
}

export interface SubjectMethod {
  id: string;
  type: MethodType;
  phoneType: PhoneType | null;
  phoneNumber: string | null;
  email: string | null;
  /** TOTP secret, or the JSON of hashed security-question answers. */
  secret: string | null;
  /** When the method was registered: a number added minutes before a reset is a risk signal. */
  registeredAt: number;
}

type Row = { id: string; type: MethodType; slot: string; phone_number: string | null; email: string | null; secret: string | null; created_at: number };

export function subjectMethods(sql: SqlStorage, userId: string): SubjectMethod[] {
  return sql
    .exec<Row>("SELECT id, type, slot, phone_number, email, secret, created_at FROM methods WHERE user_id = ? ORDER BY created_at, id", userId)
    .toArray()
    .map((row) => ({
      id: row.id,
      type: row.type,
      phoneType: row.type === "phone" ? (row.slot as PhoneType) : null,
      phoneNumber: row.phone_number,
      email: row.email,
      secret: row.secret,
      registeredAt: row.created_at,
    }));
}

/**
 * Finds the one user an identifier names: a user name, an email (profile or method), or a
 * phone number (profile or method). When an email or number names more than one user, it names
 * none: a flow must never guess between two people.
 */
export function findSubject(sql: SqlStorage, tenant: Tenant, identifier: string): Subject | null {
  const text = identifier.trim();
  const ids = new Set<string>();
  const byName = sql.exec<{ id: string }>("SELECT id FROM users WHERE user_name = ?", text).toArray();
  if (byName.length === 1) ids.add(byName[0]!.id);
  else if (text.includes("@")) {
    const email = text.toLowerCase();
    for (const row of sql.exec<{ id: string }>(
      `SELECT id FROM users WHERE EXISTS (SELECT 1 FROM json_each(users.emails) WHERE value = ?)
       UNION SELECT user_id AS id FROM methods WHERE email = ?`,
      email,
      email,
    )) ids.add(row.id);
  } else {
    const e164 = toE164(text, (tenant.homeCountries[0] ?? "US") as CountryCode);
    if (e164) {
      for (const row of sql.exec<{ id: string }>(
        "SELECT id FROM users WHERE mobile_phone = ? UNION SELECT user_id AS id FROM methods WHERE phone_number = ?",
        e164,
        e164,
      )) ids.add(row.id);
    }
  }
  if (ids.size !== 1) return null;
  const user = findUser(sql, [...ids][0]!);
  return user ? { user, methods: subjectMethods(sql, user.id) } : null;
}
