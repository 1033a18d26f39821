import { sha256 } from "./sha256";

/**
 * ALTCHA's proof of work (protocol v2, as altcha-lib's `solveChallenge` with the SHA-256
 * `deriveKey` solves it, and worker/src/risk/captcha/altcha.ts verifies it): find the counter
 * whose key, SHA-256 applied `cost` times to salt ‖ nonce ‖ counter (4 bytes, big-endian), cut to
 * `keyLength` bytes, starts with `keyPrefix`. The server hid a random counter below its
 * difficulty, so this takes about difficulty ÷ 2 hashes.
 *
 * It runs on the page's main thread, because a partner's strict CSP (Trusted Types, no `blob:`
 * workers; a Worker cannot be started from another origin's script at all) leaves nowhere else,
 * in slices of a few milliseconds with a yield to the page between them, so it never makes a
 * long task. This lazy chunk is fetched when the first step shows a challenge.
 */
export interface AltchaChallenge {
  parameters: {
    algorithm: string;
    nonce: string;
    salt: string;
    cost: number;
    keyLength?: number;
    keyPrefix: string;
  };
  signature?: string;
}

/** How long one slice of hashing may hold the main thread. */
export const SLICE_MS = 4;
/** Counters past this are not tried: the server's hardest puzzle (block band) is far below it. */
const MAX_COUNTER = 50_000_000;

const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
const toHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/** A macrotask boundary, so input and rendering run between slices. */
function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  // MessageChannel rather than setTimeout(0), which browsers clamp to 4 ms once nested.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The solution as ALTCHA's widget submits it: base64 of `{ challenge, solution }`. Null when the
 * challenge is not one this solver knows, when no counter matches, or when `signal` aborts.
 *
 * @example
 * const token = await solveAltcha(flow.ui.captcha.challenge);
 * await api.submit(flow.id, { identifier, captcha: token });
 */
export async function solveAltcha(challenge: AltchaChallenge, signal?: AbortSignal, sliceMs = SLICE_MS): Promise<string | null> {
  const { algorithm, nonce, salt, cost, keyLength = 32, keyPrefix } = challenge.parameters;
  if (algorithm !== "SHA-256" || !/^(?:[0-9a-f]{2})+$/i.test(nonce + salt) || !/^[0-9a-f]+$/i.test(keyPrefix) || !(cost >= 1)) return null;
  const saltBytes = fromHex(salt);
  const nonceBytes = fromHex(nonce);
  const input = new Uint8Array(saltBytes.length + nonceBytes.length + 4);
  input.set(saltBytes);
  input.set(nonceBytes, saltBytes.length);
  const counterAt = input.length - 4;
  const view = new DataView(input.buffer);
  const prefix = keyPrefix.toLowerCase();
  // Compare bytes when the prefix is whole bytes (always, as the server makes them).
  const prefixBytes = prefix.length % 2 === 0 ? fromHex(prefix) : null;

  const keyFor = (counter: number) => {
    view.setUint32(counterAt, counter);
    let key = sha256(input);
    for (let round = 1; round < cost; round++) key = sha256(key);
    return key.subarray(0, keyLength);
  };
  const matches = (key: Uint8Array) => {
    if (!prefixBytes) return toHex(key).startsWith(prefix);
    for (let i = 0; i < prefixBytes.length; i++) if (key[i] !== prefixBytes[i]) return false;
    return true;
  };

  for (let counter = 0; counter <= MAX_COUNTER; ) {
    if (signal?.aborted) return null;
    const sliceEnd = performance.now() + sliceMs;
    do {
      // Check the clock every 64 hashes: reading it costs about what a hash does.
      for (const stop = counter + 64; counter < stop; counter++) {
        const key = keyFor(counter);
        if (matches(key)) return btoa(JSON.stringify({ challenge, solution: { counter, derivedKey: toHex(key) } }));
      }
    } while (performance.now() < sliceEnd);
    await yieldToPage();
  }
  return null;
}
