import { FilterableUserFields, type FilterableUserField } from "#contract/admin/user";

export interface UserFilterClause {
  field: FilterableUserField;
  op: "eq" | "startswith";
  value: string | boolean;
}

const quoted = String.raw`'((?:[^']|'')*)'`;
const eqClause = new RegExp(String.raw`^(\w+)\s+eq\s+(?:${quoted}|(true|false))$`, "i");
const startsWithClause = new RegExp(String.raw`^startswith\(\s*(\w+)\s*,\s*${quoted}\s*\)$`, "i");
const booleanFields = new Set<FilterableUserField>(["accountEnabled", "locked"]);

const isField = (name: string): name is FilterableUserField =>
  (FilterableUserFields as readonly string[]).includes(name);

/**
 * Parses the small OData subset the users list accepts; null when the text is not in it.
 *
 * @example
 * parseUserFilter("startswith(displayName,'Al') and accountEnabled eq true")
 */
export function parseUserFilter(text: string): UserFilterClause[] | null {
  const clauses: UserFilterClause[] = [];
  for (const part of text.split(/\s+and\s+(?=(?:[^']*'[^']*')*[^']*$)/i)) {
    const clause = parseClause(part.trim());
    if (!clause) return null;
    clauses.push(clause);
  }
  return clauses;
}

function parseClause(text: string): UserFilterClause | null {
  const eq = eqClause.exec(text);
  if (eq) {
    const [, field = "", str, bool] = eq;
    if (!isField(field)) return null;
    if (booleanFields.has(field) !== (bool !== undefined)) return null;
    return { field, op: "eq", value: bool !== undefined ? bool.toLowerCase() === "true" : str!.replace(/''/g, "'") };
  }
  const sw = startsWithClause.exec(text);
  if (sw) {
    const [, field = "", str = ""] = sw;
    if (field !== "userName" && field !== "displayName") return null;
    return { field, op: "startswith", value: str.replace(/''/g, "'") };
  }
  return null;
}

const likePrefix = (value: string): string => `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** SQL for a clause over the `users` table, with its bound value. */
export function clauseSql(clause: UserFilterClause): [string, string | number] {
  const { field, op, value } = clause;
  if (op === "startswith") {
    const column = field === "userName" ? "user_name" : "display_name";
    return [`${column} LIKE ? ESCAPE '\\'`, likePrefix(String(value))];
  }
  switch (field) {
    case "userName":
      return ["user_name = ?", String(value)];
    case "displayName":
      return ["display_name = ? COLLATE NOCASE", String(value)];
    case "role":
      return ["EXISTS (SELECT 1 FROM json_each(users.roles) WHERE value = ?)", String(value)];
    case "group":
      return ["EXISTS (SELECT 1 FROM json_each(users.groups) WHERE value = ?)", String(value)];
    case "accountEnabled":
      return ["account_enabled = ?", value ? 1 : 0];
    case "locked":
      return ["locked = ?", value ? 1 : 0];
  }
}

export function searchSql(term: string): [string, string[]] {
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return [
    "(user_name LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\' OR emails LIKE ? ESCAPE '\\')",
    [pattern, pattern, pattern],
  ];
}
