// Runs captures through either engine in-process and collects the flows, for tests.
import { readFile } from "node:fs/promises";
import type { EngineCore } from "../../src/engine/core";
import { CaptureDriver, type FileReport, type WindowBatch } from "../../src/engine/driver";
import { type Flow, readFlows } from "../../src/engine/flow-record";
import { createTwinCore } from "../../src/engine/twin/core";
import { createWasmCore } from "../../src/engine/wasm/core";

export type { Flow };

import { blobSource, ingest } from "../../src/engine/ingest";

let wasmModule: WebAssembly.Module | null = null;

export async function newCore(kind: "wasm" | "twin"): Promise<EngineCore> {
  if (kind === "twin") return createTwinCore();
  wasmModule ??= await WebAssembly.compile(await readFile(new URL("../../build/engine.wasm", import.meta.url)));
  return createWasmCore(wasmModule);
}

export interface RunResult {
  flows: Flow[];
  batches: WindowBatch[];
  reports: FileReport[];
  raw: Uint8Array;
}

export interface RunOptions {
  windowSeconds?: number;
  flowsPerWindow?: number;
  chunk?: number;
}

/** Imports the files (bytes) in order; `chunk` splits each into pieces of that size. */
export async function runCapture(
  kind: "wasm" | "twin",
  files: Uint8Array[] | Uint8Array,
  o: RunOptions = {},
  cores: (kind: "wasm" | "twin") => Promise<EngineCore> = newCore,
): Promise<RunResult> {
  const list = files instanceof Uint8Array ? [files] : files;
  const batches: WindowBatch[] = [];
  const driver = new CaptureDriver(
    await cores(kind),
    { windowSeconds: o.windowSeconds ?? 600, flowsPerWindow: o.flowsPerWindow ?? 4096 },
    (b) => batches.push(b),
  );
  const sources = list.map((bytes, i) => {
    const step = o.chunk ?? bytes.length + 1;
    return {
      name: `file${i}`,
      size: bytes.length,
      open: () =>
        new ReadableStream<Uint8Array>({
          start(c) {
            for (let at = 0; at < bytes.length; at += step) c.enqueue(bytes.slice(at, at + step));
            c.close();
          },
        }),
    };
  });
  const reports = await ingest(driver, sources);
  const flows = batches.flatMap((b) => [...readFlows(b.records, b.count, b.window)]);
  const raw = new Uint8Array(batches.reduce((n, b) => n + b.records.length, 0));
  let at = 0;
  for (const b of batches) {
    raw.set(b.records, at);
    at += b.records.length;
  }
  return { flows, batches, reports, raw };
}

export { blobSource };

/**
 * Runs both engines (and the WASM one again in 7-byte chunks); asserts that all three give
 * the same records, windows and reports; returns the WASM result.
 */
export async function runBoth(files: Uint8Array[] | Uint8Array, o: RunOptions = {}): Promise<RunResult> {
  const wasm = await runCapture("wasm", files, o);
  const twin = await runCapture("twin", files, o);
  const size = (files instanceof Uint8Array ? [files] : files).reduce((n, f) => n + f.length, 0);
  const chunked = await runCapture("wasm", files, { ...o, chunk: size < 65536 ? 7 : 65537 });
  for (const other of [twin, chunked]) {
    if (!sameBytes(wasm.raw, other.raw))
      throw new Error(`engines disagree on records: ${JSON.stringify(wasm.flows)} vs ${JSON.stringify(other.flows)}`);
    const windows = (r: RunResult) => JSON.stringify(r.batches.map((b) => [b.window, b.count, b.skipped]));
    if (windows(wasm) !== windows(other)) throw new Error(`engines disagree on windows: ${windows(wasm)} vs ${windows(other)}`);
    const reports = (r: RunResult) => JSON.stringify(r.reports.map((x) => ({ ...x, bytes: 0 })));
    if (reports(wasm) !== reports(other)) throw new Error(`engines disagree on reports:\n${reports(wasm)}\n${reports(other)}`);
  }
  return wasm;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** A flow without its timing, for compact expectations. */
export function tuple(f: Flow): string {
  return `${f.interface} ${f.srcaddr}:${f.srcport} > ${f.dstaddr}:${f.dstport} p${f.protocol} n${f.packets} b${f.bytes}`;
}
