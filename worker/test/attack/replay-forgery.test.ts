import { env, exports } from "cloudflare:workers";
import { SignJWT, decodeProtectedHeader, exportJWK, generateKeyPair } from "jose";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { setPassword } from "../../src/password/set-password";
import { call, errorCode } from "../api";
import { fakeRequests } from "../fakes";
import { codeSentTo, startFlow, submit } from "../flows";
import { DAY, signInTenant, smsUser, startAt, submitAt } from "../signin";

/**
 * Replay (used codes, finished flows, old tokens, signed webhooks), forged tokens, hostile JSON,
 * and secrets in logs and responses.
 */

const T = "replay";
let key = "";
let origin = "";
let site = { siteKey: "", secret: "" };
let userId = "";
const phone = "+12065550100";
let people = 0;

/**
 * A sign-in of a fresh account (its own number), from its own address: each account gets only
 * 5 texts an hour, and these tests sign in more often than that.
 */
async function signIn(): Promise<{ flow: string; code: string; token: string; userId: string; phone: string }> {
  const n = ++people;
  const phone = `+1206555${String(100 + n).padStart(4, "0")}`;
  const user = await smsUser(T, key, `p${n}@replay.example`, phone);
  const ip = `198.51.101.${n}`;
  const flow = (await startFlow(T, origin, "sms_signin", ip)).json.id as string;
  await submit(flow, origin, { phoneNumber: phone }, ip);
  const code = await codeSentTo(phone);
  const done = await submit(flow, origin, { action: "verify", code }, ip);
  expect(done.json.state, JSON.stringify(done.json)).toBe("done");
  return { flow, code, token: done.json.ui.token, userId: user.id, phone };
}

const siteverify = async (token: string) => (await call("POST", "/v1/siteverify", { body: { secret: site.secret, response: token } })).json;

beforeAll(async () => {
  ({ key, origin, site } = await signInTenant(T));
  userId = (await smsUser(T, key, "rita@replay.example", phone)).id;
});

