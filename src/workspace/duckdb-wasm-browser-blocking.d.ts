// The browser build of DuckDB-WASM's blocking bindings, which its package does not export by name:
// the bundler maps this module to its file (scripts/build.mjs), and its types are the blocking ones.
declare module "duckdb-wasm-browser-blocking" {
  export * from "@duckdb/duckdb-wasm/blocking";

  import type { DuckDBRuntime } from "@duckdb/duckdb-wasm/blocking";
  export const BROWSER_RUNTIME: DuckDBRuntime;
}
