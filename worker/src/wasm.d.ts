// wrangler and the vitest plugin turn a `.wasm` import into a precompiled module: Workers may not
// compile WebAssembly from bytes at run time, so this is the only way a .wasm reaches the isolate.
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
