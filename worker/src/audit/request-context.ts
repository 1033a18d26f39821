import type { Context } from "hono";
import { z } from "zod";
import type { AuditEventInput } from "#contract/audit";
import type { AppEnv, Principal } from "../env";
import { deviceOf } from "./device";

/** The API key, or the console admin's user id; the operator has none. */
const actorIdOf = (principal: Principal) => (principal.kind === "apiKey" ? principal.keyId : principal.kind === "consoleUser" ? principal.userId : null);

const Ip = z.union([z.ipv4(), z.ipv6()]);

/**
 * The request fields every audit event carries: client IP (Cloudflare's CF-Connecting-IP),
 * country (Cloudflare's geolocation; "T1" for Tor and "XX" for unknown become null, they are no
 * ISO country), the device ("Chrome on Windows"), the request id and, for admin calls, the API
 * key that made them.
 *
 * @example
 * audit(c.env, c.executionCtx, tenantId, { ...requestAuditContext(c), activity: "Add user", result: "success" });
 */
export function requestAuditContext(
  c: Context<AppEnv>,
): Pick<AuditEventInput, "ip" | "country" | "device" | "requestId" | "actor" | "actorId"> {
  const ip = Ip.safeParse(c.req.header("cf-connecting-ip"));
  const country = (c.req.raw.cf as { country?: unknown } | undefined)?.country;
  const principal = c.get("principal");
  const requestId = c.get("requestId");
  return {
    ip: ip.success ? ip.data : null,
    country: typeof country === "string" && /^[A-Z]{2}$/.test(country) && country !== "XX" ? country : null,
    device: deviceOf(c.req.header("user-agent")),
    requestId: requestId && /^[A-Za-z0-9_.:-]{1,64}$/.test(requestId) ? requestId : null,
    ...(principal ? { actor: "admin" as const, actorId: actorIdOf(principal) } : {}),
  };
}
