// What `npm run lint` checks beside Biome (docs/history.md #13): every source line within 140
// columns (assembly/ too, which Biome does not parse), no source or test file over 400
// lines, the layers looking down only — the engine imports no workspace, storage, ui or
// cli code; the model no formats, storage, query, workspace, ui or cli code — and no
// Chinese in src/: what the user reads lives in extension/_locales (src/model/text.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOTS = ["src", "assembly", "test", "bench", "scripts"];
const SOURCE = /\.(ts|tsx|mjs)$/;
const MAX_COLUMNS = 140;
const MAX_LINES = 400;
const HAN = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
const LAYERS = [
  { dir: "src/engine", mayNotImport: ["workspace", "storage", "ui", "cli"] },
  { dir: "src/model", mayNotImport: ["formats", "storage", "query", "workspace", "ui", "cli"] },
];

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (path !== join("test", "files")) yield* files(path);
    } else if (SOURCE.test(e.name)) yield path;
  }
}

const problems = [];
for (const root of ROOTS) {
  for (const path of files(root)) {
    const lines = readFileSync(path, "utf8").split("\n");
    if (lines.at(-1) === "") lines.pop();
    lines.forEach((line, k) => {
      if ([...line].length > MAX_COLUMNS) problems.push(`${path}:${k + 1}: ${[...line].length} columns (at most ${MAX_COLUMNS})`);
    });
    if (path.startsWith("src/"))
      lines.forEach((line, k) => {
        if (HAN.test(line)) problems.push(`${path}:${k + 1}: Chinese text in source (put it in extension/_locales, say it with a text)`);
      });
    if (lines.length > MAX_LINES) problems.push(`${path}: ${lines.length} lines (at most ${MAX_LINES}: split it by what it holds)`);
    for (const layer of LAYERS) {
      if (!path.startsWith(`${layer.dir}/`)) continue;
      lines.forEach((line, k) => {
        const m = /\bfrom\s+"(\.[^"]+)"|\bimport\(\s*"(\.[^"]+)"/.exec(line);
        if (!m) return;
        const target = relative("src", join(path, "..", m[1] ?? m[2])).split("/")[0];
        if (layer.mayNotImport.includes(target))
          problems.push(`${path}:${k + 1}: ${layer.dir} may not import ${target}/ (the layers look down only)`);
      });
    }
  }
}
for (const p of problems) console.error(p);
if (problems.length) {
  console.error(`check-source: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log("check-source: lines, sizes, layers and texts as they should be");
