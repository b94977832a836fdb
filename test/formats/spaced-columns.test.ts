// The byte reader of space-separated lines (spaced-columns.ts) against the string reader:
// for any file — good lines, damaged ones, IPv6, NODATA rows, custom headers — reading into
// columns gives exactly the records (and the report) that reading records and making
// entries of them gives. The byte reader may leave a line to the string reader; it may
// never read a line differently.

import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createLineScanner } from "../../src/formats/line-scanner";
import { importFlowLogColumns, importFlowLogText } from "../../src/formats/log-import";
import { entryFromText } from "../../src/model/imported-records";
import type { FlowLogEntry } from "../../src/model/records";
import { decodeRecord } from "../../src/storage/record-columns";
import { logCase, mutateBytes, prng } from "../fuzz/fuzz-lib";

const scanner = await createLineScanner(await WebAssembly.compile(await readFile(new URL("../../build/lines.wasm", import.meta.url))));

const streamOf = (b: Uint8Array, step = 4096) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let at = 0; at < b.length; at += step) c.enqueue(b.slice(at, at + step));
      c.close();
    },
  });

/** The file read three ways: records then entries; columns by the TypeScript byte reader; columns by the WASM scanner. */
async function both(bytes: Uint8Array) {
  const viaRecords: FlowLogEntry[] = [],
    viaColumns: FlowLogEntry[] = [],
    viaWasm: FlowLogEntry[] = [];
  let a: unknown, b: unknown, w: unknown;
  try {
    a = await importFlowLogText("f.log", streamOf(bytes), (r) => viaRecords.push(entryFromText(r, "file:f.log")), 1000);
  } catch (e) {
    a = (e as Error).message;
  }
  const columns = async (into: FlowLogEntry[], withScanner: boolean) => {
    try {
      return await importFlowLogColumns("f.log", streamOf(bytes, 777), "file:f.log", {
        maxErrors: 1000,
        scanner: withScanner ? scanner : null,
        onChunk: (c) => {
          const cols = c.columns();
          for (let i = 0; i < cols.count; i++) into.push(decodeRecord(cols, i));
        },
      });
    } catch (e) {
      return (e as Error).message;
    }
  };
  b = await columns(viaColumns, false);
  w = await columns(viaWasm, true);
  expect(w).toEqual(b);
  expect(viaWasm).toEqual(viaColumns);
  return { a, b, viaRecords, viaColumns };
}

const AWS = [
  "2 123456789010 eni-0a1b2c3d 10.0.0.1 10.0.0.2 40000 22 6 3 180 1700000000 1700000059 ACCEPT OK",
  "2 123456789010 eni-0a1b2c3d 2001:db8::1 fd00::2 40000 22 6 3 180 1700000000 1700000059 REJECT OK",
  "2 123456789010 eni-0a1b2c3d - - - - - - - 1700000000 1700000059 - NODATA",
  "2 123456789010 eni-0a1b2c3d - - - - - 1700000000 1700000059 - NODATA",
  "2 - - 10.0.0.1 10.0.0.2 - - - - - 1700000000 1700000059 - OK",
  "3 123456789010 eni-1 10.0.0.01 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK",
  "2 123456789010 eni-1 10.0.0.1 10.0.0.2 0022 000000000000000000080 6 1 1 1 2 ACCEPT OK",
  "2\t123456789010  eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK  ",
];

describe("space-separated lines read from bytes into columns (TypeScript and WASM)", () => {
  it("give the records the string reader gives, for AWS lines of every kind", async () => {
    const r = await both(new TextEncoder().encode(`${AWS.join("\n")}\n`));
    expect(r.b).toEqual(r.a);
    expect(r.viaColumns).toEqual(r.viaRecords);
    expect(r.viaColumns.length).toBeGreaterThan(5);
  });

  it("give the same records and report for 3,000 damaged files", async () => {
    const differences: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const rng = prng(99 * 1_000_003 + i);
      const bytes = i % 2 ? logCase(rng) : mutateBytes(new TextEncoder().encode(AWS.join("\n")), rng);
      const r = await both(bytes);
      if (JSON.stringify(r.a) !== JSON.stringify(r.b) || JSON.stringify(r.viaRecords) !== JSON.stringify(r.viaColumns))
        differences.push(`case ${i}: ${JSON.stringify(r).slice(0, 400)}`);
    }
    expect(differences).toEqual([]);
  });
});
