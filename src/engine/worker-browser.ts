// The capture engine alone in a module worker of its own (engine-worker.js), started by the
// viewer's worker: the engine parses the next window while the viewer's worker turns the last
// one into columns and records, as the CLI's engine worker does beside its main thread.
import { expose, transferHandlers } from "comlink";
import { carryErrors, rebuildError } from "../model/flowlens-error";
import type { CaptureSource } from "./ingest";
import { createEngineService } from "./service";
import { announceReady, ENGINE_PORT } from "./worker-start";

transferHandlers.set("throw", carryErrors(transferHandlers.get("throw")!, rebuildError));
declare const __E2E__: boolean;

// Compiled once for all imports of the worker's life, not once per import.
let compiled: Promise<WebAssembly.Module> | null = null;
const service = createEngineService({
  loadModule: () => (compiled ??= WebAssembly.compileStreaming(fetch(new URL("./engine.wasm", import.meta.url)))),
  // The e2e build only: a capture named *.hold.* stops after its first chunk until its import
  // is cancelled, so that the cancel test never races the import's end on a fast machine.
  ...(__E2E__ ? { hold: holdAfterFirstChunk } : {}),
});
// Served on the port the page sends (the viewer's worker holds its other end: client.ts startEnginePort).
self.addEventListener("message", (e: MessageEvent) => {
  const port = (e.data as Record<string, unknown> | null)?.[ENGINE_PORT];
  if (port instanceof MessagePort) expose(service, port);
});
announceReady();

function holdAfterFirstChunk(source: CaptureSource, signal: AbortSignal): CaptureSource {
  if (!source.name.includes(".hold.") || !source.readInto) return source;
  const read = source.readInto;
  const cancelled = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
  let reads = 0;
  return {
    ...source,
    async readInto(into) {
      if (reads++ > 0) await cancelled;
      return read(into);
    },
  };
}
