import type { CreateGroup, Group, UpdateGroup } from "#contract/admin/user";
import { newId } from "../lib/crypto";
import { iso } from "../lib/sql";
import { readPolicy } from "./settings";

type GroupRow = { id: string; display_name: string; description: string; created_at: number };

const fromRow = (row: GroupRow): Group => ({
  id: row.id,
  displayName: row.display_name,
  description: row.description,
  createdAt: iso(row.created_at),
});

export function listGroupRows(sql: SqlStorage): Group[] {
  return sql.exec<GroupRow>("SELECT * FROM groups ORDER BY display_name, id").toArray().map(fromRow);
}

export function findGroup(sql: SqlStorage, id: string): Group | null {
  const row = sql.exec<GroupRow>("SELECT * FROM groups WHERE id = ?", id).toArray()[0];
  return row ? fromRow(row) : null;
}

/** The first of `ids` that names no group, if any. */
export function missingGroup(sql: SqlStorage, ids: string[]): string | undefined {
  return ids.find((id) => !findGroup(sql, id));
}

export function insertGroup(sql: SqlStorage, input: CreateGroup, now: number): Group {
  const id = newId("grp");
  sql.exec(
    "INSERT INTO groups (id, display_name, description, created_at) VALUES (?, ?, ?, ?)",
    id,
    input.displayName,
    input.description,
    now,
  );
  return findGroup(sql, id)!;
}

export function updateGroupRow(sql: SqlStorage, current: Group, patch: UpdateGroup): Group {
  sql.exec(
    "UPDATE groups SET display_name = ?, description = ? WHERE id = ?",
    patch.displayName ?? current.displayName,
    patch.description ?? current.description,
    current.id,
  );
  return findGroup(sql, current.id)!;
}

/** Deletes the group and removes it from every member's `groups`. */
export function deleteGroupRow(sql: SqlStorage, id: string): void {
  sql.exec(
    `UPDATE users SET groups = (SELECT json_group_array(value) FROM json_each(users.groups) WHERE value != ?)
     WHERE EXISTS (SELECT 1 FROM json_each(users.groups) WHERE value = ?)`,
    id,
    id,
  );
  sql.exec("DELETE FROM groups WHERE id = ?", id);
}

/** Whether a scoped policy (password reset, SMS sign-in, MFA) names the group: deleting it would break that policy. */
export function groupNamedByPolicy(sql: SqlStorage, id: string): boolean {
  const sms = readPolicy(sql, "smsSignIn");
  const mfa = readPolicy(sql, "signIn").mfa;
  return (
    readPolicy(sql, "passwordReset").properties.groupId === id ||
    (sms.scope === "selected" && sms.groupId === id) ||
    (mfa.scope === "selected" && mfa.groupId === id)
  );
}
