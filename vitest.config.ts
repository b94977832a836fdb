import { defineConfig } from "vitest/config";

export default defineConfig({
  // Component tests are .tsx: JSX for preact, as esbuild builds the extension.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    projects: [
      // A timeout only catches a hang: the heavy property tests (3,000 damaged files, 1,500
      // fuzz cases) take 2-7 s here, more on a slower or busier machine, never a minute.
      { extends: true, test: { name: "unit", include: ["test/**/*.test.{ts,tsx}"], exclude: ["test/e2e/**"], environment: "node", testTimeout: 120000 } },
      // expect.poll waits 1 s by default: on a loaded machine a page's search or DuckDB's first
      // query takes longer, so a poll here waits up to 30 s (it only catches a hang).
      { extends: true, test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], environment: "node", testTimeout: 60000, hookTimeout: 180000,
        expect: { poll: { timeout: 30000 } },
        // One browser at a time: each is a few processes, and CI machines have 2 cores.
        fileParallelism: false } },
    ],
  },
});
