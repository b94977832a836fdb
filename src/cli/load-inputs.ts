// What the commands that search read: captures (their records decided by the inventory's rules)
// and flow-log files, into a chunk sink a chunk at a time; and the WASM line scanner beside the
// CLI's bundle.
import { readFile } from "node:fs/promises";
import { createLineScanner, type LineScanner } from "../formats/line-scanner";
import type { ChunkSink } from "../storage/chunk-builder";
import { rowsIntoChunks } from "../storage/row-chunks";
import { describeProposal, isCapture, readInventory, recordsFromCaptures } from "./capture-records";
import { readLogChunks } from "./records-parquet";

/** The WASM line scanner beside the CLI's bundle (lines.wasm); null where it cannot be read. */
export async function cliLineScanner(): Promise<LineScanner | null> {
  try {
    return await createLineScanner(await WebAssembly.compile(await readFile(new URL("./lines.wasm", import.meta.url))));
  } catch {
    return null;
  }
}

/** Reads the files (captures decided by the inventory's rules, flow-log files) into the spill logstore, a chunk at a time. */
export async function load(
  a: { files: string[]; inventory?: string; logFormat?: string[] },
  store: ChunkSink,
  err: (s: string) => void,
  /** Only these fields' columns are needed (log files may leave the others empty): see ColumnsOptions.fields. */
  fields?: ReadonlySet<string>,
): Promise<void> {
  const captures: string[] = [],
    logs: string[] = [];
  for (const f of a.files) ((await isCapture(f)) ? captures : logs).push(f);
  const scanner = logs.length ? await cliLineScanner() : null;
  for (const file of logs) {
    const report = await readLogChunks(file, (b) => store.addChunk(b), scanner, a.logFormat, fields);
    if (report.errorCount)
      err(`${file}: ${report.errorCount} lines skipped (first: line ${report.errors[0].line}: ${report.errors[0].reason})\n`);
    if (report.truncated) err(`${file}: ${report.truncated}\n`);
  }
  if (captures.length) {
    const r = await recordsFromCaptures(captures, await readInventory(a.inventory), undefined, 600, "aws");
    if (r.proposed) err(`${describeProposal(r.proposed)}\n`);
    await rowsIntoChunks(
      r.rows,
      () => 0,
      async (_, b) => store.addChunk(b),
    );
  }
  store.finish();
}
