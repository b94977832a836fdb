// The capture engine alone in a module worker of its own (engine-worker.js), started by the
// viewer's worker: the engine parses the next window while the viewer's worker turns the last
// one into columns and records, as the CLI's engine worker does beside its main thread.
import { expose, transferHandlers } from "comlink";
import { carryErrors, rebuildError } from "../model/flowlens-error";
import { createEngineService } from "./service";

transferHandlers.set("throw", carryErrors(transferHandlers.get("throw")!, rebuildError));
expose(createEngineService({
  loadModule: () => WebAssembly.compileStreaming(fetch(new URL("./engine.wasm", import.meta.url))),
}));
