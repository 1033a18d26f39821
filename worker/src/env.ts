import type { AuditLog } from "./audit/audit-log";
import type { FlowObject } from "./flows/flow-object";
import type { TenantDirectory } from "./directory/tenant-directory";
import type { Outbox } from "./delivery/outbox/outbox";
import type { CodeChallenge } from "./otp/code-challenge";
import type { TenantRegistry } from "./registry/tenant-registry";
import type { Throttle } from "./throttle/throttle";
import type { Writeback } from "./writeback/writeback-object";
import type { SignInLockout } from "./signin/lockout";
import type { SigningKeys } from "./tokens/signing-keys";
import type { CaptchaClaim } from "./risk/captcha/captcha-claim";
import type { RiskSignals } from "./risk/signals/risk-signals";
import type { SpendLedger } from "./risk/spend/spend-ledger";
import type { TenantEvents } from "./webhooks/tenant-events";
import type { VitalsStats } from "./vitals/vitals-stats";
import type { Inbox } from "./inbox/inbox";
import type { PairingCode } from "./inbox/pairing-code";

/** Bindings, vars and secrets of the worker (see wrangler.toml and `.dev.vars`). */
export interface Env {
  DIRECTORY: DurableObjectNamespace<TenantDirectory>;
  REGISTRY: DurableObjectNamespace<TenantRegistry>;
  /** One per flow: that flow's one-time codes. */
  CODE_CHALLENGE: DurableObjectNamespace<CodeChallenge>;
  /** One per rule and key (never one global object): rate limits and failure caps. */
  THROTTLE: DurableObjectNamespace<Throttle>;
  /** The dev outbox; used only when SESAME_ENV is development or test. */
  OUTBOX: DurableObjectNamespace<Outbox>;
  /** One per self-service flow: its state, serialising every submit. */
  FLOWS: DurableObjectNamespace<FlowObject>;
  /** A tenant's audit log, in `AUDIT_SHARDS` objects named `<tenant>:<shard>`. */
  AUDIT: DurableObjectNamespace<AuditLog>;
  /** One per tenant: its writeback agent keys, the agents' WebSockets, and their commands. */
  WRITEBACK: DurableObjectNamespace<Writeback>;
  /** The one object holding the token signing keys (`idFromName("global")`), cached by isolates. */
  SIGNING_KEYS: DurableObjectNamespace<SigningKeys>;
  /** One per account (`<tenant>/<user>`): smart lockout's failures, lockouts and recent bad hashes. */
  LOCKOUT: DurableObjectNamespace<SignInLockout>;
  /** One per risk key (a number, block, range, address, tenant shard): phone-protection signals. */
  RISK: DurableObjectNamespace<RiskSignals>;
  /** One per tenant spend shard: SMS and call spend against the tenant's caps. */
  SPEND: DurableObjectNamespace<SpendLedger>;
  /** One per flow: the one CAPTCHA solution the flow may use. */
  CAPTCHA_CLAIMS: DurableObjectNamespace<CaptchaClaim>;
  /** One per tenant: its webhook endpoints and deliveries (retried by alarm), and its alerts. */
  TENANT_EVENTS: DurableObjectNamespace<TenantEvents>;
  /** VITALS_SHARDS per tenant (`<tenant>#<shard>`): histograms of the widget's web vitals. */
  VITALS: DurableObjectNamespace<VitalsStats>;
  /** One per user (`<tenant>/<user>`): alerts, the extension's WebSockets, approvals, the "wasn't me" block. */
  INBOX: DurableObjectNamespace<Inbox>;
  /** One per pairing code (`<tenant>/<sha256 of the code>`), single use. */
  PAIRING_CODE: DurableObjectNamespace<PairingCode>;
  /** `production` unless `.dev.vars` (local) or the test config says otherwise. */
  SESAME_ENV: "production" | "development" | "test";
  /** The `iss` of signed ID tokens, e.g. `https://sesame.example.com`; the request origin when unset. */
  SESAME_ISSUER?: string;
  /** Operator secret: creates tenants and their first keys. A Worker secret, never a var. */
  SESAME_BOOTSTRAP_SECRET?: string;
  /** Secret key of the codes' HMAC-SHA-256 (at least 32 characters). A Worker secret. */
  OTP_HMAC_SECRET?: string;

  // Delivery providers: base URLs and senders are vars (wrangler.toml), credentials are secrets.
  TWILIO_API_BASE?: string;
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  /** An E.164 number or a Messaging Service SID (`MG…`). */
  TWILIO_FROM?: string;
  VONAGE_API_BASE?: string;
  VONAGE_API_KEY?: string;
  VONAGE_API_SECRET?: string;
  VONAGE_FROM?: string;
  RESEND_API_BASE?: string;
  RESEND_API_KEY?: string;
  /** `Name <address>` that emails come from. */
  EMAIL_FROM?: string;
  /** Where the signed `sms.otp.send` / `voice.otp.send` webhooks go (bring your own gateway). */
  SMS_WEBHOOK_URL?: string;
  /** Where the signed `email.otp.send` webhooks go. */
  EMAIL_WEBHOOK_URL?: string;
  /** Cloudflare Turnstile's siteverify endpoint (tests point it at a fake on 127.0.0.1). */
  TURNSTILE_SITEVERIFY_URL?: string;
  /**
   * "on" lets a request set the clock (`x-sesame-sim-time`), for the fraud simulator only. Ignored
   * unless SESAME_ENV is "development" or "test" (lib/sim-clock.ts).
   */
  SESAME_SIM_CLOCK?: string;
  /** Standard Webhooks signing secret, `whsec_` and base64. A Worker secret. */
  WEBHOOK_SECRET?: string;
}

export type Principal =
  | { kind: "operator" }
  | { kind: "apiKey"; tenantId: string; keyId: string }
  /** An admin of the tenant signed in to the console (a console token: an ID token for the console audience). */
  | { kind: "consoleUser"; tenantId: string; userId: string; userName: string; expiresAt: number };

/** Hono's environment type for every route. */
export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string; principal: Principal; tenantId: string };
}
