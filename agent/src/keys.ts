import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CompactSign, compactDecrypt, exportJWK, importJWK, type JWK } from "jose";
import { z } from "zod";
import type { EcPublicJwk, PasswordJweHeader, SignedResult } from "#contract/writeback";

/**
 * The agent's two P-256 key pairs, made on its first run and kept in its state folder (0600):
 * one that commands' passwords are encrypted to (ECDH-ES), one that signs results (ES256). Only
 * the public halves ever leave this machine; Sesame pins them to the agent key at the first
 * hello, so moving the agent to another server means issuing it a new agent key.
 */
const PrivateJwk = z.looseObject({ kty: z.literal("EC"), crv: z.literal("P-256"), x: z.string(), y: z.string(), d: z.string() });
const KeyFile = z.strictObject({ encryption: PrivateJwk, signing: PrivateJwk });

export interface AgentKeys {
  encryptionKey: EcPublicJwk;
  signingKey: EcPublicJwk;
  /** Opens a command's password; throws unless it was sealed for this command. */
  openPassword(jwe: string, commandId: string): Promise<string>;
  signResult(result: SignedResult): Promise<string>;
}

const publicOf = (jwk: z.infer<typeof PrivateJwk>): EcPublicJwk => ({ kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y });

async function generate(): Promise<z.infer<typeof KeyFile>> {
  const ecdh = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
  const ecdsa = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  return KeyFile.parse({ encryption: await exportJWK(ecdh.privateKey), signing: await exportJWK(ecdsa.privateKey) });
}

/**
 * Loads the agent's keys from `stateDir`, making them on the first run.
 *
 * @example
 * const keys = await loadOrCreateKeys("/var/lib/sesame-agent");
 */
export async function loadOrCreateKeys(stateDir: string): Promise<AgentKeys> {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, "agent-keys.json");
  let stored: z.infer<typeof KeyFile>;
  if (existsSync(path)) {
    stored = KeyFile.parse(JSON.parse(readFileSync(path, "utf8")));
  } else {
    stored = await generate();
    writeFileSync(`${path}.tmp`, JSON.stringify(stored), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  }
  const decryptKey = await importJWK({ ...stored.encryption, alg: "ECDH-ES" } as JWK, "ECDH-ES");
  const signKey = await importJWK({ ...stored.signing, alg: "ES256" } as JWK, "ES256");
  return {
    encryptionKey: publicOf(stored.encryption),
    signingKey: publicOf(stored.signing),
    async openPassword(jwe, commandId) {
      const { plaintext, protectedHeader } = await compactDecrypt(jwe, decryptKey, {
        keyManagementAlgorithms: ["ECDH-ES"],
        contentEncryptionAlgorithms: ["A256GCM"],
      });
      // The header is authenticated: a password sealed for another command is refused.
      if ((protectedHeader as Partial<PasswordJweHeader>).cmd !== commandId) throw new Error("sealed for another command");
      return new TextDecoder().decode(plaintext);
    },
    async signResult(result) {
      return new CompactSign(new TextEncoder().encode(JSON.stringify(result))).setProtectedHeader({ alg: "ES256" }).sign(signKey);
    },
  };
}
