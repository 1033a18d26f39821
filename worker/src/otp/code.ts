/**
 * The secret parts of a one-time code: drawing it, and the keyed hash that is all we store.
 */

/**
 * A code of `length` decimal digits from the CSPRNG. Each digit comes from one random byte;
 * bytes of 250 and above are thrown away, because 256 is not a multiple of 10 and keeping them
 * would make 0–5 more likely than 6–9 (modulo bias).
 *
 * @example
 * generateCode(6) // "048213"
 */
export function generateCode(length: number): string {
  let code = "";
  while (code.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length))) {
      if (byte < 250 && code.length < length) code += String(byte % 10);
    }
  }
  return code;
}

/** What a code is bound to: it verifies only for the same tenant, flow and destination. */
export interface CodeBinding {
  tenantId: string;
  flowId: string;
  destination: string;
}

/**
 * Phone numbers arrive as E.164 and addresses in any case; both compare after this, so a code
 * sent to Alice@Contoso.com verifies for alice@contoso.com.
 */
export const normaliseDestination = (destination: string): string => destination.trim().toLowerCase();

const encoder = new TextEncoder();

/** Keys imported once per isolate and secret, since importKey is not free. */
const keys = new Map<string, Promise<CryptoKey>>();

/** The minimum length accepted for OTP_HMAC_SECRET: 32 characters of a random secret. */
export const MIN_SECRET_LENGTH = 32;

function hmacKey(secret: string | undefined): Promise<CryptoKey> {
  // A missing or short secret is a deployment bug: refuse to issue or check any code.
  if (!secret || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`OTP_HMAC_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters`);
  }
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
  }
  return key;
}

/**
 * HMAC-SHA-256 of the code under the server secret, bound to tenant, flow and destination. The
 * JSON array keeps the fields apart, so no two different bindings hash the same text.
 *
 * @example
 * const mac = await codeMac(env.OTP_HMAC_SECRET, { tenantId, flowId, destination }, "048213");
 */
export async function codeMac(secret: string | undefined, binding: CodeBinding, code: string): Promise<Uint8Array> {
  const text = JSON.stringify([binding.tenantId, binding.flowId, normaliseDestination(binding.destination), code]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(text)));
}

/**
 * HMAC-SHA-256 of any text under the same server secret: for stable, unguessable values derived
 * from what a user typed (the fake answers shown for unknown identifiers).
 */
export async function keyedHash(secret: string | undefined, text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(text)));
}

/** Compares two MACs in time that does not depend on where they differ. */
export function sameMac(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && crypto.subtle.timingSafeEqual(a, b);
}
