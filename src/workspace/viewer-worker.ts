// The viewer's module worker in the browser: the engine (engine.wasm and lines.wasm sit
// beside worker.js) and the workspace over the extension's IndexedDB, behind one comlink
// endpoint. It lives with the workspace it composes: the engine knows nothing of storage.
// The workspace's captures go to an engine in a worker of its own (engine-worker.js, started by
// the page), so that parsing and the records overlap; the engine's own methods, called by the
// page, run here.
import { type Endpoint, expose, proxy, transferHandlers } from "comlink";
import type { EngineApi } from "../engine/api";
import { connectEngine } from "../engine/client";
import { createEngineService } from "../engine/service";
import { announceReady } from "../engine/worker-start";
import { createLineScanner } from "../formats/line-scanner";
import { carryErrors, rebuildError } from "../model/flowlens-error";
import { openFlowLensDb } from "../storage/schema";
import type { ViewerWorkerApi, WorkspaceApi } from "./api";
import { createWorkspaceService } from "./service";

// Thrown errors keep their code, text and detail (and a refusal's problems) across.
transferHandlers.set("throw", carryErrors(transferHandlers.get("throw")!, rebuildError));

const engine = createEngineService({
  loadModule: () => WebAssembly.compileStreaming(fetch(new URL("./engine.wasm", import.meta.url))),
});
// The flow-log line scanner; without it, the TypeScript reader.
const lineScanner = () => WebAssembly.compileStreaming(fetch(new URL("./lines.wasm", import.meta.url))).then(createLineScanner, () => null);

// The workspace opens (database, scanner) on its first call. Calls are forwarded by name,
// so no list of its methods is kept by hand: a name the engine has goes to the engine.
let workspace: Promise<WorkspaceApi> | null = null;
// The engine for captures runs in a worker the page starts and hands over as a port (useEngine):
// a worker started here, nested, now and then blocked this one for good in Firefox ESR, inside
// `new Worker()` itself (measured: docs/history.md, worker-start.ts). Without a port, the engine here does.
let enginePort: MessagePort | null = null;
let engineStopped: (why: string) => void = () => {};
// Wrapped once: a workspace opened again (after a failed database open) reuses it.
let forCaptures: { engine: EngineApi; wrapCallback?: <T extends object>(f: T) => T } | null = null;
const captureEngine = () =>
  (forCaptures ??= enginePort
    ? {
        engine: connectEngine<EngineApi>(
          enginePort as unknown as Endpoint,
          (die) => {
            engineStopped = die;
          },
          () => enginePort?.close(),
        ).api as unknown as EngineApi,
        wrapCallback: proxy,
      }
    : { engine });
/** The viewer's language, kept here: telling it must not open the database (the page may be upgrading it). */
let language = "en";
const open = () =>
  (workspace ??= (async () => {
    const { engine: forCaptures, wrapCallback } = captureEngine();
    const ws = createWorkspaceService(await openFlowLensDb(), forCaptures, Date.now, { lineScanner: await lineScanner(), wrapCallback });
    await ws.setLanguage(language);
    return ws;
  })().catch((e) => {
    // A database that did not open (another tab upgrading it, a timeout) is tried again on the next call, not kept failed.
    workspace = null;
    throw e;
  }));
const api = new Proxy(engine as ViewerWorkerApi, {
  get(target, name) {
    if (name === "useEngine")
      return async (port: MessagePort) => {
        enginePort = port;
      };
    if (name === "engineStopped") return async (why: string) => engineStopped(why);
    if (name === "setLanguage")
      return async (l: string) => {
        language = l;
        if (workspace) await (await workspace).setLanguage(l);
      };
    if (typeof name !== "string" || Object.hasOwn(target, name)) return Reflect.get(target, name);
    return async (...args: unknown[]) => ((await open())[name as keyof WorkspaceApi] as (...a: unknown[]) => unknown)(...args);
  },
});
expose(api);
announceReady();
