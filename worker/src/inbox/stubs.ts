import type { Env } from "../env";
import { sha256Hex } from "../lib/crypto";

/** The inbox of one user: `<tenant>/<user>`. */
export const inboxOf = (env: Env, tenantId: string, userId: string) => env.INBOX.get(env.INBOX.idFromName(`${tenantId}/${userId}`));

/** The object of one pairing code, named by its hash. */
export const pairingCodeOf = async (env: Env, tenantId: string, code: string) =>
  env.PAIRING_CODE.get(env.PAIRING_CODE.idFromName(`${tenantId}/${await sha256Hex(code)}`));
