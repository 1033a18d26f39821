import { describe, expect, it } from "vitest";
import { parseUserFilter } from "./user-filter";

describe("parseUserFilter", () => {
  it("reads eq, boolean eq, startswith and and", () => {
    expect(parseUserFilter("userName eq 'o''brien@x.com' and startswith(displayName,'Al') and locked eq true")).toEqual([
      { field: "userName", op: "eq", value: "o'brien@x.com" },
      { field: "displayName", op: "startswith", value: "Al" },
      { field: "locked", op: "eq", value: true },
    ]);
  });

  it("keeps ' and ' inside a quoted value", () => {
    expect(parseUserFilter("displayName eq 'Tom and Jerry'")).toEqual([{ field: "displayName", op: "eq", value: "Tom and Jerry" }]);
  });

  it.each(["", "password eq 'x'", "userName ne 'x'", "locked eq 'true'", "userName eq true", "startswith(role,'a')", "userName eq 'x' or role eq 'admin'"])(
    "refuses %j",
    (text) => expect(parseUserFilter(text)).toBeNull(),
  );
});
