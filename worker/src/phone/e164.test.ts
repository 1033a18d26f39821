import { describe, expect, it } from "vitest";
import { maskEmail, maskPhone, toE164 } from "./e164";

describe("toE164", () => {
  it.each([
    ["(201) 555-0123", "US", "+12015550123"],
    ["201.555.0123", "US", "+12015550123"],
    ["+1 201 555 0123", "GB", "+12015550123"],
    ["07400 123456", "GB", "+447400123456"],
    ["+44 7400 123456", "US", "+447400123456"],
    ["0044 7400 123456", "FR", "+447400123456"],
    ["06 12 34 56 78", "FR", "+33612345678"],
    ["+49 1512 3456789", "US", "+4915123456789"],
  ] as const)("reads %s (default %s) as %s", (input, country, expected) => {
    expect(toE164(input, country)).toBe(expected);
  });

  it.each(["", "12345", "+1 555 0100", "+999 1234567", "phone", "+44 7400 1234567890"])("refuses %j", (input) => {
    expect(toE164(input, "US")).toBeNull();
  });
});

describe("masking", () => {
  it("keeps only the country code and last two digits of a phone", () => {
    expect(maskPhone("+14255550123")).toBe("+1 ••• ••• ••23");
    expect(maskPhone("+447400123456")).toBe("+44 ••• ••• ••56");
  });

  it("keeps only first letters and the top-level domain of an email", () => {
    expect(maskEmail("alice@contoso.com")).toBe("a•••@c•••.com");
  });
});
