import type { PublicKeyJwk } from "#contract/extension";

/**
 * Device keys: ECDSA P-256, made non-extractable so the private key can sign but never be read
 * (not by the extension itself, nor by anything that gets at its storage). One per account.
 */
export interface KeyStore {
  get(accountId: string): Promise<CryptoKeyPair | null>;
  put(accountId: string, keys: CryptoKeyPair): Promise<void>;
  delete(accountId: string): Promise<void>;
}

export async function newDeviceKey(): Promise<{ keys: CryptoKeyPair; publicKey: PublicKeyJwk }> {
  const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"])) as CryptoKeyPair;
  const { x, y } = (await crypto.subtle.exportKey("jwk", keys.publicKey)) as JsonWebKey;
  return { keys, publicKey: { kty: "EC", crv: "P-256", x: x!, y: y! } };
}

/** Keys in IndexedDB, which stores a CryptoKey as it is (structured clone), private part sealed. */
export function indexedDbKeys(name = "sesame-device-keys"): KeyStore {
  const open = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore("keys");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const run = async <T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> => {
    const db = await open();
    return new Promise<T>((resolve, reject) => {
      const request = act(db.transaction("keys", mode).objectStore("keys"));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error);
    }).finally(() => db.close());
  };
  return {
    get: async (id) => (await run<CryptoKeyPair | undefined>("readonly", (s) => s.get(id))) ?? null,
    put: async (id, keys) => void (await run("readwrite", (s) => s.put(keys, id))),
    delete: async (id) => void (await run("readwrite", (s) => s.delete(id))),
  };
}

/** Keys held in memory: tests, and browsers without IndexedDB in the background. */
export function memoryKeys(): KeyStore {
  const held = new Map<string, CryptoKeyPair>();
  return {
    get: async (id) => held.get(id) ?? null,
    put: async (id, keys) => void held.set(id, keys),
    delete: async (id) => void held.delete(id),
  };
}
