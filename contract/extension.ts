import * as z from "zod/mini";
import type { Device } from "./device";

/**
 * The companion extension's API: pairing a device key, the user's alerts (a WebSocket to the
 * user's inbox, with polling as the fallback), "this wasn't me", and approvals of reset, unlock
 * and sign-in requests with number matching. The extension imports this module too, hence zod/mini.
 *
 * A paired extension holds a non-exportable ECDSA P-256 key; its public key is the user's
 * "browser extension" method. Every call after pairing is signed with that key (see
 * `deviceSigningString`); the extension never holds a password or a long-lived bearer secret.
 */

/** What the inbox tells the user about, as it happens. */
export const AlertKinds = [
  "reset_started",
  "reset_completed",
  "account_unlocked",
  "reset_blocked",
  "signin_blocked",
  "signin",
  "method_added",
  "method_removed",
  "method_changed",
  "fraud_reported",
] as const;
export type AlertKind = (typeof AlertKinds)[number];

export interface Alert {
  /** Grows by one per alert of this user: the cursor a reconnecting extension resumes after. */
  seq: number;
  id: string;
  kind: AlertKind;
  at: string;
  /** Where it came from, as far as Sesame knows: the client's IP, its country and its device. */
  ip: string | null;
  country: string | null;
  device: Device | null;
  /** The methods involved, by the policy's names (`mobilePhone`, `email`, …). */
  methods: string[];
  /** How the sign-in happened, for `signin`: "sms" or "password". */
  via: string | null;
  /** Whether the user said "this wasn't me" about it. */
  reported: boolean;
}

/** A flow waiting for the user to approve it in the extension. The number is never in here. */
export interface ApprovalRequest {
  id: string;
  flowType: "reset" | "unlock" | "signin";
  at: string;
  expiresAt: string;
  ip: string | null;
  country: string | null;
  device: Device | null;
}

/** Messages the inbox sends on the socket. */
export type InboxMessage =
  | { type: "alert"; alert: Alert }
  | { type: "approval"; approval: ApprovalRequest }
  /** After the backlog a `hello` asked for: every alert up to `seq` has been sent. */
  | { type: "synced"; seq: number; blocked: boolean };

/** What the extension sends on the socket: where it is up to. */
export const HelloSchema = z.strictObject({ type: z.literal("hello"), after: z.number().check(z.int(), z.minimum(0)) });

/** A P-256 public key as a JWK; only the parts that define the key are kept. */
export const PublicKeyJwkSchema = z.object({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  x: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)),
  y: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)),
});
export type PublicKeyJwk = z.infer<typeof PublicKeyJwkSchema>;

const DeviceName = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

/** Pairing after a sign-in inside the extension: the ID token is the Bearer credential. */
export const PairWithTokenSchema = z.strictObject({ publicKey: PublicKeyJwkSchema, name: DeviceName });

/**
 * Pairing with the code "My security info" shows: 10 characters of Crockford base32 (50 bits),
 * shown as `XXXXX-XXXXX`; dashes, spaces and case are ignored.
 */
export const PAIRING_CODE_LENGTH = 10;
export const PAIRING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const normalisePairingCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
export const PairWithCodeSchema = z.strictObject({
  tenant: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/)),
  code: z.string().check(z.minLength(PAIRING_CODE_LENGTH), z.maxLength(24)),
  publicKey: PublicKeyJwkSchema,
  name: DeviceName,
});

export interface Paired {
  tenant: string;
  tenantName: string;
  userId: string;
  userName: string;
  /** The "browser extension" method's id: which key signs this device's calls. */
  deviceId: string;
}

export const ApprovalDecisionSchema = z.discriminatedUnion("decision", [
  /** The two-digit number the widget shows, typed by the user. */
  z.strictObject({ decision: z.literal("approve"), number: z.string().check(z.regex(/^\d{2}$/)) }),
  z.strictObject({ decision: z.literal("deny") }),
]);
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;
export type ApprovalOutcome = "approved" | "denied" | "wrong_number";

export const ReportSchema = z.strictObject({ alertId: z.string().check(z.regex(/^alr_[A-Za-z0-9_-]{8,40}$/)) });

/** A registered method as the extension lists it (masked like everywhere else). */
export interface ExtensionMethod {
  id: string;
  type: string;
  phoneType?: string;
  hint: string | null;
  lastUsedAt: string | null;
  lastConfirmedAt: string | null;
}

export interface ExtensionOverview {
  userName: string;
  tenantName: string;
  methods: ExtensionMethod[];
  registration: { required: number; registered: number };
  /** When "looks good" is next due; null when the tenant never asks. */
  reconfirmDueAt: string | null;
  /** Self-service reset is blocked after "this wasn't me" until cleared. */
  blocked: boolean;
}

/**
 * The device signature: `Authorization: Sesame-Device tenant=…,user=…,device=…,ts=…,sig=…`, where
 * `sig` is the base64url ECDSA P-256 / SHA-256 signature (IEEE P1363, as WebCrypto makes it) of
 * this string. The WebSocket, which cannot carry headers, sends the same fields in its query.
 *
 * @example
 * deviceSigningString("POST", "/v1/extension/report", 1767225600, await sha256Hex(body))
 */
export function deviceSigningString(method: string, path: string, ts: number, bodySha256Hex: string): string {
  return `sesame-device-v1\n${method.toUpperCase()}\n${path}\n${ts}\n${bodySha256Hex}`;
}

/** SHA-256 of the empty body, for GET and the WebSocket. */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export const DeviceAuthSchema = z.object({
  tenant: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/)),
  user: z.string().check(z.regex(/^[a-z]{2,4}_[A-Za-z0-9_-]{8,40}$/)),
  device: z.string().check(z.regex(/^[a-z]{2,4}_[A-Za-z0-9_-]{8,40}$/)),
  ts: z.coerce.number().check(z.int()),
  sig: z.string().check(z.regex(/^[A-Za-z0-9_-]{86}$/)),
});
export type DeviceAuth = z.infer<typeof DeviceAuthSchema>;

export function parseDeviceAuthHeader(header: string | undefined): DeviceAuth | null {
  const match = /^Sesame-Device\s+(.+)$/.exec(header ?? "");
  if (!match) return null;
  const fields = Object.fromEntries(match[1]!.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const parsed = DeviceAuthSchema.safeParse(fields);
  return parsed.success ? parsed.data : null;
}
