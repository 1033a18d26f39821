import { beforeAll, describe, expect, inject, it } from "vitest";
import { call } from "../../test/api";
import { eventually } from "../../test/audit";
import { codeSentTo, keysOf, submit } from "../../test/flows";
import { askForCode, decisionsFor, protectedTenant, reasonsOf, received, setPolicy } from "../../test/risk";

const T = "protect-t";
let origin = "";
let key = "";

beforeAll(async () => {
  ({ origin, key } = await protectedTenant(T, { homeCountries: ["US"] }));
});

/** What must differ between two flows' answers (ids, times) blanked, so the rest can be compared. */
const comparable = (answer: { status: number; json: any }) => {
  const flow = answer.json.flow ?? answer.json;
  return { status: answer.status, flow: { ...flow, id: "", expiresAt: "", ui: { ...flow.ui, code: { ...flow.ui.code, resendAvailableAt: "" } } } };
};

describe("phone protection in the reset flow", () => {
  it("sends to an ordinary mobile number and records why it allowed it", async () => {
    const { answer, flowId } = await askForCode(T, key, origin, "+12013070141", "203.0.113.41");
    expect(keysOf(answer)).toEqual(["CODE_SENT_IF_MATCH"]);
    expect(await received("+12013070141")).toBe(true);
    const [decision] = await decisionsFor(T, key, "+12013070141");
    expect(decision).toMatchObject({ flowId, decision: "allow", enforced: true, outcome: "sent" });
    expect(decision!.score).toBeLessThan(40);
    expect(decision!.explanation.join(" ")).toContain("registered less than a day before");
  });

  it("withholds a premium-rate number, answers exactly as if it sent, and audits the block with score and reasons", async () => {
    const ordinary = await askForCode(T, key, origin, "+12013140142", "203.0.113.42");
    const premium = await askForCode(T, key, origin, "+19005550143", "203.0.113.43");
    expect(comparable(premium.answer)).toEqual(comparable(ordinary.answer));
    expect(await received("+19005550143")).toBe(false);
    const [decision] = await decisionsFor(T, key, "+19005550143");
    expect(decision).toMatchObject({ flowId: premium.flowId, decision: "block", score: 100, outcome: "withheld" });
    expect(reasonsOf(decision!)).toContain("LINE_PREMIUM_RATE");
    const blocked = await eventually(async () => {
      const log = await call("GET", `/v1/tenants/${T}/auditLogs?activity=${encodeURIComponent("Blocked from self-service password reset")}`, { token: key });
      const entry = log.json.value.find((e: { flowId: string }) => e.flowId === premium.flowId);
      if (!entry) throw new Error("not audited yet");
      return entry;
    });
    expect(blocked).toMatchObject({ result: "failure", reason: "RISK_BLOCKED", methods: ["mobilePhone"], risk: { score: 100, decision: "block" } });
    expect(blocked.risk.reasons).toContain("LINE_PREMIUM_RATE");
    expect(JSON.stringify(blocked)).not.toContain("9005550143");
  });

  it("texts only the tenant's allowed countries: its home countries unless the admin says otherwise", async () => {
    await askForCode(T, key, origin, "+33612345644", "203.0.113.44");
    expect(await received("+33612345644")).toBe(false);
    expect(reasonsOf((await decisionsFor(T, key, "+33612345644"))[0]!)).toContain("COUNTRY_NOT_ALLOWED");
    expect((await setPolicy(T, key, { allowedCountries: ["US", "FR"] })).status).toBe(200);
    await askForCode(T, key, origin, "+33698765645", "203.0.113.45");
    expect(await received("+33698765645")).toBe(true);
    await setPolicy(T, key, { allowedCountries: null });
  });

  it("lets the admin's allow list override a refusal and the deny list refuse a clean number", async () => {
    await setPolicy(T, key, { allow: { numbers: ["+19005550146"], prefixes: [] }, deny: { numbers: [], prefixes: ["+1 201 349 0147"] } });
    await askForCode(T, key, origin, "+19005550146", "203.0.113.46");
    expect(await received("+19005550146")).toBe(true);
    expect(reasonsOf((await decisionsFor(T, key, "+19005550146"))[0]!)).toEqual(["ALLOW_LISTED"]);
    await askForCode(T, key, origin, "+12013490147", "203.0.113.47");
    expect(await received("+12013490147")).toBe(false);
    expect((await decisionsFor(T, key, "+12013490147"))[0]).toMatchObject({ decision: "block", signals: [{ reason: "DENY_LISTED", points: 100 }] });
    await setPolicy(T, key, { allow: { numbers: [] }, deny: { prefixes: [] } });
  });

  it("in shadow mode records what it would have refused and sends anyway; off, it does not decide", async () => {
    await setPolicy(T, key, { mode: "shadow" });
    await askForCode(T, key, origin, "+19005550148", "203.0.113.48");
    expect(await received("+19005550148")).toBe(true);
    expect((await decisionsFor(T, key, "+19005550148"))[0]).toMatchObject({ decision: "block", enforced: false, outcome: "sent" });
    await setPolicy(T, key, { mode: "off" });
    await askForCode(T, key, origin, "+19005550149", "203.0.113.49");
    expect(await received("+19005550149")).toBe(true);
    const none = await call("GET", `/v1/tenants/${T}/phoneProtection/decisions?phoneNumber=${encodeURIComponent("+19005550149")}`, { token: key });
    expect(none.json.value).toEqual([]);
    await setPolicy(T, key, { mode: "enforce" });
  });

  it("sends in the challenge band only after a CAPTCHA: ALTCHA passes, a tenant without one is refused", async () => {
    await setPolicy(T, key, { thresholds: { challenge: 1, block: 100 } });
    await askForCode(T, key, origin, "+12013700150", "203.0.113.50");
    expect(await received("+12013700150")).toBe(true);
    expect(reasonsOf((await decisionsFor(T, key, "+12013700150"))[0]!)).toContain("CHALLENGE_MET");
    await setPolicy(T, key, { captcha: { provider: "none" } });
    await askForCode(T, key, origin, "+12014270151", "203.0.113.51");
    expect(await received("+12014270151")).toBe(false);
    expect((await decisionsFor(T, key, "+12014270151"))[0]).toMatchObject({ decision: "challenge", outcome: "withheld" });
    expect(reasonsOf((await decisionsFor(T, key, "+12014270151"))[0]!)).toContain("CHALLENGE_UNMET");
    await setPolicy(T, key, { thresholds: { challenge: 40, block: 70 }, captcha: { provider: "altcha" } });
  });

  it("refuses a second number registered minutes ago in the same range (accounts signed up to pump), from another address", async () => {
    await askForCode(T, key, origin, "+12014830156", "203.0.113.56");
    expect(await received("+12014830156")).toBe(true);
    await askForCode(T, key, origin, "+12014830157", "203.0.113.57");
    expect(await received("+12014830157")).toBe(false);
    const [refused] = await decisionsFor(T, key, "+12014830157");
    expect(refused).toMatchObject({ decision: "block", outcome: "withheld" });
    expect(reasonsOf(refused!)).toEqual(expect.arrayContaining(["METHOD_NEW", "RANGE_NEW_METHODS"]));
    expect(refused!.explanation.join(" ")).toContain("pumping through sign-ups");
  });

  it("counts the addresses asking for one number: the third, none of its codes entered, adds points (takeover rotating proxies)", async () => {
    await askForCode(T, key, origin, "+12015230158", "203.0.113.58");
    expect(reasonsOf((await decisionsFor(T, key, "+12015230158"))[0]!)).not.toContain("NUMBER_MANY_ADDRESSES");
    await askForCode(T, key, origin, "+12015230158", "198.51.100.58", false);
    await askForCode(T, key, origin, "+12015230158", "192.0.2.58", false);
    // Each send is decided after its flow's answer, so the last two may be decided in either order.
    const decisions = await decisionsFor(T, key, "+12015230158", 3);
    expect(decisions.flatMap((d) => d.signals)).toContainEqual({ reason: "NUMBER_MANY_ADDRESSES", points: 40 });
  });

  it("trusts a number verified before only from an address it was verified from", async () => {
    const phone = "+12015910159";
    const first = await askForCode(T, key, origin, phone, "203.0.113.59");
    expect((await submit(first.flowId, origin, { action: "verify", code: await codeSentTo(phone) }, "203.0.113.59")).status).toBe(200);
    await askForCode(T, key, origin, phone, "198.51.100.59", false);
    const [fromProxy] = await decisionsFor(T, key, phone, 2);
    expect(fromProxy!.signals).toContainEqual({ reason: "NUMBER_VERIFIED_ELSEWHERE", points: 5 });
    expect(reasonsOf(fromProxy!)).not.toContain("NUMBER_VERIFIED_BEFORE");
    await askForCode(T, key, origin, phone, "203.0.113.59", false);
    const [fromHome] = await decisionsFor(T, key, phone, 3);
    expect(reasonsOf(fromHome!)).toContain("NUMBER_VERIFIED_BEFORE");
  });

  it("scores a number reported as fraud high enough to refuse it", async () => {
    expect((await call("POST", `/v1/tenants/${T}/phoneProtection/reports`, { token: key, body: { phoneNumber: "+1 201 384 0152" } })).status).toBe(204);
    await askForCode(T, key, origin, "+12013840152", "203.0.113.52");
    expect(await received("+12013840152")).toBe(false);
    expect(reasonsOf((await decisionsFor(T, key, "+12013840152"))[0]!)).toContain("NUMBER_REPORTED");
  });

  it("asks an external fraud provider, and fails open or closed as the tenant chose", async () => {
    const fakes = `http://127.0.0.1:${inject("fakeProvidersPort")}`;
    await setPolicy(T, key, { external: { url: `${fakes}/risk/assess?score=95`, timeoutMs: 500, failMode: "open" } });
    await askForCode(T, key, origin, "+12013910153", "203.0.113.53");
    expect(await received("+12013910153")).toBe(false);
    expect(reasonsOf((await decisionsFor(T, key, "+12013910153"))[0]!)).toContain("EXTERNAL_HIGH_RISK");
    const queries = (await (await fetch(`${fakes}/_risk`)).json()) as { data: { phoneNumber: string } }[];
    expect(queries.some((q) => q.data.phoneNumber === "+12013910153")).toBe(true);

    await setPolicy(T, key, { external: { url: `${fakes}/risk/assess?hang=1`, timeoutMs: 100, failMode: "open" } });
    await askForCode(T, key, origin, "+12014470154", "203.0.113.54");
    expect(await received("+12014470154")).toBe(true);
    expect(reasonsOf((await decisionsFor(T, key, "+12014470154"))[0]!)).toContain("EXTERNAL_UNAVAILABLE");

    await setPolicy(T, key, { external: { url: `${fakes}/risk/assess?status=500`, timeoutMs: 500, failMode: "closed" } });
    await askForCode(T, key, origin, "+12014050155", "203.0.113.55");
    expect(await received("+12014050155")).toBe(false);
    expect((await decisionsFor(T, key, "+12014050155"))[0]).toMatchObject({ decision: "block", signals: expect.arrayContaining([{ reason: "EXTERNAL_UNAVAILABLE", points: 100 }]) });
    await setPolicy(T, key, { external: null });
  });
});

