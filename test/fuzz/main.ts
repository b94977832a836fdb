// npm run fuzz -- [--cases N] [--seed S] [--kind capture|log|both]
// Runs N seeded cases of each kind (fuzz-lib.ts); every case that breaks an invariant is
// written to test/files/fuzz/ with what went wrong, to be fixed and committed as a fixture
// (fixtures.test.ts replays each one). Exits 1 if any case failed.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTwinCore } from "../../src/engine/twin/core";
import { createWasmCore } from "../../src/engine/wasm/core";
import { type Cores, captureCase, checkCapture, checkLog, logCase, prng } from "./fuzz-lib";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const cases = Number(arg("cases", "10000")),
  seed = Number(arg("seed", "1")),
  kind = arg("kind", "both");
const files = arg("files", "test/files"),
  out = join(files, "fuzz");

const module = await WebAssembly.compile(readFileSync(new URL("./engine.wasm", import.meta.url)));
const cores: Cores = async (k) => (k === "twin" ? createTwinCore() : createWasmCore(module));
const corpus = [
  ...readdirSync(files)
    .filter((f) => /\.pcap(ng)?$/.test(f))
    .map((f) => join(files, f)),
  ...readdirSync(join(files, "repro"))
    .filter((f) => f.endsWith(".pcap"))
    .map((f) => join(files, "repro", f)),
].map((f) => new Uint8Array(readFileSync(f)));

let failed = 0;
const started = Date.now();
for (const which of kind === "both" ? ["capture", "log"] : [kind]) {
  for (let i = 0; i < cases; i++) {
    // One generator per case, seeded from (seed, i): a failure is made again from its two numbers.
    const rng = prng(seed * 1_000_003 + i);
    const c = which === "capture" ? captureCase(corpus, rng) : { bytes: logCase(rng), chunk: 1 + Math.floor(rng() * 64) };
    const why = which === "capture" ? await checkCapture(c.bytes, c.chunk, cores) : await checkLog(c.bytes, c.chunk);
    if (why) {
      failed++;
      const name = `${which}-${seed}-${i}`;
      writeFileSync(join(out, `${name}.${which === "capture" ? "pcap" : "log"}`), c.bytes);
      writeFileSync(
        join(out, `${name}.json`),
        `${JSON.stringify({ seed, case: i, chunk: c.chunk, found: why.slice(0, 4000) }, null, 1)}\n`,
      );
      console.error(`${name}: ${why.split("\n")[0]}`);
    }
    if ((i + 1) % Math.max(1, Math.floor(cases / 10)) === 0)
      console.error(`${which}: ${i + 1} cases, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
console.log(
  `fuzz: ${kind === "both" ? 2 * cases : cases} cases (seed ${seed}), ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failed ? 1 : 0);
