import argon2Module from "@phi-ag/argon2/argon2.wasm";

/**
 * A thin binding to the reference Argon2 implementation (phc-winner-argon2) that @phi-ag/argon2
 * ships as a standalone .wasm with no imports. We call its C exports ourselves instead of the
 * package's `Argon2` class because that class passes `password.length` (UTF-16 code units) as
 * the byte length of the UTF-8 encoded password, which silently truncates non-ASCII passwords.
 */
interface Argon2Exports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  argon2_hash(
    timeCost: number, memoryCost: number, parallelism: number,
    password: number, passwordLength: number, salt: number, saltLength: number,
    hash: number, hashLength: number, encoded: number, encodedLength: number,
    type: number, version: number,
  ): number;
  argon2_verify(encoded: number, password: number, passwordLength: number, type: number): number;
  argon2_encodedlen(timeCost: number, memoryCost: number, parallelism: number, saltLength: number, hashLength: number, type: number): number;
  argon2_error_message(code: number): number;
}

export const ARGON2ID = 2;
const VERSION_13 = 0x13;
const VERIFY_MISMATCH = -35;

export interface Argon2Params {
  /** Memory in KiB. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  hashLength: number;
}

// One instance per isolate: the calls are synchronous, so requests never share it mid-hash.
let instance: Argon2Exports | undefined;

function argon2(): Argon2Exports {
  if (!instance) {
    instance = new WebAssembly.Instance(argon2Module, {}).exports as unknown as Argon2Exports;
    instance._initialize();
  }
  return instance;
}

/** Copies bytes (NUL-terminated when asked) into the wasm heap; `release` wipes then frees them. */
function onHeap(wasm: Argon2Exports, bytes: Uint8Array, nulTerminated = false) {
  const size = bytes.length + (nulTerminated ? 1 : 0);
  const pointer = wasm.malloc(Math.max(size, 1));
  if (pointer === 0) throw new Error("argon2: out of memory");
  const heap = new Uint8Array(wasm.memory.buffer, pointer, size);
  heap.set(bytes);
  if (nulTerminated) heap[bytes.length] = 0;
  return {
    pointer,
    release() {
      // Passwords must not linger in the heap after the call.
      new Uint8Array(wasm.memory.buffer, pointer, size).fill(0);
      wasm.free(pointer);
    },
  };
}

function errorText(wasm: Argon2Exports, code: number): string {
  const heap = new Uint8Array(wasm.memory.buffer);
  const start = wasm.argon2_error_message(code);
  let end = start;
  while (heap[end] !== 0 && end < heap.length) end++;
  return new TextDecoder().decode(heap.subarray(start, end));
}

/**
 * Argon2id of `password` (UTF-8 bytes) with `salt`, as a PHC string
 * (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). Prefer `hashPassword` in hash.ts, which normalises
 * the password and draws the salt.
 *
 * @example
 * argon2idEncoded(utf8Bytes, salt, { memoryCost: 19_456, timeCost: 2, parallelism: 1, hashLength: 32 })
 */
export function argon2idEncoded(password: Uint8Array, salt: Uint8Array, params: Argon2Params): string {
  const wasm = argon2();
  const { memoryCost: m, timeCost: t, parallelism: p, hashLength } = params;
  const encodedLength = wasm.argon2_encodedlen(t, m, p, salt.length, hashLength, ARGON2ID);
  const pwd = onHeap(wasm, password);
  const saltBytes = onHeap(wasm, salt);
  const encoded = onHeap(wasm, new Uint8Array(encodedLength));
  try {
    const code = wasm.argon2_hash(
      t, m, p, pwd.pointer, password.length, saltBytes.pointer, salt.length,
      0, hashLength, encoded.pointer, encodedLength, ARGON2ID, VERSION_13,
    );
    if (code !== 0) throw new Error(`argon2: ${errorText(wasm, code)}`);
    const text = new Uint8Array(wasm.memory.buffer, encoded.pointer, encodedLength);
    return new TextDecoder().decode(text.subarray(0, text.indexOf(0)));
  } finally {
    pwd.release();
    saltBytes.release();
    encoded.release();
  }
}

/**
 * Whether `password` matches a PHC Argon2id string; the comparison inside is constant-time.
 *
 * @example
 * argon2idVerify(stored, new TextEncoder().encode(typed)) // true or false
 */
export function argon2idVerify(encoded: string, password: Uint8Array): boolean {
  const wasm = argon2();
  const pwd = onHeap(wasm, password);
  const enc = onHeap(wasm, new TextEncoder().encode(encoded), true);
  try {
    const code = wasm.argon2_verify(enc.pointer, pwd.pointer, password.length, ARGON2ID);
    if (code === 0) return true;
    if (code === VERIFY_MISMATCH) return false;
    throw new Error(`argon2: ${errorText(wasm, code)}`);
  } finally {
    pwd.release();
    enc.release();
  }
}
