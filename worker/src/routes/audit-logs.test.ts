import { env, exports } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { AuditEntry, AuditEventInput } from "#contract/audit";
import { call, createTenant, createUser, errorCode } from "../../test/api";
import { eventually, minutesAgo, writeEvents } from "../../test/audit";
import { auditShards } from "../audit/shards";

let tenant = "";
let key = "";

const progress = "Self-service password reset flow activity progress";
const reset = "Reset password (self-service)";

/** Twelve events over twelve flows (so over every shard), one a minute, the newest a minute ago. */
const events: AuditEventInput[] = Array.from({ length: 12 }, (_, i) => ({
  activity: i % 4 === 3 ? reset : progress,
  result: i % 3 === 0 ? "failure" : "success",
  reason: i % 3 === 0 ? "CAPTCHA_FAILED" : null,
  userId: `usr_user${String(i % 2).padStart(6, "0")}`,
  userName: i % 2 ? "bob@contoso.example" : "alice@contoso.example",
  methods: i % 4 === 3 ? ["mobilePhone"] : [],
  step: i % 4 === 3 ? null : "identified",
  ip: i < 6 ? "203.0.113.7" : "2001:db8::1",
  country: "US",
  requestId: `req-${i}`,
  flowId: `contoso.flow${String(i).padStart(20, "0")}`,
  time: minutesAgo(12 - i),
}));

beforeEach(async () => {
  tenant = `audit-${crypto.randomUUID().slice(0, 8)}`;
  key = (await createTenant(tenant)).key;
  await writeEvents(tenant, events);
});

const list = (query = "") => call<{ value: AuditEntry[]; skipToken?: string }>("GET", `/v1/tenants/${tenant}/auditLogs${query}`, { token: key });

async function raw(path: string, headers: Record<string, string> = {}) {
  const response = await exports.default.fetch(
    new Request(`http://sesame.test${path}`, { headers: { authorization: `Bearer ${key}`, ...headers } }),
  );
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe("GET /auditLogs", () => {
  it("lists every shard's entries newest first, with Entra's fields", async () => {
    const answer = await list();
    expect(answer.status).toBe(200);
    expect(answer.json.value.map((entry) => entry.requestId)).toEqual(events.map((e) => e.requestId).reverse());
    expect(answer.json.value[0]).toMatchObject({
      activity: reset,
      methods: ["mobilePhone"],
      service: "Self-service Password Management",
      result: "success",
      userName: "bob@contoso.example",
      ip: "2001:db8::1",
      country: "US",
      actor: "user",
    });
    expect(answer.json.value[0]!.id).toMatch(/^aud_/);
  });

  it("is for the tenant's admins only", async () => {
    expect((await call("GET", `/v1/tenants/${tenant}/auditLogs`)).status).toBe(401);
    const other = await createTenant(`${tenant}-x`);
    const answer = await call("GET", `/v1/tenants/${tenant}/auditLogs`, { token: other.key });
    expect(errorCode(answer)).toBe("TENANT_NOT_FOUND");
  });

  it.each([
    ["?activity=Reset%20password%20(self-service)", (e: AuditEventInput) => e.activity === reset],
    ["?userId=usr_user000001", (e: AuditEventInput) => e.userId === "usr_user000001"],
    ["?result=failure", (e: AuditEventInput) => e.result === "failure"],
    ["?ip=203.0.113.7", (e: AuditEventInput) => e.ip === "203.0.113.7"],
    ["?result=success&ip=2001:db8::1", (e: AuditEventInput) => e.result === "success" && e.ip === "2001:db8::1"],
  ])("filters %s", async (query, keep) => {
    const answer = await list(query);
    expect(answer.json.value.map((entry) => entry.requestId)).toEqual(events.filter(keep).map((e) => e.requestId).reverse());
  });

  it("filters by time, `from` inclusive and `to` exclusive", async () => {
    const from = encodeURIComponent(events[3]!.time!);
    const to = encodeURIComponent(events[7]!.time!);
    const answer = await list(`?from=${from}&to=${to}`);
    expect(answer.json.value.map((entry) => entry.requestId)).toEqual(["req-6", "req-5", "req-4", "req-3"]);
  });

  it("pages with $top and $skiptoken through every entry once, in order", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const answer = await list(`?$top=5${token ? `&$skiptoken=${token}` : ""}`);
      expect(answer.json.value.length).toBeLessThanOrEqual(5);
      seen.push(...answer.json.value.map((entry) => entry.requestId!));
      token = answer.json.skipToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(events.map((e) => e.requestId).reverse());
  });

  it("refuses a forged skip token, an unknown filter and a page too large", async () => {
    expect(errorCode(await list("?$skiptoken=bm9wZQ"))).toBe("VALIDATION_FAILED");
    expect(errorCode(await list("?activity=Hacked"))).toBe("VALIDATION_FAILED");
    expect(errorCode(await list("?password=x"))).toBe("VALIDATION_FAILED");
    expect(errorCode(await list("?$top=101"))).toBe("VALIDATION_FAILED");
  });

  it("records the admin's user creation, with the API key as actor", async () => {
    const user = await createUser(tenant, key, { userName: "carol@contoso.example", displayName: "Carol" });
    const entry = await eventually(async () => {
      const found = (await list("?activity=Add%20user")).json.value[0];
      if (!found) throw new Error("not yet");
      return found;
    });
    expect(entry).toMatchObject({
      userId: user.id,
      userName: "carol@contoso.example",
      service: "Core Directory",
      actor: "admin",
      result: "success",
    });
    expect(entry.actorId).toMatch(/^key_/);
  });
});

