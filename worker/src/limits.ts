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

/**
 * Code challenges (one per flow step) live as rows in this many shared CodeChallenge objects,
 * picked by the challenge's key: a warm object answers at once, where a new object per flow step
 * costs several milliseconds to start and leaves a SQLite file behind. 64 objects at the ~1,000
 * requests/s a Durable Object serves take tens of thousands of issues and checks a second, far
 * above any SMS volume, and fewer objects stay warm between bursts. Changing the count moves
 * challenges to other objects, which forgets the codes in flight once.
 */
export const CODE_CHALLENGE_BUCKETS = 64;

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
/**
 * Isolates keep a tenant's flow context (tenant record and self-service policies) this long, so a
 * flow step does not ask the tenant's directory each time: a policy change made through another
 * isolate reaches every flow step within this bound (at once in the isolate that made it).
 */
export const FLOW_CONTEXT_CACHE_MS = 10_000;

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

/**
 * Every throttle key (a rule and what it counts) lives in one of this many shared Throttle
 * objects, picked by a keyed hash of the key: warm objects answer a budget in about a
 * millisecond, while a new object per new phone number, address or account costs several to
 * start and leaves a SQLite file behind. A key is always in the same object, so its budget is
 * exact. Changing the count moves keys to other objects, which forgets their counters once.
 */
export const THROTTLE_BUCKETS = 256;

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
// Phone protection (worker/src/risk). docs/phone-protection.md explains each and lists them.

/** Sliding windows the risk signals are counted over, in minutes. */
export const RISK_WINDOW_SHORT_MINUTES = 10;
export const RISK_WINDOW_HOUR_MINUTES = 60;
export const RISK_WINDOW_DAY_MINUTES = 1_440;

/** How long a risk key keeps its minute counters and distinct sets (a day and an hour's margin). */
export const RISK_COUNTER_RETENTION_MS = 25 * 60 * 60 * 1000;
/** How long a number's history (first seen, verifications, reports, decisions) outlives its last use. */
export const RISK_HISTORY_RETENTION_MS = 400 * 24 * 60 * 60 * 1000;
/** Decisions the explain API keeps per number and tenant. */
export const RISK_DECISIONS_KEPT = 50;
/** Client addresses a number's codes were entered from, the latest kept: its trust is earned from them. */
export const RISK_VERIFIED_ADDRESSES_KEPT = 10;

/**
 * Points each signal adds to a send's score (0–100, capped). Negative points are trust. A signal
 * with tiers adds the points of the highest tier its count reaches: `[count, points]`.
 */
export const RISK_POINTS = {
  NUMBER_INVALID: 60,
  LINE_VOIP: 55,
  LINE_PREMIUM_RATE: 100,
  LINE_SHARED_COST: 70,
  LINE_TOLL_FREE: 70,
  LINE_PAGER: 70,
  LINE_UAN: 50,
  LINE_PERSONAL: 50,
  LINE_VOICEMAIL: 70,
  /** Only for SMS: a fixed line cannot receive one. Calls to fixed lines are normal. */
  LINE_FIXED: 40,
  LINE_UNKNOWN: 30,
  COUNTRY_NOT_ALLOWED: 100,
  HIGH_RISK_PREFIX: 50,
  NUMBER_FIRST_SEEN: 5,
  /** Sent to at least `RISK_NEVER_VERIFIED_AFTER` times and never verified. */
  NUMBER_NEVER_VERIFIED: 25,
  NUMBER_VERIFIED_BEFORE: -20,
  /** Verified before, never from this address: to this address the number is as new as one never seen. */
  NUMBER_VERIFIED_ELSEWHERE: 5,
  NUMBER_REPORTED: 60,
  /** A user said "this wasn't me" about a request from the client address (the extension). */
  ADDRESS_REPORTED: 40,
  /** The method was registered less than `RISK_METHOD_NEW_MS` ago; less than `RISK_METHOD_JUST_ADDED_MS`: more. */
  METHOD_NEW: 15,
  METHOD_JUST_ADDED: 20,
  /** The number was verified before, never from the country this request comes from. */
  REQUEST_COUNTRY_NEW: 20,
  REQUEST_COUNTRY_MISMATCH: 10,
  REQUEST_COUNTRY_FOREIGN: 20,
  /**
   * On top of both: a method registered less than `RISK_METHOD_JUST_ADDED_MS` before, asked for
   * from outside the tenant's allowed countries. Attackers add their own number to an account and
   * use it at once; pumping signs numbers up from proxies abroad. A user rarely adds a phone and
   * needs it to recover the account abroad within the hour.
   */
  METHOD_JUST_ADDED_ABROAD: 25,
  TENANT_SPIKE: 15,
  COUNTRY_SPIKE: 20,
  COUNTRY_CIRCUIT_OPEN: 30,
  EXTERNAL_UNAVAILABLE_CLOSED: 100,
} as const;

