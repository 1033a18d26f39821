import type { Context } from "hono";
import type { AppEnv } from "../env";

/**
 * The `iss` of the tokens this worker signs, and the base of its discovery document: pinned by
 * SESAME_ISSUER (set it in production), else the origin the request reached.
 */
export function issuerOf(c: Context<AppEnv>): string {
  return c.env.SESAME_ISSUER ?? new URL(c.req.url).origin;
}