describe("replay", () => {
  it("a used code and a finished flow stay spent", async () => {
    const { flow, code, phone } = await signIn();
    for (let i = 0; i < 3; i++) expect(errorCode(await submit(flow, origin, { action: "verify", code }))).toBe("FLOW_COMPLETED");
    expect(errorCode(await submit(flow, origin, { action: "resend" }))).toBe("FLOW_COMPLETED");
    expect(errorCode(await submit(flow, origin, { phoneNumber: phone }))).toBe("FLOW_COMPLETED");
    // The code of a finished flow opens no other flow either: codes are bound to their flow.
    const other = (await startFlow(T, origin, "sms_signin")).json.id as string;
    await submit(other, origin, { phoneNumber: phone });
    expect(errorCode(await submit(other, origin, { action: "verify", code }))).toMatch(/^OTP_INVALID$/);
  });

  it("an old token dies with a password reset (session epoch), though it has not expired", async () => {
    const { token, userId } = await signIn();
    expect(await siteverify(token)).toMatchObject({ success: true });
    expect((await setPassword(env, T, userId, "Fresh-Lantern-Orbit-72")).ok).toBe(true);
    expect(await siteverify(token)).toMatchObject({ success: false, "error-codes": ["token-revoked"] });
    // A new sign-in gets a token that works.
    expect(await siteverify((await signIn()).token)).toMatchObject({ success: true });
  });

  it("signed webhooks carry a unique id and a timestamp, so a gateway refuses a replay", async () => {
    // A number no other test file texts: the fake providers are shared by the whole run.
    const to = `+1207555${String(100 + Math.floor(Math.random() * 100)).padStart(4, "0")}`;
    const { key: hookKey, origin: hookOrigin } = await signInTenant("replay-hook");
    await call("PATCH", "/v1/tenants/replay-hook/providers", { token: hookKey, body: { sms: ["webhook"] } });
    await smsUser("replay-hook", hookKey, "w@replay.example", to);
    for (let i = 0; i < 2; i++) {
      const flow = (await startFlow("replay-hook", hookOrigin, "sms_signin", `198.51.100.${60 + i}`)).json.id as string;
      await submit(flow, hookOrigin, { phoneNumber: to }, `198.51.100.${60 + i}`);
    }
    let hooks: Awaited<ReturnType<typeof fakeRequests>> = [];
    for (let i = 0; i < 100 && hooks.length < 2; i++) {
      hooks = (await fakeRequests(to)).filter((r) => r.provider === "webhook");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(hooks).toHaveLength(2);
    expect(hooks[0]!.headers["webhook-id"]).not.toBe(hooks[1]!.headers["webhook-id"]);
    // The test config's WEBHOOK_SECRET (vitest.config.ts): what a gateway would hold.
    const gateway = new Webhook("whsec_LAmAYtJhCVNiFKtx+IJJT9i9Zq6SiMe3Lyob/ie/2w8=");
    const headers = (h: Record<string, string>) => ({ "webhook-id": h["webhook-id"]!, "webhook-timestamp": h["webhook-timestamp"]!, "webhook-signature": h["webhook-signature"]! });
    expect(() => gateway.verify(hooks[0]!.body, headers(hooks[0]!.headers))).not.toThrow();
    // The same delivery replayed ten minutes later is outside the 5-minute tolerance.
    vi.useFakeTimers({ now: Date.now() + 10 * 60_000, toFake: ["Date"] });
    expect(() => gateway.verify(hooks[0]!.body, headers(hooks[0]!.headers))).toThrow();
    vi.useRealTimers();
    // And a body swapped under another delivery's signature fails.
    expect(() => gateway.verify(hooks[1]!.body, headers(hooks[0]!.headers))).toThrow();
  });
});

afterEach(() => vi.useRealTimers());

describe("token forgery", () => {
  const b64 = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

  it("refuses alg none, another key, a tampered payload, HS256 with the public key, an embedded key and a wrong audience", async () => {
    const { token } = await signIn();
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    const { kid } = decodeProtectedHeader(token);
    const other = await generateKeyPair("ES256");
    const jwks = (await call("GET", "/.well-known/jwks.json")).json.keys as { kid: string }[];
    const publicJwk = JSON.stringify(jwks.find((k) => k.kid === kid));
    const forged: Record<string, string> = {
      "alg none": `${b64({ alg: "none", typ: "JWT", kid })}.${payload}.`,
      "another key, same kid": await new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: kid! }).sign(other.privateKey),
      "tampered subject": `${header}.${b64({ ...claims, sub: "usr_someone_else_0000" })}.${signature}`,
      "HS256 keyed with the public key": await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid: kid! }).sign(new TextEncoder().encode(publicJwk)),
      "embedded jwk": await new SignJWT(claims).setProtectedHeader({ alg: "ES256", jwk: await exportJWK(other.publicKey) }).sign(other.privateKey),
      "wrong audience": await new SignJWT({ ...claims, aud: "site_someone_else" }).setProtectedHeader({ alg: "ES256", kid: kid! }).sign(other.privateKey),
      "no signature": `${header}.${payload}`,
    };
    for (const [name, jwt] of Object.entries(forged)) {
      const answer = await siteverify(jwt);
      expect(answer.success, name).toBe(false);
      const opened = await call("POST", `/v1/flows/security_info?tenant=${T}`, { headers: { origin, authorization: `Bearer ${jwt}` } });
      expect(errorCode(opened), name).toBe("UNAUTHENTICATED");
    }
    // The genuine token still verifies: the refusals above are the forgeries', not the key's.
    expect(await siteverify(token)).toMatchObject({ success: true });
  });

  it("refuses an expired token, genuinely signed", async () => {
    const past = Date.now() - DAY;
    const started = await startAt(T, "sms_signin", past);
    // The outbox dates messages by the real clock: wait for this code, not an earlier test's.
    const sent = Date.now();
    await submitAt(started.json.id, { phoneNumber: phone }, past, "198.51.100.77");
    const code = await codeSentTo(phone, sent);
    const done = await submitAt(started.json.id, { action: "verify", code }, past + 1000, "198.51.100.77");
    expect(done.json.state).toBe("done");
    expect(await siteverify(done.json.ui.token)).toMatchObject({ success: false, "error-codes": ["token-expired"] });
  });
});

