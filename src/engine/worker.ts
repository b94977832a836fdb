// The engine's module worker in the browser: engine.wasm sits beside worker.js.
import { expose } from "comlink";
import { createEngineService } from "./service";

expose(createEngineService({
  loadModule: () => WebAssembly.compileStreaming(fetch(new URL("./engine.wasm", import.meta.url))),
}));
