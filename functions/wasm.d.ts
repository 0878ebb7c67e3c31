// scripts/bundle.mjs turns an imported .wasm file into a function returning its bytes (stored compressed
// in the bundle, unpacked on the first call).
declare module '*.wasm' {
  const wasmBytes: () => Uint8Array;
  export default wasmBytes;
}
