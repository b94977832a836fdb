// DuckDB in the viewer's worker: the WASM build's blocking bindings (no worker of its own), its
// exception-handling module packaged beside worker.js (duckdb-eh.wasm: no CDN, no request but the
// extension's own file), instantiated at the first query and kept.
import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";

let instance: Promise<DuckDBBindings> | null = null;

export function browserDuckDb(): Promise<DuckDBBindings> {
  instance ??= (async () => {
    const duckdb = await import("duckdb-wasm-browser-blocking");
    const module = new URL("./duckdb-eh.wasm", import.meta.url).href;
    // Chromium and Firefox both run WebAssembly exceptions: the eh build is the one packaged.
    const db = await duckdb.createDuckDB(
      { mvp: { mainModule: module, mainWorker: "" }, eh: { mainModule: module, mainWorker: "" } },
      new duckdb.VoidLogger(),
      duckdb.BROWSER_RUNTIME,
    );
    await db.instantiate();
    return db as unknown as DuckDBBindings;
  })().catch((e) => {
    instance = null;
    throw e;
  });
  return instance;
}