describe("hostile JSON", () => {
  const raw = (method: string, path: string, body: string, headers: Record<string, string> = {}) =>
    call(method, path, { rawBody: body, headers: { "content-type": "application/json", ...headers } });
  const huge = JSON.stringify({ identifier: "x".repeat(1024 * 1024) });
  const nested = `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`;
  const arrays = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;

  it("answers oversized and deeply nested bodies with stable codes on public and admin routes", async () => {
    const flow = (await startFlow(T, origin)).json.id as string;
    const targets: [string, string, Record<string, string>][] = [
      ["POST", `/v1/flows/${flow}`, { origin }],
      ["POST", `/v1/flows/reset?tenant=${T}`, { origin }],
      ["POST", "/v1/siteverify", {}],
      ["POST", "/v1/vitals", {}],
      ["PATCH", `/v1/tenants/${T}/policies/password`, { authorization: `Bearer ${key}` }],
      ["POST", `/v1/tenants/${T}/users`, { authorization: `Bearer ${key}` }],
    ];
    for (const [method, path, headers] of targets) {
      const big = await raw(method, path, huge, headers);
      expect([413, 400], `${path} 1 MB`).toContain(big.status);
      if (big.status === 413) expect(errorCode(big)).toBe("BODY_TOO_LARGE");
      for (const body of [nested, arrays]) {
        const answer = await raw(method, path, body, headers);
        expect(answer.status, `${path} nested`).toBeLessThan(500);
        expect(answer.status).toBeGreaterThanOrEqual(400);
      }
    }
    // The flow is where it was.
    expect((await call("GET", `/v1/flows/${flow}`, { headers: { origin } })).json.state).toBe("identify");
  });
});

describe("secrets stay out of logs and responses", () => {
  it("no code, password, key, site secret or token in any log line or admin response of a full run", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    const spies = [vi.spyOn(console, "log").mockImplementation(capture), vi.spyOn(console, "warn").mockImplementation(capture), vi.spyOn(console, "error").mockImplementation(capture)];
    let secrets: string[] = [];
    let responses = "";
    try {
      const password = "Velvet-Harbor-Quill-58";
      const made = await call("POST", `/v1/tenants/${T}/apiKeys`, { token: key, body: { name: "leak check" } });
      const user = await call("POST", `/v1/tenants/${T}/users`, { token: key, body: { userName: "sam@replay.example", displayName: "Sam", passwordProfile: { password } } });
      const { code, token } = await signIn();
      // A wrong code too: rejected codes must not be logged either.
      const flow = (await startFlow(T, origin, "sms_signin", "198.51.100.88")).json.id as string;
      await submit(flow, origin, { phoneNumber: phone }, "198.51.100.88");
      await submit(flow, origin, { action: "verify", code: "918273" }, "198.51.100.88");
      await new Promise((resolve) => setTimeout(resolve, 200));
      secrets = [password, code, "918273", made.json.key, key, site.secret, token, token.split(".")[2]!];
      const reads = await Promise.all(
        ["/users?$top=100", `/users/${user.json.id}`, `/users/${userId}/authentication/methods`, "/apiKeys", "/siteKey", "/auditLogs?$top=100", "/auditLogs?format=csv"].map((p) =>
          exports.default.fetch(new Request(`http://sesame.test/v1/tenants/${T}${p}`, { headers: { authorization: `Bearer ${key}` } })).then((r) => r.text()),
        ),
      );
      responses = reads.join("\n");
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const logs = lines.join("\n");
    // The capture works: the run's own structured logs are there.
    expect(logs).toContain('"msg":"otp.issued"');
    expect(logs).toContain('"msg":"request"');
    for (const secret of secrets) {
      expect(logs, "a secret in the logs").not.toContain(secret);
      expect(responses, "a secret in an admin response").not.toContain(secret);
    }
    // Phone numbers are masked in admin answers and logs.
    expect(responses).not.toContain(phone);
    expect(logs).not.toContain(phone);
  });
});
