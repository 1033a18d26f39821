import type { Argon2Params } from "./argon2";

/**
 * A PHC Argon2id v1.3 string, `$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>` in unpadded base64:
 * the only form a password is ever stored in. The bounds keep a corrupt or hostile value from
 * asking Argon2 for absurd memory.
 */
export const PHC_ARGON2ID = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,86})\$([A-Za-z0-9+/]{6,86})$/;

export interface PhcArgon2id {
  params: Argon2Params;
  salt: Uint8Array;
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text + "=".repeat((4 - (text.length % 4)) % 4)), (char) => char.charCodeAt(0));
}

/**
 * Reads the parameters and salt of a stored hash; null when it is not a PHC Argon2id v1.3 string.
 *
 * @example
 * parsePhc("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$…")?.params.memoryCost // 19456
 */
export function parsePhc(encoded: string): PhcArgon2id | null {
  const match = PHC_ARGON2ID.exec(encoded);
  if (!match) return null;
  const [, m, t, p, salt, hash] = match;
  return {
    params: { memoryCost: Number(m), timeCost: Number(t), parallelism: Number(p), hashLength: fromBase64(hash!).length },
    salt: fromBase64(salt!),
  };
}
