import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCodeGateway, startLocalWorker, type CodeGateway, type LocalWorker } from "../support/local-worker";
import { captchaToken } from "../support/sesame-client";

/**
 * The local worker is SIGKILLed in the middle of flows and of a burst of writes, then started
 * again on the same persisted state (wrangler dev --persist-to): whatever it acknowledged before
 * dying is still there, and what was used or spent stays used or spent.
 */

let gateway: CodeGateway;
let worker: LocalWorker;
const tenant = "durable";
const ip = { "cf-connecting-ip": "198.51.100.20" };

async function http(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${worker.api}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** CAPTCHA tokens of started flows, attached to their first step as the widget would. */
const captchas = new Map<string, string>();
const flow = (id: string, body: unknown, from = ip) => {
  const token = captchas.get(id);
  const first = token && typeof body === "object" && body !== null && ("identifier" in body || "phoneNumber" in body);
  return http("POST", `/v1/flows/${id}`, { body: first ? { ...body, captcha: token } : body, headers: from });
};
const start = async (type: string, from = ip) => {
  const created = (await http("POST", `/v1/flows/${type}?tenant=${tenant}`, { headers: from })).json;
  const token = await captchaToken(created);
  if (token) captchas.set(created.id, token);
  return created.id as string;
};

async function addUser(key: string, userName: string, phone: string, smsSignIn = false) {
  const user = (await http("POST", `/v1/tenants/${tenant}/users`, { token: key, body: { userName, displayName: userName.split("@")[0] } })).json;
  const method = (await http("POST", `/v1/tenants/${tenant}/users/${user.id}/authentication/phoneMethods`, { token: key, body: { phoneNumber: phone, phoneType: "mobile" } })).json;
  if (smsSignIn) await http("POST", `/v1/tenants/${tenant}/users/${user.id}/authentication/phoneMethods/${method.id}/enableSmsSignIn`, { token: key });
  return user.id as string;
}

/** Waits until the audit log holds `count` refused sends (they are written in the background). */
async function untilBlocked(key: string, count: number) {
  for (let i = 0; i < 100; i++) {
    const query = new URLSearchParams({ activity: "Blocked from self-service password reset", $top: "100" });
    const entries = (await http("GET", `/v1/tenants/${tenant}/auditLogs?${query}`, { token: key })).json.value as unknown[];
    if (entries.length >= count) return expect(entries).toHaveLength(count);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never saw ${count} refused sends in the audit log`);
}

function wrongCode(code: string) {
  return code.replace(/^./, (d) => String((Number(d) + 1) % 10));
}

beforeAll(async () => {
  gateway = await startCodeGateway();
  worker = await startLocalWorker({ gateway });
});

afterAll(async () => {
  await worker?.stop();
  await gateway?.close();
});

describe("durability: SIGKILL mid-flow, then restart on the same state", () => {
  it("keeps flows, codes, throttles, audit and the directory; nothing acknowledged is lost; a used code stays used", async () => {
    const made = (await http("POST", "/v1/tenants", { token: worker.bootstrap, body: { id: tenant, displayName: "Durable" } })).json;
    const key = made.apiKey.key as string;
    const siteSecret = made.siteKey.secret as string;
    await http("PATCH", `/v1/tenants/${tenant}/providers`, { token: key, body: { sms: ["webhook"] } });
    await http("PATCH", `/v1/tenants/${tenant}/policies/smsSignIn`, { token: key, body: { enabled: true } });
    // Phone protection decides (and records) every send, in shadow mode: the throttle below, not
    // a risk score for sends to fictional 555-01xx numbers, is what must refuse the sixth send.
    await http("PATCH", `/v1/tenants/${tenant}/policies/phoneProtection`, { token: key, body: { mode: "shadow", captcha: { altchaDifficulty: 1_000 } } });
    await addUser(key, "ada@durable.example", "+12025550101");
    await addUser(key, "bo@durable.example", "+12025550102");
    await addUser(key, "cy@durable.example", "+12025550103", true);

    // A reset waiting for its code, with one wrong guess already spent.
    const waiting = await start("reset");
    await flow(waiting, { identifier: "ada@durable.example" });
    expect((await flow(waiting, { method: "sms-1", confirm: "+12025550101" })).json.state).toBe("verify_code");
    const waitingCode = await gateway.codeFor(waiting);
    const spent = await flow(waiting, { action: "verify", code: wrongCode(waitingCode) });
    expect(spent.json.error.code).toBe("OTP_INVALID");

    // An SMS sign-in finished before the crash: its code is used, its token issued.
    const signedIn = await start("sms_signin");
    await flow(signedIn, { phoneNumber: "+12025550103" });
    const signInCode = await gateway.codeFor(signedIn);
    const done = await flow(signedIn, { action: "verify", code: signInCode });
    expect(done.json.state).toBe("done");
    const token = done.json.ui.token as string;

    // A throttle tripped: bo has had as many SMS codes this hour as any user may (5). A refused
    // send answers like any other (no enumeration); it shows as no message and an audit entry.
    const sendToBo = async (from: string) => {
      const headers = { "cf-connecting-ip": from };
      const id = await start("reset", headers);
      await flow(id, { identifier: "bo@durable.example" }, headers);
      expect((await flow(id, { method: "sms-1", confirm: "+12025550102" }, headers)).json.state).toBe("verify_code");
      return id;
    };
    for (let send = 0; send < 5; send++) await gateway.codeFor(await sendToBo(`198.51.100.${100 + send}`));
    const sixth = await sendToBo("198.51.100.105");
    await untilBlocked(key, 1);
    await expect(gateway.codeFor(sixth, 1_000)).rejects.toThrow();

    const auditBefore = (await http("GET", `/v1/tenants/${tenant}/auditLogs?$top=100`, { token: key })).json.value as { id: string }[];
    expect(auditBefore.length).toBeGreaterThan(10);

    // A burst of writes, killed part way: every one acknowledged must survive.
    const acknowledged: string[] = [];
    let fifth: () => void;
    const fiveAcknowledged = new Promise<void>((resolve) => (fifth = resolve));
    const burst = Array.from({ length: 40 }, (_, i) =>
      http("POST", `/v1/tenants/${tenant}/users`, { token: key, body: { userName: `burst${i}@durable.example`, displayName: `burst ${i}` } })
        .then((answer) => {
          if (answer.status === 201 && acknowledged.push(answer.json.userName) === 5) fifth();
        })
        .catch(() => undefined),
    );
    // The kill lands while the rest of the burst is in flight.
    await fiveAcknowledged;
    await worker.kill();
    await Promise.all(burst);
    expect(acknowledged.length).toBeGreaterThanOrEqual(5);
    await expect(fetch(`${worker.api}/v1/health`)).rejects.toThrow();

    worker = await startLocalWorker({ gateway, stateDir: worker.stateDir, port: worker.port });

    // The directory, the admin key and everything acknowledged.
    const users = (await http("GET", `/v1/tenants/${tenant}/users?$top=100`, { token: key })).json.value as { userName: string }[];
    const names = users.map((u) => u.userName);
    expect(names).toEqual(expect.arrayContaining(["ada@durable.example", "bo@durable.example", "cy@durable.example", ...acknowledged]));

    // The audit trail: every entry from before, and its hash chain intact.
    const auditAfter = (await http("GET", `/v1/tenants/${tenant}/auditLogs?$top=100`, { token: key })).json.value as { id: string }[];
    expect(auditAfter.map((e) => e.id)).toEqual(expect.arrayContaining(auditBefore.map((e) => e.id)));
    expect((await http("GET", `/v1/tenants/${tenant}/auditLogs/verify`, { token: key })).json).toMatchObject({ ok: true });

    // The throttle still holds: another code for bo is still refused.
    const seventh = await sendToBo("198.51.100.200");
    await untilBlocked(key, 2);
    await expect(gateway.codeFor(seventh, 1_000)).rejects.toThrow();

    // The used code stays used; the finished flow stays finished; its token still verifies.
    const replay = await flow(signedIn, { action: "verify", code: signInCode });
    expect(replay.status).toBeGreaterThanOrEqual(400);
    expect(replay.json.error.code).toMatch(/^(FLOW_COMPLETED|FLOW_STATE_INVALID|OTP_ALREADY_USED)$/);
    const verified = (await http("POST", "/v1/siteverify", { body: { secret: siteSecret, response: token } })).json;
    expect(verified).toMatchObject({ success: true });

    // The waiting flow resumes where it was: its code still works, with the spent guess counted.
    const resumed = await http("GET", `/v1/flows/${waiting}`, { headers: ip });
    expect(resumed.json.state).toBe("verify_code");
    expect(resumed.json.ui.code.attemptsLeft).toBe(4);
    const verifiedAfter = await flow(waiting, { action: "verify", code: waitingCode });
    expect(verifiedAfter.status).toBe(200);
    expect(verifiedAfter.json.state).not.toBe("verify_code");
    expect((await flow(waiting, { action: "verify", code: waitingCode })).status).toBeGreaterThanOrEqual(400);
  });
});