export const RISK_NEVER_VERIFIED_AFTER = 3;
export const RISK_METHOD_NEW_MS = 24 * 60 * 60 * 1000;
export const RISK_METHOD_JUST_ADDED_MS = 60 * 60 * 1000;
/**
 * A method registered at least this long before is established: its number is a bystander in a
 * range or block being pumped, and those signals count at `RISK_ESTABLISHED_NUMBER_SPACE_SHARE`;
 * it is not counted among their numbers, and its codes stay out of their conversion. Its own
 * signals, its address's and the breaker's are unchanged.
 */
export const RISK_METHOD_ESTABLISHED_MS = 30 * 24 * 60 * 60 * 1000;
export const RISK_ESTABLISHED_NUMBER_SPACE_SHARE = 0.5;

type Tiers = readonly (readonly [count: number, points: number])[];
export const RISK_TIERS = {
  /** Attempts to one number in the last hour, and in the last day. */
  numberHour: [[3, 15], [5, 30]],
  numberDay: [[8, 30]],
  /**
   * Client addresses asking for codes to one number: takeover attempts rotate proxies per
   * attempt, which no address sees. A user retrying from a phone and a laptop makes two; they
   * enter their code, and conversion discounts it.
   */
  numberAddressesHour: [[2, 20], [3, 40]],
  numberAddressesDay: [[3, 25], [4, 40]],
  /** Distinct numbers in one block of 1,000 (the number without its last 3 digits): sequential pumping. */
  blockDistinctHour: [[2, 20], [3, 35], [5, 55], [8, 75]],
  blockDistinctDay: [[5, 45], [8, 75]],
  blockAttemptsHour: [[6, 20]],
  /** Attempts from one IP address or IPv6 /64. */
  ipShort: [[4, 15]],
  ipHour: [[10, 25], [20, 45]],
  /**
   * Distinct numbers asked for from one IP address. An address asking for codes to several
   * accounts, none entered, is takeover or pumping; shared addresses (offices, carrier NAT)
   * enter their codes, and conversion discounts them.
   */
  ipDistinctHour: [[2, 65], [3, 65], [4, 75]],
  ipDistinctDay: [[4, 50], [8, 65], [15, 80]],
  /**
   * Blocks of 1,000 reached in one range of 100,000 (the number without its last 5 digits):
   * pumping scattered over a leased range (slow and low) that no block sees. Sequential numbers
   * stay in one block, which the block's own tiers judge. Two customers of one tenant rarely
   * share a range on the same day, and those who do enter their codes; within the hour, a second
   * block none of whose range's codes was entered refuses a first-seen number that is not
   * established (pumping walks a range every few minutes).
   */
  rangeDistinctHour: [[2, 65], [3, 65], [4, 70]],
  rangeDistinctDay: [[2, 50], [3, 65], [4, 70]],
  /**
   * Numbers registered as methods less than a day before (`RISK_METHOD_NEW_MS`), asked for in one
   * range of 100,000, counted on a send whose own method is that new: accounts signed up to pump
   * SMS arrive together in a range (a burst of sequential numbers reaches one block at once). Two
   * real users rarely register numbers of one range on the same day, and they enter their codes.
   */
  rangeNewMethodsHour: [[2, 45]],
  rangeNewMethodsDay: [[2, 25], [3, 45]],
  /**
   * A tenant's requests from another country than their number's in the last hour (counted
   * whole, in one object), most of them not followed by an entered code within the hour:
   * takeover attempts through proxies. A tenant's travellers ask a few an hour and enter their
   * codes; a wave's sixth unentered request is refused on this and its foreign country alone.
   */
  elsewhereHour: [[6, 45], [12, 60]],
  /** Countries of the numbers asked for from one IP in a day (Authgear: more than 5 is abuse). */
  ipCountriesDay: [[3, 20], [6, 50]],
} as const satisfies Record<string, Tiers>;

/** A tenant's (or a tenant's country's) last hour is a spike at this many times its hourly mean of the day, and at least the floor. */
export const RISK_SPIKE_FACTOR = 5;
export const RISK_TENANT_SPIKE_FLOOR = 60;
export const RISK_COUNTRY_SPIKE_FLOOR = 30;

