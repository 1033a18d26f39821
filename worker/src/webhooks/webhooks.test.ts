import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { call, createTenant, createUser, errorCode } from "../../test/api";
import { audit } from "../audit/audit";
import { WEBHOOK_RETRY_DELAYS_MS } from "../limits";
import { tenantEventsOf } from "./emit";
import type { TenantEvents } from "./tenant-events";

const T = "hooks";
let key = "";
const receiver = `http://127.0.0.1:${inject("webhookReceiverPort")}`;

interface Received {
  headers: Record<string, string>;
  body: string;
  status: number;
}

const received = async (name: string): Promise<Received[]> => (await (await fetch(`${receiver}/_received/${name}`)).json()) as Received[];
const failFirst = (name: string, n: number) => fetch(`${receiver}/_config/${name}`, { method: "POST", body: JSON.stringify({ failFirst: n }) });

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, tries = 300): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const background = { waitUntil: () => undefined };
const flowId = (n: number) => `${T}.${String(n).padStart(24, "x")}`;

async function endpoint(name: string, events: string[]) {
  const made = await call("POST", `/v1/tenants/${T}/webhooks/endpoints`, { token: key, body: { url: `${receiver}/hooks/${name}`, events } });
  expect(made.status).toBe(201);
  return made.json as { id: string; secret: string; secretHint: string };
}

beforeAll(async () => {
  ({ key } = await createTenant(T));
});

describe("webhook endpoints", () => {
  it("shows the secret once, at creation, and refuses bad URLs and event types", async () => {
    const made = await endpoint("listing", ["reset.completed"]);
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await call("GET", `/v1/tenants/${T}/webhooks/endpoints`, { token: key });
    const shown = listed.json.value.find((e: { id: string }) => e.id === made.id);
    expect(shown).toMatchObject({ url: `${receiver}/hooks/listing`, events: ["reset.completed"], enabled: true, secretHint: made.secret.slice(-4) });
    expect(JSON.stringify(listed.json)).not.toContain(made.secret);
    const bad = [{ url: "ftp://example.com/x", events: ["reset.completed"] }, { url: "https://example.com/x", events: ["nope"] }, { url: "https://example.com/x", events: [] }];
    for (const body of bad) expect(errorCode(await call("POST", `/v1/tenants/${T}/webhooks/endpoints`, { token: key, body }))).toBe("VALIDATION_FAILED");
    expect((await call("DELETE", `/v1/tenants/${T}/webhooks/endpoints/${made.id}`, { token: key })).status).toBe(204);
    expect(errorCode(await call("DELETE", `/v1/tenants/${T}/webhooks/endpoints/${made.id}`, { token: key }))).toBe("WEBHOOK_ENDPOINT_NOT_FOUND");
  });

  it("is another tenant's business: a key of one tenant cannot list another's", async () => {
    const other = await createTenant("hooks-other");
    expect(errorCode(await call("GET", `/v1/tenants/${T}/webhooks/endpoints`, { token: other.key }))).toBe("TENANT_NOT_FOUND");
  });
});

