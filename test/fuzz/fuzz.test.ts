// The fuzz harness in the unit suite: a few thousand seeded cases of each kind (the same
// code `npm run fuzz` runs at any length), and every case it ever found, kept in
// test/files/fuzz/ with what it found, replayed: each must now keep every invariant.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { newCore } from "../support/engine";
import { captureCase, checkCapture, checkLog, logCase, prng } from "./fuzz-lib";

const FILES = new URL("../files/", import.meta.url).pathname;
const corpus = [
  ...readdirSync(FILES)
    .filter((f) => /\.pcap(ng)?$/.test(f))
    .map((f) => FILES + f),
  ...readdirSync(`${FILES}repro`)
    .filter((f) => f.endsWith(".pcap"))
    .map((f) => `${FILES}repro/${f}`),
].map((f) => new Uint8Array(readFileSync(f)));
const CASES = Number(process.env.FLOWLENS_FUZZ_CASES ?? 1500);

describe("fuzz, seeded", () => {
  it(`captures: ${CASES} mutated files, the engines agree or refuse alike`, async () => {
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const c = captureCase(corpus, prng(7 * 1_000_003 + i));
      const why = await checkCapture(c.bytes, c.chunk, newCore);
      if (why) failures.push(`case ${i}: ${why.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it(`flow-log files: ${CASES} damaged files keep only valid records, whatever the chunking`, async () => {
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const rng = prng(7 * 1_000_003 + i);
      const why = await checkLog(logCase(rng), 1 + Math.floor(rng() * 64));
      if (why) failures.push(`case ${i}: ${why.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);
});

describe("fuzz findings, kept as fixtures", () => {
  const found = readdirSync(`${FILES}fuzz`).filter((f) => f.endsWith(".json"));
  it("are there, each with the input it found", () => {
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) expect(readdirSync(`${FILES}fuzz`)).toContain(f.replace(/\.json$/, f.startsWith("capture") ? ".pcap" : ".log"));
  });
  for (const f of found) {
    it(
      `${f.replace(/\.json$/, "")}: ` + `${JSON.parse(readFileSync(`${FILES}fuzz/${f}`, "utf8")).found.split(":")[0]} — no longer`,
      async () => {
        const meta = JSON.parse(readFileSync(`${FILES}fuzz/${f}`, "utf8")) as { chunk: number };
        const input = new Uint8Array(readFileSync(`${FILES}fuzz/${f.replace(/\.json$/, f.startsWith("capture") ? ".pcap" : ".log")}`));
        expect(f.startsWith("capture") ? await checkCapture(input, meta.chunk, newCore) : await checkLog(input, meta.chunk)).toBeNull();
      },
    );
  }
});