describe("the spend cap", () => {
  it("refuses sends past the cap, then offers only other methods, to known and unknown users alike", async () => {
    const S = "spend-t";
    const tenant = await protectedTenant(S, { homeCountries: ["US"] });
    // Room for one US text (0.0083 USD) in each of the ledger's four shards' share of 0.04.
    await setPolicy(S, tenant.key, { spend: { dailyCap: 0.04 } });
    const sent: boolean[] = [];
    const numbers = Array.from({ length: 12 }, (_, i) => `+1202${300 + i * 13}0160`);
    for (const [i, phone] of numbers.entries()) {
      // Numbers far apart (different ranges and blocks), so only the cap can refuse them.
      await askForCode(S, tenant.key, tenant.origin, phone, `203.0.113.${60 + i}`);
      sent.push(await received(phone));
    }
    expect(sent.filter(Boolean).length).toBeGreaterThan(0);
    expect(sent.filter(Boolean).length).toBeLessThanOrEqual(4);
    const spend = await call("GET", `/v1/tenants/${S}/phoneProtection/spend`, { token: tenant.key });
    expect(spend.json).toMatchObject({ currency: "USD", dailyCap: 0.04 });
    expect(spend.json.day).toBeLessThanOrEqual(0.04);
    // The first refusals come from the cap itself; once the total nears it, flows stop offering SMS.
    const refused = (await decisionsFor(S, tenant.key, numbers[sent.indexOf(false)]!))[0]!;
    expect(reasonsOf(refused)).toContain("SPEND_CAP_REACHED");
    expect(refused).toMatchObject({ decision: "allow", outcome: "withheld" });

    // Once the cap is reached, phone methods leave the policy: email is what remains.
    const { startFlow, submit, userWithMethods } = await import("../../test/flows");
    await userWithMethods(S, tenant.key, { userName: "fallback@spend.example", phone: "+12029990199", email: "fallback.home@example.org" });
    const known = (await startFlow(S, tenant.origin)).json.id;
    const unknown = (await startFlow(S, tenant.origin)).json.id;
    const knownMethods = (await submit(known, tenant.origin, { identifier: "fallback@spend.example" })).json.methods.map((m: { kind: string }) => m.kind);
    const unknownMethods = (await submit(unknown, tenant.origin, { identifier: "nobody@spend.example" })).json.methods.map((m: { kind: string }) => m.kind);
    expect(knownMethods).toEqual(["email"]);
    expect(unknownMethods).not.toContain("sms");
    expect(unknownMethods).not.toContain("voice");
  }, 30_000);
});
