// Starts the engine worker under Node's worker_threads (CLI, tests, benchmarks).
import { Worker } from "node:worker_threads";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { connectEngine, type EngineClient } from "./client";

export function startNodeEngine(workerPath: URL): EngineClient {
  const worker = new Worker(workerPath);
  return connectEngine(
    nodeEndpoint(worker),
    (die) => {
      worker.on("error", (e) => die(e.message));
      worker.on("exit", (code) => die(`exit code ${code}`));
    },
    () => void worker.terminate(),
  );
}
