import { SIGN_IN_BOUNDS } from "#contract/admin/sign-in-policies";

/**
 * Every limit the OTP engine, the throttles, delivery and the flows enforce, with its default, in
 * one place. The README's limits table lists each of these: change both in the same commit.
 * Defaults follow Microsoft Entra ID's published SSPR limits where Entra has one.
 */

// One-time codes (worker/src/otp)

/** Digits in a code. A tenant may choose within [MIN, MAX]; NIST asks for at least 6. */
export const OTP_LENGTH_DEFAULT = 6;
export const OTP_LENGTH_MIN = 6;
export const OTP_LENGTH_MAX = 10;

/** How long a code is valid. */
export const OTP_TTL_SECONDS_DEFAULT = 300;
export const OTP_TTL_SECONDS_MIN = 60;
export const OTP_TTL_SECONDS_MAX = 600;

/** Checks one code accepts, right or wrong; the next check fails even with the right code. */
export const OTP_MAX_CHECKS_PER_CODE = 5;

/** Wrong codes one flow accepts across all its codes: a resend never gives more guesses. */
export const OTP_MAX_FAILURES_PER_FLOW = 5;

/** The least time between two sends on one flow. */
export const OTP_RESEND_INTERVAL_SECONDS = 30;

/** Codes one flow may send, the first included. */
export const OTP_MAX_SENDS_PER_FLOW = 5;

/**
 * How long a flow's challenge keeps its counters after its last send. Longer than any flow
 * lives, so counters cannot be reset by waiting; then the alarm forgets the flow entirely.
 */
export const OTP_CHALLENGE_RETENTION_SECONDS = 3_600;

// Self-service flows (worker/src/flows)

/** How long a reset or unlock flow lives from its start (Entra's reset session: 15 minutes). */
export const RESET_FLOW_TTL_MS = 15 * 60 * 1000;

/** How long an SMS or password sign-in flow lives from its start. */
export const SIGNIN_FLOW_TTL_MS = 10 * 60 * 1000;

/** How long a "My security info" flow lives from its start. */
export const SECURITY_INFO_FLOW_TTL_MS = 15 * 60 * 1000;

/**
 * Adding, changing or removing a method needs a sign-in this recent (the token's `auth_time`):
 * NIST SP 800-63B treats binding a new authenticator as needing fresh authentication.
 */
export const RECENT_AUTH_SECONDS = 600;

/** How long an ended flow is kept, so its id answers FLOW_EXPIRED rather than FLOW_NOT_FOUND. */
export const FLOW_RETENTION_MS = 60 * 60 * 1000;

// Sign-in (worker/src/signin, worker/src/tokens)

/**
 * Smart lockout, as Entra's: `threshold` failed sign-ins lock the account for `durationSeconds`;
 * each lockout after the first doubles, up to the cap. The same wrong password again is not
 * counted again: the last `SMART_LOCKOUT_BAD_HASHES` wrong passwords are remembered as keyed
 * hashes (HMAC-SHA-256 under the server secret), never as passwords. Tenants choose threshold and
 * duration within these bounds (signIn policy). State lives in one SignInLockout object per
 * account, which serialises that account's failures, so the count is exact under any load.
 */
export const SMART_LOCKOUT_THRESHOLD_DEFAULT = SIGN_IN_BOUNDS.lockoutThreshold.default;
export const SMART_LOCKOUT_THRESHOLD_MIN = SIGN_IN_BOUNDS.lockoutThreshold.min;
export const SMART_LOCKOUT_THRESHOLD_MAX = SIGN_IN_BOUNDS.lockoutThreshold.max;
export const SMART_LOCKOUT_SECONDS_DEFAULT = SIGN_IN_BOUNDS.lockoutSeconds.default;
export const SMART_LOCKOUT_SECONDS_MIN = SIGN_IN_BOUNDS.lockoutSeconds.min;
export const SMART_LOCKOUT_SECONDS_MAX = SIGN_IN_BOUNDS.lockoutSeconds.max;
export const SMART_LOCKOUT_GROWTH = 2;
export const SMART_LOCKOUT_CAP_SECONDS = 86_400;
export const SMART_LOCKOUT_BAD_HASHES = 3;
/** A day without failures forgets an account's failures, lockout streak and bad hashes. */
export const SMART_LOCKOUT_FORGET_SECONDS = 86_400;

