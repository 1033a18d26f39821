import { CompactEncrypt, compactVerify, importJWK, type CryptoKey } from "jose";
import { SignedResultSchema, type EcPublicJwk, type PasswordJweHeader, type SignedResult } from "#contract/writeback";

/**
 * The two cryptographic ends of writeback at the edge. Passwords are sealed to the agent's
 * registered P-256 key with JWE ECDH-ES + A256GCM (an ephemeral key per password, so nothing the
 * edge keeps can open it later); results are opened only with the agent's registered ES256 key.
 */

/**
 * Seals a password for one agent and one command. The command id sits in the protected header,
 * which A256GCM authenticates, so a sealed password cannot be replayed under another command.
 *
 * @example
 * const sealed = await sealPassword(agent.encryptionKey, agent.agentId, commandId, password);
 */
export async function sealPassword(key: EcPublicJwk, agentId: string, commandId: string, password: string): Promise<string> {
  const publicKey = await importJWK({ ...key, alg: "ECDH-ES" }, "ECDH-ES");
  const header: PasswordJweHeader = { alg: "ECDH-ES", enc: "A256GCM", kid: agentId, cmd: commandId };
  return new CompactEncrypt(new TextEncoder().encode(password)).setProtectedHeader(header).encrypt(publicKey);
}

const verifyKeys = new Map<string, Promise<CryptoKey | Uint8Array>>();

/**
 * Opens an agent's signed result with its registered key; null when the signature or the
 * content does not hold. The imported key is cached per object by its JWK.
 */
export async function openResult(signingKey: EcPublicJwk, jws: string): Promise<SignedResult | null> {
  const cacheKey = `${signingKey.x}.${signingKey.y}`;
  let key = verifyKeys.get(cacheKey);
  if (!key) {
    key = importJWK({ ...signingKey, alg: "ES256" }, "ES256");
    verifyKeys.set(cacheKey, key);
  }
  try {
    const { payload } = await compactVerify(jws, await key, { algorithms: ["ES256"] });
    const parsed = SignedResultSchema.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
