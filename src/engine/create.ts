// Builds an engine core: the WASM module when it compiles, else (or on request) the twin.
import type { EngineCore } from "./core";
import { createTwinCore } from "./twin/core";
import { createWasmCore } from "./wasm/core";

export type EngineKind = "wasm" | "twin";

export interface CoreChoice {
  core: EngineCore;
  fallbackReason?: string;
}

/** `loadModule` yields the compiled engine.wasm for this platform (see worker entries). */
export async function createCore(kind: EngineKind | "auto", loadModule: () => Promise<WebAssembly.Module>): Promise<CoreChoice> {
  if (kind === "twin") return { core: createTwinCore() };
  try {
    return { core: await createWasmCore(await loadModule()) };
  } catch (e) {
    if (kind === "wasm") throw e;
    return { core: createTwinCore(), fallbackReason: `WASM engine unavailable (${(e as Error).message}); using the TypeScript engine` };
  }
}
