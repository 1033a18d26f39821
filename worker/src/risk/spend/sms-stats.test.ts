import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTenant } from "../../../test/api";
import { defaultPhoneProtectionPolicy } from "#contract/admin/phone-protection";
import { recordSms } from "./sms-stats";

describe("the SMS report", () => {
  it("counts sends, verified codes and refusals per destination country, with cost and money saved", async () => {
    const { key } = await createTenant("sms-report");
    const pending: Promise<unknown>[] = [];
    const background = { waitUntil: (p: Promise<unknown>) => void pending.push(p) };
    const policy = { ...defaultPhoneProtectionPolicy, spend: { ...defaultPhoneProtectionPolicy.spend, prices: { US: 0.01, GB: 0.04 }, defaultPrice: 0.25 } };
    const send = (destination: string, event: "sent" | "verified" | "blocked") => recordSms(env, background, { tenantId: "sms-report", policy, destination, event });
    send("+12015550101", "sent");
    send("+12015550101", "verified");
    send("+12015550102", "sent");
    send("+447400123456", "blocked");
    send("+447400123457", "blocked");
    send("+447400123458", "sent");
    await Promise.all(pending);
    const report = (await call("GET", "/v1/tenants/sms-report/reports/sms?days=7", { token: key })).json;
    expect(report).toMatchObject({ days: 7, currency: "USD", sent: 3, verified: 1, blocked: 2, cost: 0.06, saved: 0.08 });
    expect(report.countries).toEqual([
      { country: "GB", sent: 1, verified: 0, conversion: 0, blocked: 2, cost: 0.04, saved: 0.08 },
      { country: "US", sent: 2, verified: 1, conversion: 0.5, blocked: 0, cost: 0.02, saved: 0 },
    ]);
  });
});
