import { Hono, type Context } from "hono";
import * as z from "zod/mini";
import {
  ApprovalDecisionSchema,
  DeviceAuthSchema,
  EMPTY_BODY_SHA256,
  normalisePairingCode,
  PairWithCodeSchema,
  PairWithTokenSchema,
  parseDeviceAuthHeader,
  ReportSchema,
  type Paired,
  type PublicKeyJwk,
} from "#contract/extension";
import { SECURITY_INFO_AUDIENCE_PATH } from "#contract/tokens";
import { audit } from "../audit/audit";
import { directoryOf } from "../directory/stub";
import type { AppEnv } from "../env";
import { ApiError, unwrap } from "../http/api-error";
import { zodDetails } from "../http/validate";
import { sha256Hex } from "../lib/crypto";
import { RECENT_AUTH_SECONDS } from "../limits";
import { verifyDevice, type Device } from "../inbox/device-auth";
import { extensionOverview } from "../inbox/overview";
import { reportFraud } from "../inbox/report";
import { inboxOf, pairingCodeOf } from "../inbox/stubs";
import { consume } from "../throttle/consume";
import { ipKey } from "../throttle/keys";
import { verifyIdToken } from "../tokens/verify";
import { meta } from "./flows";

type C = Context<AppEnv>;

/** Parses a zod/mini schema (the extension shares these) or answers VALIDATION_FAILED. */
function parse<T>(schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: unknown } }, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ApiError("VALIDATION_FAILED", zodDetails(result.error as never));
  return result.data;
}

async function bodyOf(c: C): Promise<{ text: string; json: unknown }> {
  if (!/^application\/json\b/i.test(c.req.header("content-type") ?? "")) throw new ApiError("UNSUPPORTED_MEDIA_TYPE");
  const text = await c.req.text();
  try {
    return { text, json: JSON.parse(text) };
  } catch {
    throw new ApiError("BAD_JSON");
  }
}

const pathOf = (c: C) => {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
};

/** The calling device, by its signature over this request; UNAUTHENTICATED for anything else. */
async function device(c: C, bodyText: string | null): Promise<Device> {
  const auth = parseDeviceAuthHeader(c.req.header("authorization"));
  const bodySha256Hex = bodyText === null ? EMPTY_BODY_SHA256 : await sha256Hex(bodyText);
  const found = auth ? await verifyDevice(c.env, auth, { method: c.req.method, path: pathOf(c), bodySha256Hex }) : null;
  if (!found) throw new ApiError("UNAUTHENTICATED", undefined, { "WWW-Authenticate": 'Sesame-Device realm="sesame-extension"' });
  c.set("tenantId", found.tenantId);
  return found;
}

/** Saves the key as the user's "browser extension" method and audits it (which alerts the user). */
async function pair(c: C, tenantId: string, userId: string, publicKey: PublicKeyJwk): Promise<Response> {
  const directory = directoryOf(c.env, tenantId);
  const { kty, crv, x, y } = publicKey;
  const saved = unwrap(await directory.registerExtension(userId, JSON.stringify({ kty, crv, x, y })));
  const [ctx, subject] = await Promise.all([directory.signInContext(), directory.subjectById(userId)]);
  const tenant = unwrap(ctx).tenant;
  const user = unwrap(subject)!.user;
  const where = meta(c);
  await audit(c.env, c.executionCtx, tenantId, {
    activity: "User registered security info",
    result: "success",
    methods: ["extension"],
    userId,
    userName: user.userName,
    ip: where.ip,
    country: where.country,
    device: where.device,
    requestId: where.requestId,
  });
  const body: Paired = { tenant: tenantId, tenantName: tenant.branding.name ?? tenant.displayName, userId, userName: user.userName, deviceId: saved.id };
  return c.json(body, 201);
}

/** A live ID token of this tenant from a sign-in within the last minutes. */
async function freshToken(c: C, tenantId: string, token: string | undefined): Promise<{ sub: string; authTime: number }> {
  if (!token) throw new ApiError("UNAUTHENTICATED");
  const ctx = unwrap(await directoryOf(c.env, tenantId).signInContext());
  const issuer = meta(c).issuer;
  const audiences = [`${issuer}${SECURITY_INFO_AUDIENCE_PATH}`, ...(ctx.siteKey ? [ctx.siteKey] : [])];
  const check = await verifyIdToken(c.env, token, { issuer, audiences, tenantId, checkSession: true });
  if (!check.ok) throw new ApiError("UNAUTHENTICATED");
  if (Date.now() / 1000 - check.claims.auth_time > RECENT_AUTH_SECONDS) throw new ApiError("REAUTHENTICATION_REQUIRED");
  return { sub: check.claims.sub, authTime: check.claims.auth_time * 1000 };
}

const TenantQuery = z.object({ tenant: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/)) });
const AfterQuery = z.object({ after: z.optional(z.coerce.number().check(z.int(), z.minimum(0))) });
const UnblockSchema = z.strictObject({ idToken: z.string().check(z.maxLength(4096)) });

/**
 * The companion extension's API (contract/extension.ts). No CORS: only the extension, whose
 * host permission lets it call Sesame, and servers reach these; a web page cannot.
 */