describe("CSV export", () => {
  it("answers CSV for ?format=csv and for Accept: text/csv, with a header row", async () => {
    for (const answer of [await raw(`/v1/tenants/${tenant}/auditLogs?format=csv`), await raw(`/v1/tenants/${tenant}/auditLogs`, { accept: "text/csv" })]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(answer.headers.get("content-disposition")).toContain("attachment");
      const lines = answer.text.trimEnd().split("\r\n");
      expect(lines[0]).toBe("id,time,service,activity,result,reason,userId,userName,methods,step,actor,actorId,ip,country,device,requestId,flowId,risk");
      expect(lines).toHaveLength(13);
      expect(lines[1]).toContain(",req-11,");
    }
  });

  it("defuses a value a spreadsheet would run as a formula", async () => {
    await writeEvents(tenant, [{ activity: reset, result: "success", userName: "-2+3+cmd", requestId: "req-formula" }]);
    const answer = await raw(`/v1/tenants/${tenant}/auditLogs?format=csv&$top=1`);
    expect(answer.text).toContain(`"'-2+3+cmd"`);
    expect(answer.text).not.toMatch(/,-2\+3/);
  });

  it("links the next page when there is one", async () => {
    const answer = await raw(`/v1/tenants/${tenant}/auditLogs?format=csv&$top=10`);
    const link = answer.headers.get("link");
    expect(link).toMatch(/^<\/v1\/tenants\/.+(\$|%24)skiptoken=.+>; rel="next"$/);
    const next = await raw(link!.slice(1, link!.indexOf(">")));
    expect(next.text.trimEnd().split("\r\n")).toHaveLength(3);
    expect(next.headers.get("link")).toBeNull();
  });
});

describe("GET /auditLogs/verify", () => {
  it("checks every shard's chain and names the one that was tampered with", async () => {
    const clean = await call("GET", `/v1/tenants/${tenant}/auditLogs/verify`, { token: key });
    expect(clean.json.ok).toBe(true);
    expect(clean.json.shards.reduce((sum: number, shard: { entries: number }) => sum + shard.entries, 0)).toBe(12);

    const { shard, stub } = auditShards(env, tenant).find((s) => clean.json.shards[s.shard].entries > 1)!;
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("DROP TRIGGER entries_no_update");
      state.storage.sql.exec("UPDATE entries SET result = CASE result WHEN 'success' THEN 'failure' ELSE 'success' END WHERE seq = 1");
    });
    const tampered = await call("GET", `/v1/tenants/${tenant}/auditLogs/verify`, { token: key });
    expect(tampered.json.ok).toBe(false);
    expect(tampered.json.shards[shard]).toMatchObject({ ok: false, brokenAt: 1 });
  });
});
