/**
 * Which numbers users may sign in with by text message. A number is enabled for one user at most
 * (the table's partial unique index says so too); enabling it is refused while any other user of
 * the tenant has the same number, since a code to a shared phone would sign in whoever asked.
 */

/** The user who signs in with this number, if anyone does. */
export function smsSignInOwner(sql: SqlStorage, e164: string): string | null {
  return sql.exec<{ user_id: string }>("SELECT user_id FROM methods WHERE phone_number = ? AND sms_sign_in = 1", e164).toArray()[0]?.user_id ?? null;
}

/** Whether any user but `userId` has this number, as a method or on their profile. */
export function numberUsedByOthers(sql: SqlStorage, userId: string, e164: string): boolean {
  return (
    sql
      .exec(
        `SELECT 1 FROM methods WHERE phone_number = ? AND user_id != ?
         UNION ALL SELECT 1 FROM users WHERE mobile_phone = ? AND id != ? LIMIT 1`,
        e164,
        userId,
        e164,
        userId,
      )
      .toArray().length > 0
  );
}

export type SmsSignInChange = "ok" | "METHOD_NOT_FOUND" | "METHOD_NOT_AVAILABLE" | "PHONE_NUMBER_IN_USE";

/** Turns SMS sign-in on or off for one of the user's phone methods; only a mobile number can have it. */
export function setSmsSignIn(sql: SqlStorage, userId: string, methodId: string, on: boolean): SmsSignInChange {
  const row = sql
    .exec<{ slot: string; phone_number: string | null }>("SELECT slot, phone_number FROM methods WHERE id = ? AND user_id = ? AND type = 'phone'", methodId, userId)
    .toArray()[0];
  if (!row || !row.phone_number) return "METHOD_NOT_FOUND";
  if (on && row.slot !== "mobile") return "METHOD_NOT_AVAILABLE";
  if (on && numberUsedByOthers(sql, userId, row.phone_number)) return "PHONE_NUMBER_IN_USE";
  sql.exec("UPDATE methods SET sms_sign_in = ? WHERE id = ?", on ? 1 : 0, methodId);
  return "ok";
}