/** ID tokens: ES256, valid this long unless the tenant's signIn policy says otherwise. */
export const ID_TOKEN_TTL_SECONDS_DEFAULT = SIGN_IN_BOUNDS.tokenLifetimeSeconds.default;
export const ID_TOKEN_TTL_SECONDS_MIN = SIGN_IN_BOUNDS.tokenLifetimeSeconds.min;
export const ID_TOKEN_TTL_SECONDS_MAX = SIGN_IN_BOUNDS.tokenLifetimeSeconds.max;
/** The token an interrupted sign-in hands over to open "My security info". */
export const SECURITY_INFO_TOKEN_TTL_SECONDS = 600;

/**
 * Signing keys rotate this often (an alarm of the SigningKeys object). The JWKS publishes the next
 * key before it signs and the previous one after, so no token in flight fails to verify.
 */
export const SIGNING_KEY_ROTATION_DAYS = 30;
/** Isolates keep the signing key and the JWKS this long instead of asking the one key object. */
export const SIGNING_KEY_CACHE_MS = 60_000;
/** What `Cache-Control` tells JWKS and discovery readers. */
export const JWKS_MAX_AGE_SECONDS = 300;
/** Isolates remember a verified site secret this long, so siteverify does not ask the directory each time. */
export const SITE_SECRET_CACHE_MS = 10_000;

// Throttles (worker/src/throttle)

/**
 * A throttle rule. `window` counts events in fixed windows of `windowSeconds`; `bucket` is a
 * token bucket of `limit` tokens that refills completely in `windowSeconds`. `penaltySeconds`
 * are escalating waits: the nth time a key trips within a quiet period, it is blocked for the
 * nth entry (the last repeats), or for the natural wait if that is longer. `shards` spreads one
 * logical key over that many objects, each holding `limit / shards`.
 */
export interface ThrottleRuleSpec {
  algorithm: "window" | "bucket";
  limit: number;
  windowSeconds: number;
  penaltySeconds?: readonly number[];
  shards?: number;
  /** What is counted, for the readable reason an admin sees. */
  counts: string;
}

export const THROTTLE_RULES = {
  /** Entra: 5 SMS or voice validations per hour per user. */
  phoneSendsPerUser: { algorithm: "window", limit: 5, windowSeconds: 3_600, counts: "SMS and voice codes sent to one user" },
  /** Entra: 10 emails per 10 minutes per user. */
  emailSendsPerUser: { algorithm: "window", limit: 10, windowSeconds: 600, counts: "email codes sent to one user" },
  /** Entra: 5 failed verifications in 24 hours block SSPR for the account for 24 hours. */
  failedVerificationsPerUser: {
    algorithm: "window",
    limit: 5,
    windowSeconds: 86_400,
    penaltySeconds: [86_400],
    counts: "failed verifications by one account",
  },
  /**
   * Wrong codes in sign-ins (SMS sign-in, and second factors) per account. Kept apart from the
   * SSPR cap above, so failed sign-ins never block a user's own password reset.
   */
  failedSignInCodesPerUser: {
    algorithm: "window",
    limit: 10,
    windowSeconds: 3_600,
    penaltySeconds: [3_600, 86_400],
    counts: "wrong sign-in codes for one account",
  },
  /** Against SMS pumping and harassment: one number or address, whoever asks, in any tenant. */
  sendsPerDestination: {
    algorithm: "bucket",
    limit: 5,
    windowSeconds: 3_600,
    penaltySeconds: [900, 3_600, 21_600, 86_400],
    counts: "codes sent to one phone number or email address",
  },
  /** One client address; IPv6 is grouped by /64, what one subscriber usually gets. */
  sendsPerIp: {
    algorithm: "bucket",
    limit: 20,
    windowSeconds: 3_600,
    penaltySeconds: [60, 300, 900, 3_600],
    counts: "codes requested from one IP address or IPv6 /64",
  },
  /** Guessing across many flows from one address. */
  checksPerIp: {
    algorithm: "bucket",
    limit: 30,
    windowSeconds: 600,
    penaltySeconds: [60, 300, 900, 3_600],
    counts: "code checks from one IP address or IPv6 /64",
  },
  /**
   * Password attempts from one address, across accounts: smart lockout guards each account, this
   * slows a spray of one password over many accounts from one place.
   */
  passwordAttemptsPerIp: {
    algorithm: "bucket",
    limit: 50,
    windowSeconds: 600,
    penaltySeconds: [60, 300, 900, 3_600],
    counts: "password sign-in attempts from one IP address or IPv6 /64",
  },
  /** A tenant's total send budget, sharded so no single object sees every send of a tenant. */
  sendsPerTenant: { algorithm: "bucket", limit: 1_000, windowSeconds: 3_600, shards: 8, counts: "codes sent by one tenant" },
  /** Premium-rate pumping targets a few countries: each calling code has its own budget per tenant. */
  sendsPerCallingCode: {
    algorithm: "bucket",
    limit: 100,
    windowSeconds: 3_600,
    penaltySeconds: [900, 3_600, 21_600],
    counts: "phone codes sent by one tenant to one country calling code",
  },
} as const satisfies Record<string, ThrottleRuleSpec>;

