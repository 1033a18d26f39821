import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { defaultPhoneProtectionPolicy } from "#contract/admin/phone-protection";
import type { Env } from "../env";
import { RISK_SHARDS } from "../limits";
import { shardOf } from "../throttle/keys";
import { assessSend, recordVerified, type SendRequest } from "./engine";

/** Work the engine leaves for after the answer, awaited before the next step reads it. */
const pending: Promise<unknown>[] = [];
const background = { waitUntil: (promise: Promise<unknown>) => void pending.push(promise) };
const settled = async () => {
  await Promise.all(pending.splice(0));
};

const ask = (tenantId: string, destination: string, ip: string, requestCountry: string, methodRegisteredAt: number | null = null) => {
  const request: SendRequest = { tenantId, homeCountries: ["US"], policy: defaultPhoneProtectionPolicy, flowId: null, channel: "sms", destination, ip, requestCountry, methodRegisteredAt };
  return assessSend(env as unknown as Env, background, request);
};

describe("a surge of requests from abroad", () => {
  it("is counted tenant-wide, whichever shard each number falls in: the sixth unentered request from abroad is refused", async () => {
    // Six first-seen numbers in six ranges, asked for from six addresses: only the surge links them.
    const numbers = Array.from({ length: 6 }, (_, i) => `+1201${400 + i * 37}0${170 + i}`);
    expect(new Set(numbers.map((n) => shardOf(n, RISK_SHARDS))).size).toBeGreaterThan(1);
    const answers = [];
    for (const [i, phone] of numbers.entries()) answers.push(await ask("surge-t", phone, `198.51.100.${70 + i}`, "VN"));
    expect(answers.slice(0, 5).map((a) => a.send)).toEqual([true, true, true, true, true]);
    expect(answers.slice(0, 5).flatMap((a) => a.summary.reasons)).not.toContain("FOREIGN_SURGE");
    expect(answers[5]).toMatchObject({ send: false, refusal: "RISK_BLOCKED" });
    expect(answers[5]!.summary.reasons).toEqual(expect.arrayContaining(["REQUEST_COUNTRY_FOREIGN", "FOREIGN_SURGE"]));
    // At home the same tenant's users are untouched, and another tenant sees no surge.
    expect((await ask("surge-t", "+12016220177", "198.51.100.77", "US")).summary.reasons).not.toContain("FOREIGN_SURGE");
    expect((await ask("calm-t", "+12016590178", "198.51.100.78", "VN")).summary.reasons).not.toContain("FOREIGN_SURGE");
  });
});

describe("a bystander in a range being pumped", () => {
  it("is judged at a share, is not counted among the range's numbers, and its entered code earns the pumped ones nothing", async () => {
    const longAgo = Date.now() - 400 * 86_400_000;
    // Pumping walks a range: its first number goes, the second block within the hour is refused.
    const first = await ask("bystander-t", "+12025510180", "198.51.100.80", "US");
    expect(first.send).toBe(true);
    first.settle("sent");
    const second = await ask("bystander-t", "+12025520181", "198.51.100.81", "US");
    expect(second).toMatchObject({ send: false, refusal: "RISK_BLOCKED" });
    second.settle("withheld");
    // A customer of 400 days in a third block: the two blocks around it at half, sent, entered.
    const customer = await ask("bystander-t", "+12025530182", "198.51.100.82", "US", longAgo);
    expect(customer.summary.reasons).toEqual(expect.arrayContaining(["RANGE_DISTINCT_NUMBERS", "METHOD_ESTABLISHED"]));
    expect(customer.send).toBe(true);
    customer.settle("sent");
    await settled();
    recordVerified(env as unknown as Env, background, { tenantId: "bystander-t", destination: "+12025530182", ip: "198.51.100.82", country: "US", allowedCountries: ["US"], methodRegisteredAt: longAgo });
    await settled();
    // The next pumped number: the range's codes are still none entered, so its signal is whole,
    // and counts the two pumped blocks and its own, not the customer's.
    const next = await ask("bystander-t", "+12025540183", "198.51.100.83", "US");
    expect(next).toMatchObject({ send: false, refusal: "RISK_BLOCKED" });
    expect(next.summary.reasons).toContain("RANGE_DISTINCT_NUMBERS");
    next.settle("withheld");
    await settled();
  });
});
