// Bundles the Node side (CLI, engine worker, benchmark) into build/node/ and the
// browser engine worker into dist/, each beside a copy of engine.wasm.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";

const wasm = "build/engine.wasm";
const common = { bundle: true, format: "esm", sourcemap: true, logLevel: "warning" };

mkdirSync("build/node", { recursive: true });
await build({
  ...common,
  platform: "node",
  target: "node20",
  entryPoints: { cli: "src/cli/main.ts", "worker-node": "src/engine/worker-node.ts", bench: "bench/main.ts" },
  outdir: "build/node",
  outExtension: { ".js": ".mjs" },
  // The benchmark drives Chromium; playwright-core stays a runtime import, not bundled.
  external: ["playwright-core", "esbuild"],
});
copyFileSync(wasm, "build/node/engine.wasm");

mkdirSync("dist", { recursive: true });
await build({
  ...common,
  platform: "browser",
  target: ["chrome120", "firefox121"],
  entryPoints: { worker: "src/engine/worker.ts" },
  outdir: "dist",
});
copyFileSync(wasm, "dist/engine.wasm");
