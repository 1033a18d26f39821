import { afterEach, describe, expect, it, vi } from "vitest";
import { codeMac, generateCode, normaliseDestination, sameMac } from "./code";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";
const binding = { tenantId: "contoso", flowId: "flw_1", destination: "+14255550100" };

afterEach(() => vi.restoreAllMocks());

describe("generateCode", () => {
  it("draws only digits, of the length asked", () => {
    for (const length of [6, 8, 10]) expect(generateCode(length)).toMatch(new RegExp(`^\\d{${length}}$`));
  });

  it("throws away bytes of 250 and above, so no digit is favoured", () => {
    const bytes = (values: number[]) => <T extends Parameters<typeof crypto.getRandomValues>[0]>(array: T): T => {
      (array as unknown as Uint8Array).set(values);
      return array;
    };
    vi.spyOn(crypto, "getRandomValues")
      .mockImplementationOnce(bytes([255, 250, 3, 9, 249, 0]))
      .mockImplementationOnce(bytes([251, 1, 2, 7, 7, 7]));
    // 255 and 250 (then 251) are skipped; 249 % 10 is 9.
    expect(generateCode(6)).toBe("399012");
  });

  it("spreads digits evenly (chi-square over 1,000,000 digits)", () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) for (const d of generateCode(10)) counts[Number(d)]!++;
    const expected = 100_000;
    const chiSquare = counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: 50 is p ≈ 1e-7, so chance alone almost never fails this, while
    // keeping bytes ≥ 250 (0–5 at 26/256, 6–9 at 25/256) would score about 365.
    expect(chiSquare).toBeLessThan(50);
  });
});

describe("codeMac", () => {
  it("binds the code to tenant, flow and destination", async () => {
    const mac = await codeMac(SECRET, binding, "123456");
    expect(mac.byteLength).toBe(32);
    expect(sameMac(mac, await codeMac(SECRET, binding, "123456"))).toBe(true);
    expect(sameMac(mac, await codeMac(SECRET, binding, "123457"))).toBe(false);
    expect(sameMac(mac, await codeMac(SECRET, { ...binding, flowId: "flw_2" }, "123456"))).toBe(false);
    expect(sameMac(mac, await codeMac(SECRET, { ...binding, tenantId: "fabrikam" }, "123456"))).toBe(false);
    expect(sameMac(mac, await codeMac(SECRET, { ...binding, destination: "+14255550101" }, "123456"))).toBe(false);
    expect(sameMac(mac, await codeMac(`${SECRET}x`, binding, "123456"))).toBe(false);
  });

  it("compares addresses case-insensitively", async () => {
    const email = { ...binding, destination: "Alice@Contoso.com" };
    expect(normaliseDestination(" Alice@Contoso.com ")).toBe("alice@contoso.com");
    expect(sameMac(await codeMac(SECRET, email, "1"), await codeMac(SECRET, { ...email, destination: "alice@contoso.com" }, "1"))).toBe(true);
  });

  it("refuses to work without a long enough secret", async () => {
    await expect(codeMac(undefined, binding, "123456")).rejects.toThrow(/OTP_HMAC_SECRET/);
    await expect(codeMac("short", binding, "123456")).rejects.toThrow(/OTP_HMAC_SECRET/);
  });
});