export type ThrottleRuleName = keyof typeof THROTTLE_RULES;

// Delivery (worker/src/delivery)

/** One provider gets this long to accept a message before the next in the tenant's list is tried. */
export const DELIVERY_ATTEMPT_TIMEOUT_MS = 5_000;

/** The longest SMS that fits one segment in the GSM-7 alphabet, counted in septets. */
export const SMS_SEGMENT_SEPTETS = 160;

/** The dev outbox keeps at most this many messages, each at most this long. */
export const OUTBOX_MAX_MESSAGES = 200;
export const OUTBOX_RETENTION_SECONDS = 86_400;

/** A tenant's provider order is cached per isolate this long, as tenant config is. */
export const PROVIDER_ORDER_CACHE_MS = 10_000;

// Password writeback (worker/src/writeback, agent/)

/**
 * How long a reset or unlock waits for the on-premises agent's signed result before it fails
 * with WRITEBACK_TIMEOUT. It bounds how long a user watches a spinner, so it is one value for
 * every tenant rather than a tenant setting.
 */
export const WRITEBACK_RESULT_TIMEOUT_MS = 20_000;

/**
 * The part of that wait reserved for the directory operation and the way back: the agent must
 * start a command within `WRITEBACK_RESULT_TIMEOUT_MS - WRITEBACK_APPLY_MARGIN_MS` of receiving
 * it or answer EXPIRED untouched, so a change never lands after the edge has given up (unless the
 * connection then drops for longer than the margin; see docs/writeback.md).
 */
export const WRITEBACK_APPLY_MARGIN_MS = 8_000;

/** Live agent keys one tenant may hold (several agents give high availability). */
export const WRITEBACK_AGENT_KEYS_MAX = 10;

/** A connection that has not said hello (its keys and version) by then is closed. */
export const WRITEBACK_HELLO_TIMEOUT_MS = 10_000;

/** Finished commands are remembered this long: retries by command id answer from memory. */
export const WRITEBACK_COMMAND_RETENTION_MS = 24 * 60 * 60 * 1000;

// The companion extension (worker/src/inbox, extension/)

/** A pairing code (50 bits, single use) is valid this long: NIST SP 800-63B's 10 minutes at most. */
export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;

/** A device signature is accepted this far from the server's clock, either way. */
export const DEVICE_SIGNATURE_SKEW_SECONDS = 120;

/** Alerts an inbox keeps for a reconnecting extension: the newest ones, for this long. */
export const INBOX_ALERTS_MAX = 500;
export const INBOX_RETENTION_DAYS = 30;

/** Alerts one poll or one reconnect hands over at most (the rest follow on the next). */
export const INBOX_PAGE_MAX = 100;

/** An approval request waits this long for the user's answer, then the flow may ask again. */
export const APPROVAL_TTL_SECONDS = 120;

/**
 * Approval requests one user receives per window (NIST SP 800-63B asks push authentication to be
 * rate-limited so a flood of prompts cannot wear the user into approving one); one is pending at
 * a time, and a new one replaces it.
 */
export const APPROVALS_PER_WINDOW = 5;
export const APPROVAL_WINDOW_SECONDS = 600;
