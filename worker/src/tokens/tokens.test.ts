import { env } from "cloudflare:workers";
import { errors, generateKeyPair, jwtVerify, SignJWT, UnsecuredJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { BOOTSTRAP, call, createUser } from "../../test/api";
import { ISSUER, jwks, signInTenant } from "../../test/signin";
import { directoryOf } from "../directory/stub";
import { issueIdToken, type IdTokenInput } from "./issue";

let key = "";
let site = { siteKey: "", secret: "" };
let other = { siteKey: "", secret: "" };
let userId = "";
const T = "tok-t";

beforeAll(async () => {
  ({ key, site } = await signInTenant(T, { smsSignIn: false }));
  ({ site: other } = await signInTenant("tok-other", { smsSignIn: false }));
  userId = (await createUser(T, key, { userName: "kim@tok.example", displayName: "Kim" })).id;
});

const token = (extra: Partial<IdTokenInput> = {}) =>
  issueIdToken(env, { issuer: ISSUER, audience: site.siteKey, tenantId: T, userId, amr: ["sms"], authTime: Date.now(), sid: `${T}.${"a".repeat(24)}`, sessionEpoch: 0, ttlSeconds: 300, now: Date.now(), ...extra });

const siteverify = (body: Record<string, string>, form = false) =>
  call("POST", "/v1/siteverify", form ? { rawBody: new URLSearchParams(body).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } } : { body });

describe("published keys", () => {
  it("publishes ES256 public keys (current and next) and a discovery document", async () => {
    const answer = await call("GET", "/.well-known/jwks.json");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toMatch(/max-age=\d+/);
    expect(answer.json.keys.length).toBeGreaterThanOrEqual(2);
    for (const jwk of answer.json.keys) {
      expect(jwk).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", kid: expect.any(String) });
      expect(jwk.d).toBeUndefined();
    }
    const discovery = await call("GET", "/.well-known/openid-configuration");
    expect(discovery.json).toMatchObject({
      issuer: ISSUER,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ["ES256"],
    });
  });
});

