// DuckDB for `flowlens search … | SELECT …`: the same WASM build the viewer's worker runs (measured
// against @duckdb/node-api's native one: docs/history.md #17), loaded from node_modules at the
// first query, synchronous (its blocking bindings) and single-threaded.
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
