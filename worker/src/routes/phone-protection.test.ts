import { beforeAll, describe, expect, it } from "vitest";
import { call, createTenant, errorCode } from "../../test/api";

const T = "pp-admin";
let key = "";
let otherKey = "";

beforeAll(async () => {
  ({ key } = await createTenant(T, { homeCountries: ["GB", "FR"] }));
  ({ key: otherKey } = await createTenant("pp-other"));
});

const get = (token = key) => call("GET", `/v1/tenants/${T}/policies/phoneProtection`, { token });
const patch = (body: unknown, token = key) => call("PATCH", `/v1/tenants/${T}/policies/phoneProtection`, { token, body });

describe("the phoneProtection policy", () => {
  it("starts from the defaults: enforce, ALTCHA, the home countries, no caps", async () => {
    const answer = await get();
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      mode: "enforce",
      thresholds: { challenge: 40, block: 70 },
      allowedCountries: null,
      circuitBreaker: { mode: "enforce" },
      captcha: { provider: "altcha", altchaDifficulty: 50_000, turnstile: null },
      spend: { currency: "USD", dailyCap: null, monthlyCap: null, defaultPrice: 0.25 },
      external: null,
    });
    expect(answer.json.spend.prices.GB).toBeGreaterThan(0);
  });

  it("merges a patch, normalises numbers and prefixes, and never shows the Turnstile secret", async () => {
    const answer = await patch({
      allowedCountries: ["gb", "FR", "DE"],
      deny: { prefixes: ["+44 (70) 0"] },
      captcha: { provider: "turnstile", turnstile: { siteKey: "0x4AAAA-site", secretKey: "0x4AAAA-very-secret" } },
      spend: { dailyCap: 25, prices: { GB: 0.05 } },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.allowedCountries).toEqual(["GB", "FR", "DE"]);
    expect(answer.json.deny).toEqual({ numbers: [], prefixes: ["+44700"] });
    expect(answer.json.captcha.turnstile).toEqual({ siteKey: "0x4AAAA-site", secretKeySet: true });
    expect(answer.json.spend).toMatchObject({ dailyCap: 25, prices: { GB: 0.05 } });
    expect(JSON.stringify(answer.json)).not.toContain("very-secret");
    expect(JSON.stringify((await get()).json)).not.toContain("very-secret");
  });

  it("refuses inconsistent or malformed policies and keeps the stored one", async () => {
    expect(errorCode(await patch({ thresholds: { challenge: 80, block: 60 } }))).toBe("POLICY_RISK_THRESHOLDS_INVALID");
    expect(errorCode(await patch({ captcha: { provider: "turnstile", turnstile: null } }))).toBe("POLICY_CAPTCHA_NOT_CONFIGURED");
    for (const body of [{ mode: "maybe" }, { allowedCountries: ["XX"] }, { deny: { numbers: ["0044 7700"] } }, { spend: { currency: "EUR" } }, { surprise: true }, { external: { url: "ftp://x", timeoutMs: 100, failMode: "open" } }]) {
      expect(errorCode(await patch(body)), JSON.stringify(body)).toBe("VALIDATION_FAILED");
    }
    expect((await get()).json.thresholds).toEqual({ challenge: 40, block: 70 });
  });

  it("belongs to its tenant alone", async () => {
    // Another tenant's key learns nothing, not even that the tenant exists.
    expect((await get(otherKey)).status).toBe(404);
    expect((await patch({ mode: "off" }, otherKey)).status).toBe(404);
    expect((await call("GET", `/v1/tenants/${T}/phoneProtection/decisions?phoneNumber=%2B447400123456`, { token: otherKey })).status).toBe(404);
    expect((await get()).json.mode).toBe("enforce");
  });
});

describe("explaining, reporting and spend", () => {
  it("explains a number with no decisions as an empty list, and validates the number", async () => {
    const answer = await call("GET", `/v1/tenants/${T}/phoneProtection/decisions?phoneNumber=%2B447400123456`, { token: key });
    expect(answer.json).toEqual({ phoneNumber: "+447400123456", value: [] });
    expect(errorCode(await call("GET", `/v1/tenants/${T}/phoneProtection/decisions?phoneNumber=07400`, { token: key }))).toBe("VALIDATION_FAILED");
  });

  it("takes reports of numbers as fraud", async () => {
    expect((await call("POST", `/v1/tenants/${T}/phoneProtection/reports`, { token: key, body: { phoneNumber: "+44 7400 123457" } })).status).toBe(204);
    expect(errorCode(await call("POST", `/v1/tenants/${T}/phoneProtection/reports`, { token: key, body: { phoneNumber: "nope" } }))).toBe("VALIDATION_FAILED");
  });

  it("shows today's and this month's spend against the caps", async () => {
    const answer = await call("GET", `/v1/tenants/${T}/phoneProtection/spend`, { token: key });
    expect(answer.json).toEqual({ currency: "USD", day: 0, month: 0, dailyCap: 25, monthlyCap: null });
  });
});
