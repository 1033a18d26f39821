import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { claimOf } from "./captcha-claim";

const newFlow = () => `contoso.${crypto.randomUUID().replaceAll("-", "")}`;
const proof = { provider: "altcha" as const, difficulty: 1_000, at: Date.now() };

describe("CAPTCHA claims in shared buckets", () => {
  it("lets each flow claim once, and keeps flows of one bucket apart", async () => {
    const first = newFlow();
    let second = newFlow();
    while (claimOf(env, second).stub.id.toString() !== claimOf(env, first).stub.id.toString()) second = newFlow();
    expect(await claimOf(env, first).proof()).toBeNull();
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimOf(env, first).claim(proof)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimOf(env, first).proof()).toEqual(proof);
    expect(await claimOf(env, second).proof()).toBeNull();
    expect(await claimOf(env, second).claim({ ...proof, difficulty: 5_000 })).toBe(true);
    expect(await claimOf(env, second).proof()).toMatchObject({ difficulty: 5_000 });
  });

  it("forgets a claim by alarm once it has outlived every use of its flow", async () => {
    const flow = newFlow();
    await claimOf(env, flow).claim(proof);
    // Run early, the alarm acts as at its time: the claim's own end, after which it is gone.
    expect(await runDurableObjectAlarm(claimOf(env, flow).stub)).toBe(true);
    expect(await claimOf(env, flow).proof()).toBeNull();
  });
});
