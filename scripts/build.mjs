// Bundles the Node side (CLI, engine worker, benchmark) into build/node/, and the
// extension into dist/ (and, with the e2e switch on, dist-e2e/ for the Firefox test,
// whose background opens the viewer itself: WebDriver BiDi cannot navigate to it).

import { copyFileSync, cpSync, mkdirSync, rmSync } from "node:fs";
import { build } from "esbuild";

const wasm = "build/engine.wasm";
const linesWasm = "build/lines.wasm";
const common = { bundle: true, format: "esm", sourcemap: true, logLevel: "warning" };
// DuckDB-WASM's browser build of its blocking bindings, which its package exports by no name (sql-engine-browser.ts);
// the Node bundles carry the worker's code too (the bench runs its workspace) but never load it.
const duckdbAlias = { "duckdb-wasm-browser-blocking": "./node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs" };

mkdirSync("build/node", { recursive: true });
await build({
  ...common,
  platform: "node",
  target: "node20",
  entryPoints: { cli: "src/cli/main.ts", "worker-node": "src/engine/worker-node.ts", bench: "bench/main.ts", fuzz: "test/fuzz/main.ts" },
  outdir: "build/node",
  alias: duckdbAlias,
  outExtension: { ".js": ".mjs" },
  // The benchmark drives Chromium; playwright-core stays a runtime import, not bundled. DuckDB's native
  // build (the CLI's SQL) loads its binary (a .node file per platform) from node_modules at run time.
  external: ["playwright-core", "esbuild", "@duckdb/node-api"],
});
copyFileSync(wasm, "build/node/engine.wasm");
copyFileSync(linesWasm, "build/node/lines.wasm");

/** The unpacked extension: static files of extension/, the bundles, the engine, the sample capture. */
async function buildExtension(outdir, e2e) {
  rmSync(outdir, { recursive: true, force: true });
  cpSync("extension", outdir, { recursive: true });
  const extension = {
    ...common,
    // Store reviewers read the code: no minification, no source maps inside the package.
    sourcemap: false,
    platform: "browser",
    target: ["chrome120", "firefox128"],
    jsx: "automatic",
    jsxImportSource: "preact",
    define: { __E2E__: String(e2e) },
    alias: duckdbAlias,
    entryPoints: {
      viewer: "src/ui/viewer-main.tsx",
      popup: "src/ui/popup-main.tsx",
      background: "src/background/background.ts",
      "engine-worker": "src/engine/worker-browser.ts",
    },
    outdir,
  };
  await build(extension);
  // The viewer's worker on its own, split: DuckDB's bindings (and Arrow) are a chunk it imports at the first SQL query only.
  await build({
    ...extension,
    entryPoints: { worker: "src/workspace/viewer-worker.ts" },
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
  });
  copyFileSync(wasm, `${outdir}/engine.wasm`);
  copyFileSync(linesWasm, `${outdir}/lines.wasm`);
  // DuckDB's module for SQL after the search (33 MB; loaded by the worker at the first query only).
  copyFileSync("node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm", `${outdir}/duckdb-eh.wasm`);
  mkdirSync(`${outdir}/samples`, { recursive: true });
  copyFileSync("test/files/tcpdump-veth.pcap", `${outdir}/samples/tcpdump-veth.pcap`);
  copyFileSync("test/files/veth-network.json", `${outdir}/samples/veth-network.json`);
}

await buildExtension("dist", false);
await buildExtension("dist-e2e", true);
