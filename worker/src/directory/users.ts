import type { Page } from "#contract/admin/common";
import type { CreateUser, Role, UpdateUser, User } from "#contract/admin/user";
import { base64url, fromBase64url, newId } from "../lib/crypto";
import { iso } from "../lib/sql";
import { maskPhone } from "../phone/e164";
import { clauseSql, searchSql, type UserFilterClause } from "./user-filter";

/** A user as stored: the phone unmasked, for the directory's own use only. */
export interface UserRecord extends Omit<User, "mobilePhone"> {
  mobilePhone: string | null;
}

type UserRow = {
  id: string;
  user_name: string;
  display_name: string;
  emails: string;
  mobile_phone: string | null;
  roles: string;
  groups: string;
  account_enabled: number;
  locked: number;
  created_at: number;
  updated_at: number;
};

const fromRow = (row: UserRow): UserRecord => ({
  id: row.id,
  userName: row.user_name,
  displayName: row.display_name,
  emails: JSON.parse(row.emails) as string[],
  mobilePhone: row.mobile_phone,
  roles: JSON.parse(row.roles) as Role[],
  groups: JSON.parse(row.groups) as string[],
  accountEnabled: row.account_enabled === 1,
  locked: row.locked === 1,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

/** The admin API's view of a user. */
export const publicUser = (user: UserRecord): User => ({
  ...user,
  mobilePhone: user.mobilePhone === null ? null : maskPhone(user.mobilePhone),
});

export function findUser(sql: SqlStorage, id: string): UserRecord | null {
  const row = sql.exec<UserRow>("SELECT * FROM users WHERE id = ?", id).toArray()[0];
  return row ? fromRow(row) : null;
}

export function userNameTaken(sql: SqlStorage, userName: string, exceptId = ""): boolean {
  return sql.exec("SELECT 1 FROM users WHERE user_name = ? AND id != ?", userName, exceptId).toArray().length > 0;
}

export function insertUser(sql: SqlStorage, input: CreateUser & { mobilePhone: string | null }, now: number): UserRecord {
  const id = newId("usr");
  sql.exec(
    `INSERT INTO users (id, user_name, display_name, emails, mobile_phone, roles, groups, account_enabled, locked, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    input.userName,
    input.displayName,
    JSON.stringify(unique(input.emails.map((e) => e.toLowerCase()))),
    input.mobilePhone,
    JSON.stringify(unique(input.roles)),
    JSON.stringify(unique(input.groups)),
    input.accountEnabled ? 1 : 0,
    input.locked ? 1 : 0,
    now,
    now,
  );
  return findUser(sql, id)!;
}

export function updateUserRow(sql: SqlStorage, current: UserRecord, patch: UpdateUser, now: number): UserRecord {
  const next = { ...current, ...withoutUndefined(patch) };
  sql.exec(
    `UPDATE users SET user_name = ?, display_name = ?, emails = ?, mobile_phone = ?, roles = ?, groups = ?,
       account_enabled = ?, locked = ?, updated_at = ? WHERE id = ?`,
    next.userName,
    next.displayName,
    JSON.stringify(unique(next.emails.map((e) => e.toLowerCase()))),
    next.mobilePhone,
    JSON.stringify(unique(next.roles)),
    JSON.stringify(unique(next.groups)),
    next.accountEnabled ? 1 : 0,
    next.locked ? 1 : 0,
    now,
    current.id,
  );
  return findUser(sql, current.id)!;
}

export function deleteUserRow(sql: SqlStorage, id: string): boolean {
  sql.exec("DELETE FROM methods WHERE user_id = ?", id);
  return sql.exec("DELETE FROM users WHERE id = ?", id).rowsWritten > 0;
}

export interface UserListOptions {
  top: number;
  after?: [userName: string, id: string];
  filter: UserFilterClause[];
  search?: string;
}

/** Keyset paging in user-name order, so pages stay stable while users are added. */
export function listUserRows(sql: SqlStorage, options: UserListOptions): Page<UserRecord> {
  const where: string[] = [];
  const bindings: (string | number)[] = [];
  for (const clause of options.filter) {
    const [text, value] = clauseSql(clause);
    where.push(text);
    bindings.push(value);
  }
  if (options.search) {
    const [text, values] = searchSql(options.search);
    where.push(text);
    bindings.push(...values);
  }
  if (options.after) {
    where.push("(user_name > ? OR (user_name = ? AND id > ?))");
    bindings.push(options.after[0], options.after[0], options.after[1]);
  }
  const rows = sql
    .exec<UserRow>(
      `SELECT * FROM users ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY user_name, id LIMIT ?`,
      ...bindings,
      options.top + 1,
    )
    .toArray();
  const value = rows.slice(0, options.top).map(fromRow);
  const last = value.at(-1);
  return rows.length > options.top && last ? { value, skipToken: encodeSkipToken([last.userName, last.id]) } : { value };
}

export function encodeSkipToken(position: [string, string]): string {
  return base64url(new TextEncoder().encode(JSON.stringify(position)));
}

export function decodeSkipToken(token: string): [string, string] | null {
  try {
    const bytes = fromBase64url(token);
    if (!bytes) return null;
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string")
      ? [value[0] as string, value[1] as string]
      : null;
  } catch {
    return null;
  }
}

export function usersInGroup(sql: SqlStorage, groupId: string): string[] {
  return sql
    .exec<{ id: string }>("SELECT id FROM users WHERE EXISTS (SELECT 1 FROM json_each(users.groups) WHERE value = ?)", groupId)
    .toArray()
    .map((row) => row.id);
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
