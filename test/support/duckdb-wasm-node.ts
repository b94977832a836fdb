// DuckDB's WASM build, the one the viewer's worker runs, loaded in Node from node_modules (its
// blocking bindings, single-threaded): the worker's SQL path in the workspace tests and the bench.
// The CLI runs the native build instead (src/cli/sql-native.ts, docs/history.md #17).
import { createRequire } from "node:module";
import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";

let instance: Promise<DuckDBBindings> | null = null;

export function nodeDuckDb(): Promise<DuckDBBindings> {
  instance ??= (async () => {
    const require = createRequire(import.meta.url);
    const duckdb = require("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs") as typeof import("@duckdb/duckdb-wasm/blocking");
    const wasm = (name: string) => require.resolve(`@duckdb/duckdb-wasm/dist/${name}`);
    const db = await duckdb.createDuckDB(
      { mvp: { mainModule: wasm("duckdb-mvp.wasm"), mainWorker: "" }, eh: { mainModule: wasm("duckdb-eh.wasm"), mainWorker: "" } },
      new duckdb.VoidLogger(),
      duckdb.NODE_RUNTIME,
    );
    await db.instantiate();
    return db as unknown as DuckDBBindings;
  })();
  return instance;
}
