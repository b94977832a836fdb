// The WASM engine behind the EngineCore interface. The module has no imports; its exports
// are scalar functions and its memory (assembly/index.ts).
import type { EngineCore } from "../core";
import {
  FILTER_AT,
  FLOWS,
  H_EMIT_COUNT,
  H_EMIT_PTR,
  H_FILTER_FROM,
  H_FILTER_TO,
  H_MATCH_COUNT,
  HEADER,
  HEADER_SLOTS,
  INPUT,
  INPUT_SIZE,
  KEY,
  MATCH_SIZE,
  RECORD_SIZE,
} from "./layout";

interface EngineExports {
  memory: WebAssembly.Memory;
  configure(windowSeconds: number, flowsPerWindow: number): number;
  beginFile(): void;
  feed(offset: number, length: number, final: number, fresh: number): void;
  run(): number;
  flush(): number;
  reset(): void;
  startFilter(capacity: number): number;
  heapBase(): number;
}

export async function createWasmCore(module: WebAssembly.Module): Promise<EngineCore> {
  const instance = await WebAssembly.instantiate(module, {});
  const x = instance.exports as unknown as EngineExports;
  if (x.heapBase() > HEADER) throw new Error(`engine: static data ends at ${x.heapBase()}, above HEADER ${HEADER}`);
  let buffer = x.memory.buffer;
  let header = new Float64Array(buffer, HEADER, HEADER_SLOTS);
  let input = new Uint8Array(buffer, INPUT, INPUT_SIZE);
  // Views go stale when memory grows (only configure() and startFilter() grow it).
  const views = () => {
    if (buffer !== x.memory.buffer) {
      buffer = x.memory.buffer;
      header = new Float64Array(buffer, HEADER, HEADER_SLOTS);
      input = new Uint8Array(buffer, INPUT, INPUT_SIZE);
    }
  };
  return {
    kind: "wasm",
    header: () => {
      views();
      return header;
    },
    input: () => {
      views();
      return input;
    },
    configure: (w, f) => x.configure(w, f) === 1,
    beginFile: () => x.beginFile(),
    feed: (offset, length, final, fresh = 0) => x.feed(offset, length, final ? 1 : 0, fresh),
    run: () => x.run(),
    flush: () => x.flush(),
    reset: () => x.reset(),
    startFilter(capacity, pairs, fromUs, toUs) {
      if (x.startFilter(capacity) !== 1) return false;
      views();
      new Uint8Array(buffer, KEY + FILTER_AT, pairs.length).set(pairs);
      header[H_FILTER_FROM] = fromUs;
      header[H_FILTER_TO] = toUs;
      return true;
    },
    matches: () => {
      views();
      return new Uint8Array(buffer, FLOWS, header[H_MATCH_COUNT] * MATCH_SIZE);
    },
    emitted: () => {
      views();
      return new Uint8Array(buffer, header[H_EMIT_PTR], header[H_EMIT_COUNT] * RECORD_SIZE);
    },
  };
}
