import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AuditEventSchema, type AuditEventInput } from "#contract/audit";
import { call, createTenant } from "../../test/api";
import { allAuditRows, eventually, testContext, writeEvents } from "../../test/audit";
import { setPassword } from "../password/set-password";
import { audit } from "./audit";

/** Every secret the flows below handle: none may reach an audit row. */
const secrets = ["Zephyr-Quartz-93!", "Nimbus-Garnet-58?", "weak", "483920", "Fluffy the cat", "sk_"];

describe("the audit log holds no secret", () => {
  it("after real password operations and flow events, no row contains any secret", async () => {
    const tenant = `secrets-${crypto.randomUUID().slice(0, 8)}`;
    const { key } = await createTenant(tenant);
    const created = await call("POST", `/v1/tenants/${tenant}/users`, {
      token: key,
      body: { userName: "alice@contoso.example", displayName: "Alice", passwordProfile: { password: secrets[0] } },
    });
    expect(created.status).toBe(201);
    const userId = created.json.id as string;
    expect((await setPassword(env, tenant, userId, secrets[1]!)).ok).toBe(true);
    expect((await setPassword(env, tenant, userId, secrets[2]!)).ok).toBe(false);
    await writeEvents(tenant, [
      { activity: "Self-service password reset flow activity progress", result: "success", userId, step: "code_sent", methods: ["mobilePhone"] },
      { activity: "Self-service password reset flow activity progress", result: "failure", userId, step: "method_verified", reason: "VALIDATION_FAILED" },
      { activity: "Reset password (self-service)", result: "success", userId, userName: "alice@contoso.example", methods: ["mobilePhone", "securityQuestions"] },
    ]);
    const rows = await eventually(async () => {
      const found = await allAuditRows(tenant);
      if (found.length < 4) throw new Error("the admin's event has not landed yet");
      return found;
    });
    const dump = JSON.stringify(rows);
    for (const secret of secrets) expect(dump).not.toContain(secret);
    expect(dump).not.toContain(key);
  });

  it("has nowhere to put one: unknown fields and free text are refused", () => {
    const base: AuditEventInput = { activity: "Reset password (self-service)", result: "failure" };
    for (const field of ["password", "newPassword", "code", "otp", "answer", "secret", "token", "details", "message"]) {
      expect(AuditEventSchema.safeParse({ ...base, [field]: "Zephyr-Quartz-93!" }).success, field).toBe(false);
    }
    expect(AuditEventSchema.safeParse({ ...base, reason: "user typed Zephyr-Quartz-93!" }).success).toBe(false);
    expect(AuditEventSchema.safeParse({ ...base, requestId: "Zephyr Quartz 93!" }).success).toBe(false);
    expect(AuditEventSchema.safeParse({ ...base, step: "password=Zephyr" }).success).toBe(false);
    expect(AuditEventSchema.safeParse({ ...base, userName: "Zephyr Quartz 93!" }).success).toBe(false);
    expect(AuditEventSchema.safeParse({ ...base, methods: ["Zephyr-Quartz-93!"] }).success).toBe(false);
  });

  it("throws at the caller, before anything is written, for an event with a secret field", async () => {
    const tenant = `secrets-${crypto.randomUUID().slice(0, 8)}`;
    expect(() =>
      audit(env, testContext, tenant, {
        activity: "Reset password (self-service)",
        result: "success",
        // @ts-expect-error the type has no `password` field either
        password: "Zephyr-Quartz-93!",
      }),
    ).toThrow();
    expect(await allAuditRows(tenant)).toEqual([]);
  });
});
