// wrangler and the vitest plugin turn a `.wasm` import into a precompiled module: Workers may not
// compile WebAssembly from bytes at run time, so this is the only way a .wasm reaches the isolate.
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}

// workerd's `node:crypto` (nodejs_compat) offers a synchronous SHA-256; only what Sesame uses is
// typed here, because @types/node would bring Node's globals into Worker code.
declare module "node:crypto" {
  interface Hash {
    update(data: string | Uint8Array): Hash;
    digest(encoding: "hex"): string;
  }
  export function createHash(algorithm: "sha256"): Hash;
}
