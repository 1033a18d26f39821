import { deviceSigningString, PublicKeyJwkSchema, type DeviceAuth } from "#contract/extension";
import type { Subject } from "../directory/subjects";
import { directoryOf } from "../directory/stub";
import type { Env } from "../env";
import { fromBase64url } from "../lib/crypto";
import { DEVICE_SIGNATURE_SKEW_SECONDS } from "../limits";

export interface Device {
  tenantId: string;
  userId: string;
  deviceId: string;
  subject: Subject;
}

/** The "browser extension" method's public key, as WebCrypto wants it; null if it is not one. */
export async function deviceKey(subject: Subject, deviceId: string): Promise<CryptoKey | null> {
  const method = subject.methods.find((m) => m.id === deviceId && m.type === "extension");
  if (!method?.secret) return null;
  let jwk: unknown;
  try {
    jwk = JSON.parse(method.secret);
  } catch {
    return null;
  }
  const parsed = PublicKeyJwkSchema.safeParse(jwk);
  if (!parsed.success) return null;
  const { kty, crv, x, y } = parsed.data;
  return crypto.subtle.importKey("jwk", { kty, crv, x, y, ext: true }, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
}

/**
 * Checks a device signature: a clock within the allowed skew, a user of the tenant whose
 * enabled account holds this device's key, and an ECDSA P-256 signature over the request. Any
 * failure is the same null: the caller answers UNAUTHENTICATED, whatever the reason.
 *
 * @example
 * const device = await verifyDevice(env, auth, { method: "POST", path: "/v1/extension/report", bodySha256Hex });
 */
export async function verifyDevice(
  env: Env,
  auth: DeviceAuth,
  request: { method: string; path: string; bodySha256Hex: string; now?: number },
): Promise<Device | null> {
  const now = Math.floor((request.now ?? Date.now()) / 1000);
  if (Math.abs(now - auth.ts) > DEVICE_SIGNATURE_SKEW_SECONDS) return null;
  const found = await directoryOf(env, auth.tenant).subjectById(auth.user);
  const subject = found.ok ? found.value : null;
  if (!subject || !subject.user.accountEnabled) return null;
  const key = await deviceKey(subject, auth.device);
  const signature = fromBase64url(auth.sig);
  if (!key || !signature) return null;
  const signed = new TextEncoder().encode(deviceSigningString(request.method, request.path, auth.ts, request.bodySha256Hex));
  const valid = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, signature, signed);
  return valid ? { tenantId: auth.tenant, userId: auth.user, deviceId: auth.device, subject } : null;
}
