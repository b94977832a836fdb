// The built extension as the stores see it: web-ext lint (Mozilla's add-on linter, run
// offline) finds no error, the manifest asks for no more than it needs, and every
// visible string the UI uses is in both locales.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INVENTORY_KINDS } from "../../src/model/inventory";

const dist = new URL("../../dist/", import.meta.url).pathname;
const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), "utf8");

describe("web-ext lint", () => {
  it("passes with no errors; the warnings are the three docs/toolchain.md §4 expects", () => {
    const r = spawnSync("npx", ["web-ext", "lint", "--source-dir", dist, "--no-input", "--output", "json"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    const report = JSON.parse(r.stdout.slice(r.stdout.indexOf("{")));
    expect(report.errors).toEqual([]);
    const warnings: { code: string; file: string }[] = report.warnings;
    // DuckDB's emscripten glue and Arrow's builders hold `new Function` paths, in the chunks the worker
    // loads for SQL only: paths never taken, since the CSP (no 'unsafe-eval') would refuse them, and
    // SQL runs under it in both browsers (test/e2e). Anywhere else, such a warning is a finding.
    const evalIn = warnings.filter((w) => w.code === "DANGEROUS_EVAL").map((w) => w.file);
    expect(evalIn.length).toBeGreaterThan(0);
    expect(evalIn.filter((f) => !/^chunks\/(chunk|duckdb-browser-blocking)-[\w]+\.js$/.test(f))).toEqual([]);
    expect(
      warnings
        .filter((w) => w.code !== "DANGEROUS_EVAL")
        .map((w) => `${w.code} ${w.file}`)
        .sort(),
    ).toEqual([
      "BACKGROUND_SERVICE_WORKER_IGNORED manifest.json", // Firefox runs background.scripts
      "UNSAFE_VAR_ASSIGNMENT popup.js", // preact's own dangerouslySetInnerHTML support, unused
      "UNSAFE_VAR_ASSIGNMENT viewer.js",
    ]);
  }, 60_000);
});

describe("manifest", () => {
  const m = JSON.parse(readFileSync(join(dist, "manifest.json"), "utf8"));
  it("asks for room in IndexedDB only (no code uses the storage API), and no host", () => {
    expect(m.permissions).toEqual(["unlimitedStorage"]);
    expect(m.host_permissions).toBeUndefined();
    expect(m.content_scripts).toBeUndefined();
  });
  it("allows WASM and nothing looser, and lets the browser refuse every request to another origin (issue #10)", () => {
    expect(m.content_security_policy).toEqual({
      extension_pages:
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self' blob: " +
        "data:; object-src 'none'; base-uri 'none'; form-action 'none'",
    });
  });
  it("has the pages and the files it names at its root", () => {
    const files = readdirSync(dist);
    for (const f of ["viewer.html", "popup.html", "background.js", "worker.js", "engine.wasm", "viewer.js", "popup.js"])
      expect(files).toContain(f);
    for (const icon of Object.values(m.icons) as string[]) expect(readFileSync(join(dist, icon)).subarray(1, 4).toString()).toBe("PNG");
  });
});

describe("locales", () => {
  const en = JSON.parse(read("extension/_locales/en/messages.json"));
  const zh = JSON.parse(read("extension/_locales/zh_CN/messages.json"));
  const sources = (dir: string): string[] =>
    readdirSync(new URL(`../../${dir}`, import.meta.url), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(`${dir}/${e.name}`) : /\.tsx?$/.test(e.name) ? [read(`${dir}/${e.name}`)] : [],
    );
  const code = sources("src/ui").join("\n");
  const used = new Set(
    [
      ...code.matchAll(/\bt\("([A-Za-z0-9_]+)"/g),
      ...code.matchAll(/label: "((?:field|kind|nav)[A-Za-z]+)"/g),
      ...code.matchAll(/"(nav[A-Za-z]+|kind[A-Za-z]+)"/g),
    ].map((m) => m[1]),
  );

  it("name the same messages in English and Chinese, none empty", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries({ ...en, ...zh }) as [string, { message: string }][]) expect(v.message.trim(), k).not.toBe("");
  });
  it("hold every key the UI uses, including the per-state and per-analysis ones", () => {
    const missing = [...used].filter((k) => !(k in en));
    expect(missing).toEqual([]);
    for (const s of ["queued", "running", "done", "proposal", "error", "cancelled"]) expect(en).toHaveProperty(`state_${s}`);
    for (const a of code.match(/const SHOWN = \[([^\]]+)\]/)![1].match(/"[^"]+"/g)!)
      expect(en).toHaveProperty(`analysis_${a.slice(1, -1).replace(/-/g, "_")}`);
  });
  it("hold every text the model, storage and engine say (src/model/text.ts)", () => {
    const all = sources("src").join("\n");
    const said = [...all.matchAll(/\btext\("([A-Za-z0-9_]+)"/g)].map((m) => m[1]);
    expect(said.length).toBeGreaterThan(100);
    expect(said.filter((k) => !(k in en))).toEqual([]);
    for (const kind of INVENTORY_KINDS) expect(en).toHaveProperty(`entity_${kind}`);
    for (const what of ["text", "texts", "number", "limits", "rules"]) expect(en).toHaveProperty(`document_must_be_${what}`);
  });
  it("use only the key characters the i18n API accepts, and fill placeholders the same way", () => {
    for (const k of Object.keys(en)) expect(k).toMatch(/^[A-Za-z0-9_]+$/);
    for (const k of Object.keys(en))
      expect((zh[k].message.match(/\{\d\}/g) ?? []).sort(), k).toEqual((en[k].message.match(/\{\d\}/g) ?? []).sort());
  });
});
