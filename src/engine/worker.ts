// The viewer's module worker in the browser: the engine (engine.wasm sits beside
// worker.js) and the workspace over the extension's IndexedDB, behind one comlink endpoint.
import { expose } from "comlink";
import { openFlowLensDb } from "../storage/schema";
import { lazyWorkspace } from "../workspace/api";
import { createWorkspaceService } from "../workspace/service";
import { createEngineService } from "./service";
import { createLineScanner } from "../formats/line-scanner";

const engine = createEngineService({
  loadModule: () => WebAssembly.compileStreaming(fetch(new URL("./engine.wasm", import.meta.url))),
});
// The flow-log line scanner (lines.wasm, beside worker.js); without it, the TypeScript reader.
const lineScanner = () => WebAssembly.compileStreaming(fetch(new URL("./lines.wasm", import.meta.url))).then(createLineScanner, () => null);
expose({ ...engine, ...lazyWorkspace(async () => createWorkspaceService(await openFlowLensDb(), engine, Date.now, { lineScanner: await lineScanner() })) });