export const extensionRoutes = new Hono<AppEnv>()
  /** Pairing after a sign-in in the extension: the ID token says who, and must be recent. */
  .post("/v1/extension/pair", async (c) => {
    const { tenant } = parse(TenantQuery, { tenant: c.req.query("tenant") });
    c.set("tenantId", tenant);
    const token = /^Bearer\s+([A-Za-z0-9_.-]{1,4096})$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const { sub } = await freshToken(c, tenant, token);
    const input = parse(PairWithTokenSchema, (await bodyOf(c)).json);
    return pair(c, tenant, sub, input.publicKey);
  })
  /** Pairing with the code My security info showed: single use, 10 minutes, 50 bits. */
  .post("/v1/extension/pair/code", async (c) => {
    const input = parse(PairWithCodeSchema, (await bodyOf(c)).json);
    c.set("tenantId", input.tenant);
    const budget = await consume(c.env, "checksPerIp", ipKey(meta(c).ip));
    if (!budget.ok) throw new ApiError("RATE_LIMITED", undefined, { "Retry-After": String(budget.retryAfter) });
    const code = normalisePairingCode(input.code);
    const redeemed = await (await pairingCodeOf(c.env, input.tenant, code)).redeem(input.tenant);
    if (!redeemed) throw new ApiError("PAIRING_CODE_INVALID");
    return pair(c, input.tenant, redeemed.userId, input.publicKey);
  })
  /** The popup's view: methods, what the policy needs, when reconfirmation is due, the block. */
  .get("/v1/extension/overview", async (c) => c.json(await extensionOverview(c.env, await device(c, null))))
  /** The polling fallback: alerts after a cursor, approvals waiting, the block. */
  .get("/v1/extension/alerts", async (c) => {
    const { after } = parse(AfterQuery, { after: c.req.query("after") });
    const me = await device(c, null);
    return c.json(await inboxOf(c.env, me.tenantId, me.userId).poll(after ?? 0));
  })
  /** The live connection to the user's inbox; signed in the query (a WebSocket has no headers). */
  .get("/v1/extension/connect", async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw new ApiError("UPGRADE_REQUIRED");
    const auth = DeviceAuthSchema.safeParse(Object.fromEntries(new URL(c.req.url).searchParams));
    const me = auth.success ? await verifyDevice(c.env, auth.data, { method: "GET", path: "/v1/extension/connect", bodySha256Hex: EMPTY_BODY_SHA256 }) : null;
    if (!me) throw new ApiError("UNAUTHENTICATED");
    c.set("tenantId", me.tenantId);
    return inboxOf(c.env, me.tenantId, me.userId).fetch(new Request("https://inbox.internal/connect", { headers: { upgrade: "websocket" } }));
  })
  /** The user's answer to an approval request, signed by the device key. */
  .post("/v1/extension/approvals/:id", async (c) => {
    const body = await bodyOf(c);
    const me = await device(c, body.text);
    const decision = parse(ApprovalDecisionSchema, body.json);
    const decided = unwrap(await inboxOf(c.env, me.tenantId, me.userId).decide(c.req.param("id"), decision));
    if (decided.outcome === "approved") await directoryOf(c.env, me.tenantId).methodUsed(me.userId, me.deviceId);
    return c.json({ outcome: decided.outcome });
  })
  /** "This wasn't me". */
  .post("/v1/extension/report", async (c) => {
    const body = await bodyOf(c);
    const me = await device(c, body.text);
    const { alertId } = parse(ReportSchema, body.json);
    return c.json(await reportFraud(c.env, c.executionCtx, me, alertId, meta(c)));
  })
  /** Lifts the block after a fresh verified sign-in, from the paired device only. */
  .post("/v1/extension/unblock", async (c) => {
    const body = await bodyOf(c);
    const me = await device(c, body.text);
    const { idToken } = parse(UnblockSchema, body.json);
    const fresh = await freshToken(c, me.tenantId, idToken);
    if (fresh.sub !== me.userId) throw new ApiError("UNAUTHENTICATED");
    const cleared = await inboxOf(c.env, me.tenantId, me.userId).clearBlock();
    if (cleared) {
      const where = meta(c);
      await audit(c.env, c.executionCtx, me.tenantId, { activity: "Self-service password reset block cleared", result: "success", userId: me.userId, userName: me.subject.user.userName, ip: where.ip, country: where.country, device: where.device, requestId: where.requestId });
    }
    return c.body(null, 204);
  })
  /** Signs this device out: its key stops being one of the user's methods. */
  .delete("/v1/extension/device", async (c) => {
    const me = await device(c, null);
    unwrap(await directoryOf(c.env, me.tenantId).removeOwnMethod(me.userId, me.deviceId));
    const where = meta(c);
    await audit(c.env, c.executionCtx, me.tenantId, { activity: "User deleted security info", result: "success", methods: ["extension"], userId: me.userId, userName: me.subject.user.userName, ip: where.ip, country: where.country, device: where.device, requestId: where.requestId });
    return c.body(null, 204);
  })
  /** An admin lifts a "this wasn't me" block (the tenants router's admin guard covers this path). */
  .delete("/v1/tenants/:tenant/users/:id/selfServiceBlock", async (c) => {
    const userId = c.req.param("id");
    const user = unwrap(await directoryOf(c.env, c.var.tenantId).getUser(userId));
    await inboxOf(c.env, c.var.tenantId, userId).clearBlock();
    const principal = c.var.principal;
    await audit(c.env, c.executionCtx, c.var.tenantId, {
      activity: "Self-service password reset block cleared",
      result: "success",
      userId,
      userName: user.userName,
      actor: "admin",
      actorId: principal.kind === "apiKey" ? principal.keyId : null,
      requestId: c.var.requestId,
    });
    return c.body(null, 204);
  });
