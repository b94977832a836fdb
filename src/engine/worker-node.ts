// The same engine service under Node's worker_threads (the CLI and tests): engine.wasm
// is read from beside this bundle, and file paths are read directly.
import { readFile } from "node:fs/promises";
import { parentPort } from "node:worker_threads";
import { expose } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { openFileSource } from "./node-source";
import { createEngineService } from "./service";

export const nodePlatform = {
  loadModule: async () => WebAssembly.compile(await readFile(new URL("./engine.wasm", import.meta.url))),
  openPath: openFileSource,
};

if (parentPort) expose(createEngineService(nodePlatform), nodeEndpoint(parentPort));
