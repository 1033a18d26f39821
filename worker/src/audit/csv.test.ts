import { describe, expect, it } from "vitest";
import type { AuditEntry } from "#contract/audit";
import { auditCsv, csvField } from "./csv";

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    [null, ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    ["=1+1", `"'=1+1"`],
    ["+1+1", `"'+1+1"`],
    ["-2+3", `"'-2+3"`],
    ["@SUM(A1)", `"'@SUM(A1)"`],
    ["\tstart", `"'\tstart"`],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ["o'brien", "o'brien"],
    [["mobilePhone", "email"], "mobilePhone;email"],
    [42, "42"],
  ])("%j → %s", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe("auditCsv", () => {
  it("writes a header and one CRLF-terminated line per entry, every line with every column", () => {
    const entry = {
      id: "aud_abcdefghijkl",
      time: "2026-11-17T10:00:00.000Z",
      service: "Self-service Password Management",
      activity: "Reset password (self-service)",
      result: "success",
      reason: null,
      userId: "usr_abcdefghijkl",
      userName: "alice@contoso.example",
      methods: ["mobilePhone", "email"],
      step: null,
      actor: "user",
      actorId: null,
      ip: "203.0.113.7",
      country: "US",
      device: { browser: "Firefox", os: "Linux" },
      requestId: "req-1",
      flowId: null,
      risk: null,
    } satisfies AuditEntry;
    const text = auditCsv([entry, entry]);
    const lines = text.split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
    expect(lines[1]).toBe(
      "aud_abcdefghijkl,2026-11-17T10:00:00.000Z,Self-service Password Management,Reset password (self-service),success,,usr_abcdefghijkl,alice@contoso.example,mobilePhone;email,,user,,203.0.113.7,US,Firefox on Linux,req-1,,",
    );
    for (const line of lines.slice(0, 3)) expect(line.split(",")).toHaveLength(18);
  });
});