/** Tenant-wide and tenant-country counters are split like sharded throttles: no single hot object. */
export const RISK_SHARDS = 4;
/**
 * Number ranges and client addresses are spread over this many shared objects each: warm objects
 * answer in a millisecond, while a new object per new number costs tens of milliseconds to start.
 */
export const RISK_BUCKETS = 256;

/**
 * Conversion circuit breakers, as Twilio's and Vonage's: when a prefix range's codes are rarely
 * verified, it opens; after `cooldownMs` (doubling at each reopening) probe sends go; one
 * verified probe closes it.
 * A range is the number without its last 5 digits (100,000 numbers).
 */
export const RANGE_BREAKER = { minSends: 3, minConversion: 0.2, cooldownMs: 60 * 60 * 1000, maxCooldownMs: 24 * 60 * 60 * 1000, probes: 1, probeWindowMs: 15 * 60 * 1000 } as const;
/** Per tenant and country (over RISK_SHARDS shards): an open country adds points, it never blocks alone. */
export const COUNTRY_BREAKER = { minSends: 40, minConversion: 0.5, cooldownMs: 60 * 60 * 1000, maxCooldownMs: 24 * 60 * 60 * 1000, probes: 4, probeWindowMs: 15 * 60 * 1000 } as const;

/** ALTCHA difficulty: the tenant's base, times these factors in the challenge and block bands. */
export const CAPTCHA_CHALLENGE_FACTOR = 10;
export const CAPTCHA_BLOCK_FACTOR = 40;
/** How long a CAPTCHA challenge is valid, and how long its one use is remembered after. */
export const CAPTCHA_TTL_SECONDS = 600;
/**
 * Each flow's CAPTCHA claim is a row in one of this many shared CaptchaClaim objects, picked by
 * the flow id, rather than an object of its own started (and a SQLite file written) per flow.
 * A flow claims once and reads its claim once or twice: 64 objects take tens of thousands of
 * flows a second, and fewer objects stay warm between bursts.
 */
export const CAPTCHA_CLAIM_BUCKETS = 64;
/** Cloudflare Turnstile's siteverify gets this long to answer; no answer fails the CAPTCHA. */
export const TURNSTILE_TIMEOUT_MS = 3_000;

/** Tenant phone-protection policy and spend totals are cached per isolate this long. */
export const SPEND_STATUS_CACHE_MS = 5_000;

// ── The admin console, webhooks, alerts (docs/admin-console.md) ──────────────────────────────

/** A console token (an ID token for the console audience) lives this long; then the admin signs in again. */
export const CONSOLE_TOKEN_TTL_SECONDS = 900;

/** Webhook endpoints per tenant. */
export const WEBHOOK_ENDPOINTS_MAX = 10;
/**
 * When a failed delivery is tried again, after the first attempt (which goes at once): the
 * schedule Standard Webhooks' reference implementation (Svix) uses. After the last, it is failed;
 * an admin can still redeliver it by hand.
 */
export const WEBHOOK_RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000] as const;
/** A receiver gets this long to answer one attempt. */
export const WEBHOOK_ATTEMPT_TIMEOUT_MS = 10_000;
/** Deliveries tried per alarm run (the rest go in the next run, at once). */
export const WEBHOOK_DELIVERIES_PER_RUN = 20;
/** Deliveries (and their log) are kept this long. */
export const WEBHOOK_DELIVERY_RETENTION_MS = 7 * 24 * 3_600_000;
/** Whether a tenant has any webhook endpoint, cached per isolate (events of tenants without are dropped early). */
export const WEBHOOK_ENDPOINTS_CACHE_MS = 10_000;

/**
 * Spike alerts: an hour's count fires an alert when it reaches `minCount` and `factor` times the
 * mean of the `ALERT_BASELINE_HOURS` hours before. Counted per audit shard (or spend shard for
 * country sends), so each shard fires at its share (minCount ÷ shards, rounded up).
 */
export const ALERT_RULES = {
  reset_spike: { minCount: 20, factor: 5 },
  verification_failure_spike: { minCount: 50, factor: 5 },
  country_send_spike: { minCount: 30, factor: 5 },
} as const;
export const ALERT_BASELINE_HOURS = 24;
/** Raised alerts are kept this long. */
export const ALERT_RETENTION_MS = 30 * 24 * 3_600_000;

/** SMS and call statistics per country and day (the SMS report) are kept this long. */
export const SMS_STATS_RETENTION_DAYS = 40;

/** Widget web-vitals histograms: shards per tenant (reports spread at random) and days kept. */
export const VITALS_SHARDS = 4;
export const VITALS_RETENTION_DAYS = 30;

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
