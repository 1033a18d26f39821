import { describe, expect, it } from "vitest";
import { BOOTSTRAP, call, createTenant, errorCode } from "../../test/api";

describe("tenants", () => {
  it("creates a tenant with defaults and returns its first key once", async () => {
    const answer = await call("POST", "/v1/tenants", { token: BOOTSTRAP, body: { id: "contoso", displayName: "Contoso" } });
    expect(answer.status).toBe(201);
    expect(answer.json.tenant).toMatchObject({ id: "contoso", displayName: "Contoso", homeCountries: ["US"], allowedOrigins: [] });
    expect(answer.json.apiKey.key).toMatch(/^sk_contoso_[A-Za-z0-9_-]{43}$/);
  });

  it("refuses a second tenant with the same id", async () => {
    await createTenant("fabrikam");
    const again = await call("POST", "/v1/tenants", { token: BOOTSTRAP, body: { id: "fabrikam", displayName: "Other" } });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe("TENANT_EXISTS");
    const tenant = await call("GET", "/v1/tenants/fabrikam", { token: BOOTSTRAP });
    expect(tenant.json.displayName).toBe("Tenant fabrikam");
  });

  it("lists tenants to the operator in stable pages", async () => {
    for (const id of ["t-a1", "t-a2", "t-a3"]) await createTenant(id);
    const all = (await call("GET", "/v1/tenants?$top=100", { token: BOOTSTRAP })).json.value.map((t: { id: string }) => t.id);
    expect(all).toEqual(expect.arrayContaining(["t-a1", "t-a2", "t-a3"]));
    const paged: string[] = [];
    let token: string | undefined;
    do {
      const page = await call("GET", `/v1/tenants?$top=2${token ? `&$skiptoken=${token}` : ""}`, { token: BOOTSTRAP });
      expect(page.json.value.length).toBeLessThanOrEqual(2);
      paged.push(...page.json.value.map((t: { id: string }) => t.id));
      token = page.json.skipToken;
    } while (token);
    expect(paged).toEqual(all);
  });

  it("keeps tenant creation and listing to the operator", async () => {
    const { key } = await createTenant("keyholder");
    expect(errorCode(await call("GET", "/v1/tenants", { token: key }))).toBe("FORBIDDEN");
    const made = await call("POST", "/v1/tenants", { token: key, body: { id: "sneaky", displayName: "Sneaky" } });
    expect(made.status).toBe(403);
    expect((await call("GET", "/v1/tenants/sneaky", { token: BOOTSTRAP })).status).toBe(404);
    const noToken = await call("GET", "/v1/tenants");
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get("www-authenticate")).toContain("Bearer");
    expect((await call("GET", "/v1/tenants", { token: "not-the-secret-at-all" })).status).toBe(401);
  });

  it("reads and patches the tenant with its own key", async () => {
    const { key } = await createTenant("northwind");
    const patched = await call("PATCH", "/v1/tenants/northwind", {
      token: key,
      body: { allowedOrigins: ["https://northwind.example"], homeCountries: ["gb", "IE"], branding: { primaryColor: "#112233" } },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ homeCountries: ["GB", "IE"], allowedOrigins: ["https://northwind.example"] });
    expect((await call("GET", "/v1/tenants/northwind", { token: key })).json.branding.primaryColor).toBe("#112233");
  });

  it("refuses origins with paths, plain http off loopback, and unknown countries", async () => {
    const { key } = await createTenant("strict");
    for (const body of [
      { allowedOrigins: ["https://a.example/path"] },
      { allowedOrigins: ["http://a.example"] },
      { homeCountries: ["XX"] },
      { homeCountries: [] },
    ]) {
      const answer = await call("PATCH", "/v1/tenants/strict", { token: key, body });
      expect(errorCode(answer), JSON.stringify(body)).toBe("VALIDATION_FAILED");
    }
    expect((await call("GET", "/v1/tenants/strict", { token: key })).json.allowedOrigins).toEqual([]);
  });
});

describe("admin API keys", () => {
  it("shows a key only when it is created, never again", async () => {
    const { key, keyId } = await createTenant("keys");
    const created = await call("POST", "/v1/tenants/keys/apiKeys", { token: key, body: { name: "HR onboarding" } });
    expect(created.status).toBe(201);
    const second: string = created.json.key;
    const listed = await call("GET", "/v1/tenants/keys/apiKeys", { token: key });
    const text = JSON.stringify(listed.json);
    expect(listed.json.value.map((k: { id: string }) => k.id)).toEqual([keyId, created.json.id]);
    expect(text).not.toContain(key);
    expect(text).not.toContain(second);
    expect(text).not.toContain(second.slice(11, 30));
    for (const entry of listed.json.value) expect(Object.keys(entry).sort()).toEqual(["createdAt", "hint", "id", "lastUsedAt", "name"]);
    expect((await call("GET", `/v1/tenants/keys/apiKeys/${created.json.id}`, { token: key })).status).toBe(404);
  });

  it("stops accepting a key once it is revoked", async () => {
    const { key } = await createTenant("revoke");
    const extra = await call("POST", "/v1/tenants/revoke/apiKeys", { token: key, body: { name: "temp" } });
    expect((await call("GET", "/v1/tenants/revoke", { token: extra.json.key })).status).toBe(200);
    expect((await call("DELETE", `/v1/tenants/revoke/apiKeys/${extra.json.id}`, { token: key })).status).toBe(204);
    expect(errorCode(await call("GET", "/v1/tenants/revoke", { token: extra.json.key }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await call("DELETE", `/v1/tenants/revoke/apiKeys/${extra.json.id}`, { token: key }))).toBe("API_KEY_NOT_FOUND");
    expect((await call("GET", "/v1/tenants/revoke", { token: key })).status).toBe(200);
  });

  it("refuses a well-formed key that was never issued", async () => {
    await createTenant("forged");
    const forged = `sk_forged_${"A".repeat(43)}`;
    expect(errorCode(await call("GET", "/v1/tenants/forged", { token: forged }))).toBe("UNAUTHENTICATED");
  });
});
