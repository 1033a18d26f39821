import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { defaultPhoneProtectionPolicy } from "#contract/admin/phone-protection";
import type { Env } from "../env";
import { RISK_SHARDS } from "../limits";
import { shardOf } from "../throttle/keys";
import { assessSend, type SendRequest } from "./engine";

const background = { waitUntil: (promise: Promise<unknown>) => void promise.catch(() => undefined) };

const ask = (tenantId: string, destination: string, ip: string, requestCountry: string) => {
  const request: SendRequest = { tenantId, homeCountries: ["US"], policy: defaultPhoneProtectionPolicy, flowId: null, channel: "sms", destination, ip, requestCountry };
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
