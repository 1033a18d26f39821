import type { Env as SesameEnv } from "./env";

// Types `env` and `exports` from "cloudflare:workers" (used by tests) with Sesame's bindings.
declare global {
  namespace Cloudflare {
    interface Env extends SesameEnv {}
    interface GlobalProps {
      mainModule: typeof import("./index");
      durableNamespaces: "TenantDirectory" | "TenantRegistry" | "CodeChallenge" | "Throttle" | "Outbox" | "AuditLog" | "FlowObject";
    }
  }
}
