import { beforeAll, describe, expect, it, vi } from "vitest";
import { call, createTenant, errorCode } from "../../test/api";

const partner = "https://shop.vitals.example";
const report = { flow: "reset", metrics: [{ name: "LOAD", value: 84 }, { name: "CLS", value: 0, rating: "good", widget: false }] };

beforeAll(async () => {
  await createTenant("vitals-t", { allowedOrigins: [partner] });
});

describe("POST /v1/vitals", () => {
  it("takes a report from the tenant's origin as text/plain (no preflight) and logs only its numbers", async () => {
    const logged = vi.spyOn(console, "log");
    const answer = await call("POST", "/v1/vitals?tenant=vitals-t", {
      rawBody: JSON.stringify(report),
      headers: { origin: partner, "content-type": "text/plain;charset=UTF-8" },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe(partner);
    const line = logged.mock.calls.map(([text]) => JSON.parse(String(text))).find((entry) => entry.msg === "widget vitals");
    expect(line).toMatchObject({ tenant: "vitals-t", flow: "reset", LOAD: 84, CLS: 0, CLS_widget: false });
    logged.mockRestore();
  });

  it("refuses a foreign origin before reading anything", async () => {
    const answer = await call("POST", "/v1/vitals?tenant=vitals-t", { rawBody: JSON.stringify(report), headers: { origin: "https://evil.example" } });
    expect(errorCode(answer)).toBe("ORIGIN_NOT_ALLOWED");
  });

  it("refuses bodies that are not a report: bad JSON, unknown fields, absurd values", async () => {
    const post = (rawBody: string) => call("POST", "/v1/vitals?tenant=vitals-t", { rawBody, headers: { origin: partner } });
    expect(errorCode(await post("{"))).toBe("BAD_JSON");
    expect(errorCode(await post(JSON.stringify({ ...report, url: "https://shop.vitals.example/account?id=7" })))).toBe("VALIDATION_FAILED");
    expect(errorCode(await post(JSON.stringify({ flow: "reset", metrics: [{ name: "LOAD", value: -1 }] })))).toBe("VALIDATION_FAILED");
    expect(errorCode(await post(JSON.stringify({ flow: "reset", metrics: [] })))).toBe("VALIDATION_FAILED");
  });

  it("answers an unknown tenant like any public route", async () => {
    expect(errorCode(await call("POST", "/v1/vitals?tenant=nope-nope", { rawBody: JSON.stringify(report) }))).toBe("TENANT_NOT_FOUND");
  });
});
