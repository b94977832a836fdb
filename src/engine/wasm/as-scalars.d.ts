// AssemblyScript's scalar type names, so that TypeScript can import assembly/layout.ts and
// assembly/status.ts as they are: one source for the memory layout and the codes, read by
// both the WASM module and its TypeScript twin (no hand-kept copy to drift).
type i32 = number;
type u32 = number;
type usize = number;
type u8 = number;