describe("ID tokens checked with jose and the JWKS", () => {
  it("verifies a token with the right issuer and audience", async () => {
    const { payload, protectedHeader } = await jwtVerify(await token(), await jwks(), { issuer: ISSUER, audience: site.siteKey, algorithms: ["ES256"] });
    expect(protectedHeader).toMatchObject({ alg: "ES256", typ: "JWT", kid: expect.any(String) });
    expect(payload).toMatchObject({ sub: userId, tid: T, amr: ["sms"], session_epoch: 0 });
  });

  it("refuses a wrong audience, an expired token, alg none, and a token signed by another key", async () => {
    const keys = await jwks();
    const verify = (jwt: string, audience = site.siteKey) => jwtVerify(jwt, keys, { issuer: ISSUER, audience, algorithms: ["ES256"] });
    await expect(verify(await token(), other.siteKey)).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
    const old = Date.now() - 3_600_000;
    await expect(verify(await token({ now: old, authTime: old }))).rejects.toBeInstanceOf(errors.JWTExpired);
    const none = new UnsecuredJWT({ sub: userId, tid: T }).setIssuer(ISSUER).setAudience(site.siteKey).setIssuedAt().setExpirationTime("5m").encode();
    await expect(verify(none)).rejects.toThrow();
    const { kid } = JSON.parse(atob((await token()).split(".")[0]!.replace(/-/g, "+").replace(/_/g, "/")));
    const foreign = await generateKeyPair("ES256");
    const forged = await new SignJWT({ sub: userId, tid: T, amr: ["sms"] })
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setIssuer(ISSUER)
      .setAudience(site.siteKey)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(foreign.privateKey);
    await expect(verify(forged)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });
});

describe("siteverify", () => {
  it("answers success and the claims for the right secret, as JSON or a form", async () => {
    const jwt = await token();
    const json = await siteverify({ secret: site.secret, response: jwt });
    expect(json.status).toBe(200);
    expect(json.json).toMatchObject({ success: true, "error-codes": [], claims: { sub: userId, aud: site.siteKey, amr: ["sms"] } });
    expect((await siteverify({ secret: site.secret, token: jwt }, true)).json.success).toBe(true);
  });

  it("refuses a wrong or missing secret, a missing token, and tokens that are not for this site", async () => {
    const jwt = await token();
    const old = Date.now() - 3_600_000;
    const none = new UnsecuredJWT({ sub: userId }).setIssuer(ISSUER).setAudience(site.siteKey).encode();
    const cases: [Record<string, string>, string[]][] = [
      [{ secret: `sec_${T}_${"x".repeat(43)}`, response: jwt }, ["invalid-input-secret"]],
      [{ secret: "not a secret", response: jwt }, ["invalid-input-secret"]],
      [{ response: jwt }, ["missing-input-secret"]],
      [{ secret: site.secret }, ["missing-input-response"]],
      [{ secret: other.secret, response: jwt }, ["audience-mismatch"]],
      [{ secret: site.secret, response: await token({ now: old, authTime: old }) }, ["token-expired"]],
      [{ secret: site.secret, response: none }, ["invalid-input-response"]],
      [{ secret: site.secret, response: "garbage" }, ["invalid-input-response"]],
      [{ secret: site.secret, response: await token({ audience: `${ISSUER}/security-info` }) }, ["audience-mismatch"]],
    ];
    for (const [body, codes] of cases) {
      const answer = await siteverify(body);
      expect(answer.status).toBe(200);
      expect(answer.json, JSON.stringify(Object.keys(body))).toEqual({ success: false, "error-codes": codes });
    }
    expect((await call("POST", "/v1/siteverify", { rawBody: "{", headers: { "content-type": "application/json" } })).json["error-codes"]).toEqual(["bad-request"]);
  });

  it("says a token is revoked once the user's sessions were ended", async () => {
    const jwt = await token();
    await directoryOf(env, T).revokeSessions(userId);
    expect((await siteverify({ secret: site.secret, response: jwt })).json).toEqual({ success: false, "error-codes": ["token-revoked"] });
  });

  it("shows the site key without its secret, and a rotated secret replaces the old one", async () => {
    const shown = await call("GET", `/v1/tenants/${T}/siteKey`, { token: key });
    expect(shown.json).toEqual({ siteKey: site.siteKey, secretHint: site.secret.slice(-4), createdAt: expect.any(String), secretRotatedAt: expect.any(String) });
    const rotated = await call("POST", `/v1/tenants/${T}/siteKey`, { token: key });
    expect(rotated.status).toBe(201);
    expect(rotated.json.siteKey).toBe(site.siteKey);
    expect(rotated.json.secret).toMatch(new RegExp(`^sec_${T}_[A-Za-z0-9_-]{43}$`));
    // The sessions were ended above: tokens issued since carry epoch 1.
    const jwt = await token({ sessionEpoch: 1 });
    expect((await siteverify({ secret: rotated.json.secret, response: jwt })).json.success).toBe(true);
    site = { siteKey: site.siteKey, secret: rotated.json.secret };
  });
});

describe("key rotation", () => {
  it("keeps the previous key published, so tokens signed before a rotation still verify", async () => {
    const before = await token({ sessionEpoch: 1 });
    expect((await call("POST", "/v1/signingKeys/rotate", { token: key })).status).toBe(403);
    const rotated = await call("POST", "/v1/signingKeys/rotate", { token: BOOTSTRAP });
    expect(rotated.json).toMatchObject({ current: expect.any(String), next: expect.any(String), previous: expect.any(String) });
    const kids = (await call("GET", "/.well-known/jwks.json")).json.keys.map((k: { kid: string }) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([rotated.json.current, rotated.json.next, rotated.json.previous]));
    expect((await siteverify({ secret: site.secret, response: before })).json.success).toBe(true);
    const after = await token({ sessionEpoch: 1 });
    expect(JSON.parse(atob(after.split(".")[0]!)).kid).toBe(rotated.json.current);
    await jwtVerify(after, await jwks(), { issuer: ISSUER, audience: site.siteKey });
  });
});
