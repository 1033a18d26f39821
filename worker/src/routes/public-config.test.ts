import { beforeAll, describe, expect, it } from "vitest";
import { call, createTenant, errorCode } from "../../test/api";

const partner = "https://shop.partner.example";

beforeAll(async () => {
  await createTenant("cors-t", { allowedOrigins: [partner], branding: { name: "Partner", primaryColor: "#0055aa" } });
});

describe("public API CORS", () => {
  it("answers the tenant's own origin, with CORS headers", async () => {
    const answer = await call("GET", "/v1/config?tenant=cors-t", { headers: { origin: partner } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe(partner);
    expect(answer.headers.get("vary")).toContain("Origin");
    expect(answer.json).toEqual({
      id: "cors-t",
      displayName: "Tenant cors-t",
      branding: { name: "Partner", primaryColor: "#0055aa" },
      helpdesk: { text: "Contact your administrator to reset your password." },
    });
  });

  it("answers a preflight from the tenant's origin", async () => {
    const answer = await call("OPTIONS", "/v1/config?tenant=cors-t", {
      headers: { origin: partner, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe(partner);
    expect(answer.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("refuses a foreign origin, preflight or not, without CORS headers", async () => {
    for (const method of ["GET", "OPTIONS"]) {
      const answer = await call(method, "/v1/config?tenant=cors-t", { headers: { origin: "https://evil.example" } });
      expect(answer.status).toBe(403);
      expect(errorCode(answer)).toBe("ORIGIN_NOT_ALLOWED");
      expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  it("refuses a look-alike of the tenant's origin", async () => {
    for (const origin of ["http://shop.partner.example", "https://shop.partner.example:8443", "https://shop.partner.example.evil.example", "null"]) {
      expect(errorCode(await call("GET", "/v1/config?tenant=cors-t", { headers: { origin } })), origin).toBe("ORIGIN_NOT_ALLOWED");
    }
  });

  it("answers an unknown tenant with TENANT_NOT_FOUND", async () => {
    expect(errorCode(await call("GET", "/v1/config?tenant=nope-nope", { headers: { origin: partner } }))).toBe("TENANT_NOT_FOUND");
    expect(errorCode(await call("GET", "/v1/config"))).toBe("TENANT_NOT_FOUND");
  });

  it("sees a newly allowed origin at once in the isolate that changed it", async () => {
    const { key } = await createTenant("cors-u");
    const newcomer = "https://new.partner.example";
    expect(errorCode(await call("GET", "/v1/config?tenant=cors-u", { headers: { origin: newcomer } }))).toBe("ORIGIN_NOT_ALLOWED");
    await call("PATCH", "/v1/tenants/cors-u", { token: key, body: { allowedOrigins: [newcomer] } });
    expect((await call("GET", "/v1/config?tenant=cors-u", { headers: { origin: newcomer } })).status).toBe(200);
  });

  it("sends no CORS headers on the admin API", async () => {
    const answer = await call("GET", "/v1/tenants/cors-t", { headers: { origin: partner } });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });
});
