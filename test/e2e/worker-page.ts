// A test page for the engine's browser worker: exposes importFile() to the e2e test.
import { proxy } from "comlink";
import { startBrowserEngine } from "../../src/engine/client";
import type { WindowBatch } from "../../src/engine/driver";
import { type Flow, readFlows } from "../../src/engine/flow-record";
import type { Progress } from "../../src/engine/ingest";

const engine = startBrowserEngine(new URL("./worker.js", import.meta.url));

async function importFile(file: File, engineKind: "wasm" | "twin" = "wasm") {
  const flows: Flow[] = [];
  const progress: Progress[] = [];
  const result = await engine.api.importCaptures(
    [file],
    { engine: engineKind, progressMs: 0 },
    proxy((b: WindowBatch) => {
      flows.push(...readFlows(b.records, b.count, b.window));
    }),
    proxy((p: Progress) => {
      progress.push(p);
    }),
  );
  return { result, flows, progress: progress.length };
}

(globalThis as unknown as { importFile: typeof importFile }).importFile = importFile;
document.body.dataset.ready = "yes";
