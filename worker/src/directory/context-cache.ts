import type { Env } from "../env";
import type { Result } from "../http/api-error";
import { FLOW_CONTEXT_CACHE_MS } from "../limits";
import type { SignInContext } from "./self-service";
import { directoryOf } from "./stub";
import type { TenantDirectory } from "./tenant-directory";

export type ResetContext = Extract<ReturnType<TenantDirectory["flowContext"]>, { ok: true }>["value"];

interface Contexts {
  /** What the reset and unlock flows read: directory.flowContext(). */
  reset: ResetContext;
  /** What the sign-in and security-info flows read: directory.signInContext(). */
  signIn: SignInContext;
}

const MAX_ENTRIES = 1_000;
const cache = new Map<string, { value: Promise<Result<unknown>>; expires: number }>();

/**
 * A tenant's context for a flow step (its record and self-service policies), kept per isolate for
 * FLOW_CONTEXT_CACHE_MS: every step of every flow needs it, and asking the tenant's directory each
 * time costs a round trip per step. Concurrent misses share one call; refusals are not kept. A
 * change made in this isolate (the directory calls `forgetTenantContexts`) applies at once; one
 * made elsewhere within the bound. The value is frozen: it is shared by every step that reads it.
 *
 * @example
 * const { tenant, policy } = unwrap(await tenantContext(env, "contoso", "reset"));
 */
export function tenantContext<K extends keyof Contexts>(env: Env, tenantId: string, kind: K): Promise<Result<Contexts[K]>> {
  const key = `${kind}/${tenantId}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<Result<Contexts[K]>>;
  const directory = directoryOf(env, tenantId);
  const value = (kind === "reset" ? directory.flowContext() : directory.signInContext()).then((result) => {
    if (result.ok) deepFreeze(result.value);
    else if (cache.get(key)?.value === value) cache.delete(key);
    return result as Result<Contexts[K]>;
  });
  value.catch(() => cache.get(key)?.value === value && cache.delete(key));
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { value, expires: now + FLOW_CONTEXT_CACHE_MS });
  return value;
}

/** Called by the directory when a tenant record, policy or site key changes in this isolate. */
export function forgetTenantContexts(): void {
  cache.clear();
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}
