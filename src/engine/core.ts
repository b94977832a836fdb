// What the driver needs of an engine: the WASM module (wasm/core.ts) and its TypeScript
// twin (twin/core.ts) both provide it, over the same header slots and input region.

export interface EngineCore {
  readonly kind: "wasm" | "twin";
  /** The HEADER slots; call again after configure() (memory may have grown). */
  header(): Float64Array;
  /** The INPUT region, INPUT_SIZE bytes: two halves of CARRY + CHUNK. */
  input(): Uint8Array;
  /** False when the flow table cannot get the memory. */
  configure(windowSeconds: number, flowsPerWindow: number): boolean;
  beginFile(): void;
  /**
   * The next `length` bytes are at input()[offset...]: the unconsumed tail, then new bytes
   * (the last `fresh`, which go into the file's content hash; at `final` its digest is in
   * the header's H_DIGEST slots).
   */
  feed(offset: number, length: number, final: boolean, fresh?: number): void;
  run(): number;
  flush(): number;
  reset(): void;
  /**
   * Filter mode instead of aggregation (assembly/packet-filter.ts): packets whose key,
   * masked, equals one of the two (want, mask) pairs in `pairs` (4 x 48 bytes) and whose
   * time falls in [fromUs, toUs) are listed, `capacity` at a time. False if memory cannot grow.
   */
  startFilter(capacity: number, pairs: Uint8Array, fromUs: number, toUs: number): boolean;
  /** The matched packets waiting (H_MATCH_COUNT x MATCH_SIZE bytes), valid until the next run(). */
  matches(): Uint8Array;
  /** The records of the window just emitted (H_EMIT_COUNT x RECORD_SIZE bytes), valid until the next run() or flush(). */
  emitted(): Uint8Array;
}
