import { app } from "./app";
import type { Env } from "./env";
import { applySimClock } from "./lib/sim-clock";

export { Outbox } from "./delivery/outbox/outbox";
export { AuditLog } from "./audit/audit-log";
export { FlowObject } from "./flows/flow-object";
export { TenantDirectory } from "./directory/tenant-directory";
export { CodeChallenge } from "./otp/code-challenge";
export { TenantRegistry } from "./registry/tenant-registry";
export { Throttle } from "./throttle/throttle";
export { Writeback } from "./writeback/writeback-object";
export { SignInLockout } from "./signin/lockout";
export { SigningKeys } from "./tokens/signing-keys";
export { RiskSignals } from "./risk/signals/risk-signals";
export { SpendLedger } from "./risk/spend/spend-ledger";
export { CaptchaClaim } from "./risk/captcha/captcha-claim";
export { TenantEvents } from "./webhooks/tenant-events";
export { VitalsStats } from "./vitals/vitals-stats";
export { Inbox } from "./inbox/inbox";
export { PairingCode } from "./inbox/pairing-code";

export default {
  fetch: (request, env, ctx) => {
    applySimClock(env, request);
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
