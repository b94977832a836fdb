// `npm run package`: the zips the stores take, from the built dist/ — one for the Chrome
// Web Store (the folder's files at the zip's root) and one for addons.mozilla.org (made by
// web-ext, which also lints it). Same manifest for both (docs/toolchain.md §4).
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { zipSync } from "fflate";

const { version } = JSON.parse(readFileSync("dist/manifest.json", "utf8"));
mkdirSync("artifacts", { recursive: true });
const files = {};
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else files[relative("dist", p)] = readFileSync(p);
  }
};
walk("dist");
const chromium = `artifacts/flowlens-chromium-${version}.zip`;
writeFileSync(chromium, zipSync(files, { level: 9 }));
console.log(`${chromium}: ${Object.keys(files).length} files`);
const firefox = `flowlens-firefox-${version}.zip`;
rmSync(`artifacts/${firefox}`, { force: true });
const r = spawnSync(
  "npx",
  ["web-ext", "build", "--source-dir", "dist", "--artifacts-dir", "artifacts", "--filename", firefox, "--no-input"],
  { stdio: "inherit" },
);
if (r.status !== 0) process.exit(r.status ?? 1);
