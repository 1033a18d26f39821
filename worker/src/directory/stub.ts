import type { Env } from "../env";

/** The directory object of one tenant. */
export function directoryOf(env: Env, tenantId: string) {
  return env.DIRECTORY.get(env.DIRECTORY.idFromName(tenantId));
}
