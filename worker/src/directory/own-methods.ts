import type { PhoneType } from "#contract/admin/methods";
import { newId } from "../lib/crypto";

/**
 * Methods users register themselves, each verified before it gets here. One per slot: adding to
 * a slot that is taken replaces what was there (changing a number is adding the new one), and a
 * method a user saves is confirmed by that act, for the reconfirmation clock.
 */
export interface OwnMethod {
  type: "phone" | "email" | "authenticatorApp" | "securityQuestions" | "extension";
  slot: PhoneType | "email" | "authenticatorApp" | "securityQuestions" | "extension";
  phoneNumber?: string;
  email?: string;
  secret?: string;
  smsSignIn?: boolean;
}

const prefixes: Record<OwnMethod["type"], string> = { phone: "phm", email: "em", authenticatorApp: "app", securityQuestions: "sq", extension: "ext" };

/** Saves the method in its slot; answers its id and the id of the method it replaced, if any. */
export function upsertOwnMethod(sql: SqlStorage, userId: string, method: OwnMethod, now: number): { id: string; replaced: string | null } {
  const previous = sql.exec<{ id: string }>("SELECT id FROM methods WHERE user_id = ? AND slot = ?", userId, method.slot).toArray()[0]?.id ?? null;
  if (previous) sql.exec("DELETE FROM methods WHERE id = ?", previous);
  const id = newId(prefixes[method.type]);
  sql.exec(
    `INSERT INTO methods (id, user_id, type, slot, phone_number, email, secret, sms_sign_in, created_at, last_confirmed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    userId,
    method.type,
    method.slot,
    method.phoneNumber ?? null,
    method.email?.toLowerCase() ?? null,
    method.secret ?? null,
    method.smsSignIn ? 1 : 0,
    now,
    now,
  );
  return { id, replaced: previous };
}

/** "Looks good": every method of the user counts as reviewed now. */
export function reconfirmAll(sql: SqlStorage, userId: string, now: number): void {
  sql.exec("UPDATE methods SET last_confirmed_at = ? WHERE user_id = ?", now, userId);
}
