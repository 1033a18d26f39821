import { describe, expect, it } from "vitest";
import { call, createTenant, errorCode } from "../../test/api";

describe("/v1/tenants/:tenant/providers", () => {
  it("starts unconfigured and lists what each channel can use", async () => {
    const { key } = await createTenant("providers-get");
    const answer = await call("GET", "/v1/tenants/providers-get/providers", { token: key });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      sms: [],
      voice: [],
      email: [],
      available: {
        sms: ["outbox", "twilio", "vonage", "webhook"],
        voice: ["outbox", "twilio", "webhook"],
        email: ["outbox", "resend", "webhook"],
      },
    });
  });

  it("replaces the lists a PATCH names and keeps the others", async () => {
    const { key } = await createTenant("providers-patch");
    await call("PATCH", "/v1/tenants/providers-patch/providers", { token: key, body: { sms: ["twilio"], email: ["resend"] } });
    const answer = await call("PATCH", "/v1/tenants/providers-patch/providers", { token: key, body: { sms: ["webhook", "twilio"] } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ sms: ["webhook", "twilio"], voice: [], email: ["resend"] });
    expect((await call("GET", "/v1/tenants/providers-patch/providers", { token: key })).json).toMatchObject({ sms: ["webhook", "twilio"] });
  });

  it("refuses unknown providers, a provider on a channel it cannot carry, repeats and unknown fields", async () => {
    const { key } = await createTenant("providers-bad");
    for (const body of [{ sms: ["nexmo"] }, { sms: ["resend"] }, { voice: ["vonage"] }, { sms: ["twilio", "twilio"] }, { fax: [] }, { sms: "twilio" }]) {
      const answer = await call("PATCH", "/v1/tenants/providers-bad/providers", { token: key, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(answer)).toBe("VALIDATION_FAILED");
    }
  });

  it("is for the tenant's admins only", async () => {
    await createTenant("providers-auth");
    const { key: otherKey } = await createTenant("providers-other");
    expect((await call("GET", "/v1/tenants/providers-auth/providers")).status).toBe(401);
    expect(errorCode(await call("GET", "/v1/tenants/providers-auth/providers", { token: otherKey }))).toBe("TENANT_NOT_FOUND");
  });
});