describe("delivering to a receiver that fails its first deliveries", () => {
  it("retries with backoff from the alarm until it recovers; the event arrives signed, with the same id on every attempt", async () => {
    const made = await endpoint("recovering", ["reset.completed"]);
    await failFirst("recovering", 2);
    await audit(env, background, T, { activity: "Reset password (self-service)", result: "success", userId: "usr_aaaaaaaaaaaaaaaaaaaa", userName: "ann@hooks.example", methods: ["mobilePhone"], flowId: flowId(1) });

    // The first attempt goes at once and fails; the second WEBHOOK_RETRY_DELAYS_MS[0] later fails too.
    const two = await until("two attempts", () => received("recovering"), (r) => r.length >= 2, 600);
    expect(two.map((r) => r.status)).toEqual([503, 503]);
    const afterTwo = (await call("GET", `/v1/tenants/${T}/webhooks/deliveries?endpointId=${made.id}`, { token: key })).json.value[0];
    expect(afterTwo).toMatchObject({ type: "reset.completed", status: "pending", attempts: 2, lastStatus: 503, lastError: "HTTP 503" });
    // The third waits the schedule's second delay (5 minutes): time passes here by moving it due.
    const wait = Date.parse(afterTwo.nextAttemptAt) - Date.now();
    expect(wait).toBeGreaterThan(WEBHOOK_RETRY_DELAYS_MS[1] - 60_000);
    const stub = tenantEventsOf(env, T);
    await runInDurableObject(stub, async (_: TenantEvents, state) => {
      state.storage.sql.exec("UPDATE deliveries SET next_at = ? WHERE status = 'pending'", Date.now());
      await state.storage.setAlarm(Date.now());
    });
    const all = await until("the delivery", () => received("recovering"), (r) => r.some((x) => x.status === 204), 600);
    expect(all.map((r) => r.status)).toEqual([503, 503, 204]);

    const delivered = all[2]!;
    const verified = new Webhook(made.secret).verify(delivered.body, delivered.headers) as { type: string; data: Record<string, unknown> };
    expect(verified).toMatchObject({ type: "reset.completed", data: { tenantId: T, activity: "Reset password (self-service)", userName: "ann@hooks.example", methods: ["mobilePhone"] } });
    expect(new Set(all.map((r) => r.headers["webhook-id"])).size).toBe(1);
    // A wrong secret does not verify: the signature means something.
    expect(() => new Webhook("whsec_LAmAYtJhCVNiFKtx+IJJT9i9Zq6SiMe3Lyob/ie/2w8=").verify(delivered.body, delivered.headers)).toThrow();

    const log = (await call("GET", `/v1/tenants/${T}/webhooks/deliveries?endpointId=${made.id}`, { token: key })).json.value[0];
    expect(log).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 204, lastError: null, nextAttemptAt: null });

    // Manual redelivery sends it again, with the same webhook-id so the receiver can drop the copy.
    const again = await call("POST", `/v1/tenants/${T}/webhooks/deliveries/${log.id}/redeliver`, { token: key });
    expect(again.status).toBe(202);
    const four = await until("the redelivery", () => received("recovering"), (r) => r.length >= 4);
    expect(four[3]!.headers["webhook-id"]).toBe(delivered.headers["webhook-id"]);
    expect(new Webhook(made.secret).verify(four[3]!.body, four[3]!.headers)).toBeTruthy();
  });

  it("sends only the events an endpoint subscribed to, and nothing once it is disabled", async () => {
    const made = await endpoint("picky", ["signin.succeeded"]);
    await audit(env, background, T, { activity: "Reset password (self-service)", result: "success", userId: "usr_bbbbbbbbbbbbbbbbbbbb", flowId: flowId(2) });
    await audit(env, background, T, { activity: "Sign-in with SMS", result: "success", step: "token_issued", userId: "usr_bbbbbbbbbbbbbbbbbbbb", flowId: flowId(3) });
    const got = await until("the sign-in", () => received("picky"), (r) => r.length >= 1);
    expect(got.map((r) => JSON.parse(r.body).type)).toEqual(["signin.succeeded"]);
    expect((await call("PATCH", `/v1/tenants/${T}/webhooks/endpoints/${made.id}`, { token: key, body: { enabled: false } })).json.enabled).toBe(false);
    const queued = await tenantEventsOf(env, T).emit({ type: "signin.succeeded", eventId: "aud_cccccccccccccccccccc", time: Date.now(), data: {} });
    expect(queued).toBe(0);
  });
});

describe("spike alerts", () => {
  it("raises one alert when resets spike, shows it, emails the admins, and sends it to the endpoints that want alerts", async () => {
    const made = await endpoint("alerts", ["alert.raised"]);
    await createUser(T, key, { userName: "root@hooks.example", displayName: "Root", emails: ["root@hooks.example"], roles: ["user", "admin"] });
    // 20 resets spread over 4 shards: one shard at least reaches its share (5) of the minimum.
    for (let n = 0; n < 24; n++) {
      await audit(env, background, T, { activity: "Self-service password reset flow activity progress", result: "success", step: "identified", flowId: flowId(100 + n) });
    }
    const alerts = await until("the alert", async (): Promise<{ id: string }[]> => (await call("GET", `/v1/tenants/${T}/alerts`, { token: key })).json.value, (v: { id: string }[]) => v.length > 0);
    expect(alerts[0]).toMatchObject({ kind: "reset_spike", country: null, count: 5, baseline: 0, acknowledgedAt: null });
    const hook = await until("the alert webhook", () => received("alerts"), (r) => r.length >= 1);
    const payload = new Webhook(made.secret).verify(hook[0]!.body, hook[0]!.headers) as { type: string; data: { id: string; kind: string } };
    expect(payload).toMatchObject({ type: "alert.raised", data: { id: alerts[0]!.id, kind: "reset_spike" } });
    const mail = await until(
      "the admin's email",
      async () => (await call("GET", `/dev/outbox.json?tenant=${T}`)).json.value as { to: string; text: string; subject?: string }[],
      (messages) => messages.some((m) => m.to === "root@hooks.example"),
    );
    expect(mail.find((m) => m.to === "root@hooks.example")).toMatchObject({ subject: "Tenant hooks: Unusual activity alert", text: expect.stringContaining("(reset_spike)") });
    const acknowledged = await call("POST", `/v1/tenants/${T}/alerts/${alerts[0]!.id}/acknowledge`, { token: key });
    expect(acknowledged.json.acknowledgedAt).not.toBeNull();
  });

  it("does not alert on a trickle", async () => {
    const { key: quietKey } = await createTenant("hooks-quiet");
    for (let n = 0; n < 4; n++) {
      await audit(env, background, "hooks-quiet", { activity: "Self-service password reset flow activity progress", result: "success", step: "identified", flowId: `hooks-quiet.${String(n).padStart(24, "q")}` });
    }
    expect((await call("GET", "/v1/tenants/hooks-quiet/alerts", { token: quietKey })).json.value).toEqual([]);
  });
});

