// The viewer's module worker in the browser: the engine (engine.wasm sits beside
// worker.js) and the workspace over the extension's IndexedDB, behind one comlink endpoint.
import { expose } from "comlink";
import { openFlowLensDb } from "../storage/schema";
import { lazyWorkspace } from "../workspace/api";
import { createWorkspaceService } from "../workspace/service";
import { createEngineService } from "./service";

const engine = createEngineService({
  loadModule: () => WebAssembly.compileStreaming(fetch(new URL("./engine.wasm", import.meta.url))),
});
expose({ ...engine, ...lazyWorkspace(async () => createWorkspaceService(await openFlowLensDb(), engine)) });
