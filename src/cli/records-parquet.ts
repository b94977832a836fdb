// `flowlens records INPUT… --format parquet|aws --out DIR`: the records of captures and flow-log
// files written as AWS delivers them to S3 — Parquet under Hive-compatible prefixes with hourly
// partitions and athena.sql beside them (formats/parquet/hive-export.ts), or gzipped text
// under the plain prefix (formats/text-tree-export.ts). Records go a chunk at a time from
// the reader to the partitions; an export that fails removes the files it wrote.
import { closeSync, mkdirSync, openSync, rmdirSync, rmSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { LineScanner } from "../formats/line-scanner";
import { type ColumnsOptions, importFlowLogColumns, type LogImportReport } from "../formats/log-import";
import { HiveExport, type TreeSink } from "../formats/parquet/hive-export";
import { type ByteSource, importParquetColumns, isParquetHead } from "../formats/parquet/parquet-import";
import type { ParquetCodec } from "../formats/parquet/parquet-stream";
import { TextTreeExport } from "../formats/text-tree-export";
import { nodeFileStream } from "../io/node-file-stream";
import { rowEntry } from "../model/row-entry";
import { EntryChunker } from "../storage/chunk-builder";
import type { recordsFromCaptures } from "./capture-records";
import { CliInputError } from "./cli-input";

export interface TreeArgs {
  out: string;
  region?: string;
  account?: string;
  /** Parquet's codec; absent: the gzipped text tree. */
  codec?: ParquetCodec;
  /** --log-format: the fields of CloudWatch events and of text without a header line. */
  logFormat?: string[];
}

/**
 * Files under `dir`, folders made as needed; written synchronously (the CLI has nothing else to
 * do meanwhile). `remove` deletes every file written and the folders made for them.
 */
export function folderSink(dir: string): TreeSink & { remove(): void } {
  const written: string[] = [];
  const made: string[] = [];
  return {
    remove() {
      for (const f of written) rmSync(f, { force: true });
      // The deepest first: a folder is removed only when nothing else is left in it.
      for (const d of made.sort((a, b) => b.length - a.length))
        try {
          rmdirSync(d);
        } catch {
          // not empty: something else is in it
        }
    },
    open(path) {
      const full = join(dir, path);
      const folder = dirname(full);
      const first = mkdirSync(folder, { recursive: true });
      if (first) for (let d = folder; d.length >= first.length; d = dirname(d)) made.push(d);
      written.push(full);
      const fd = openSync(full, "w");
      return {
        write: (b) => {
          for (let at = 0; at < b.length; ) at += writeSync(fd, b, at, b.length - at);
        },
        close: () => closeSync(fd),
      };
    },
  };
}

/** A node file as hyparquet's byte source (read by range), and whether it is Parquet. */
export async function nodeParquetSource(path: string): Promise<(ByteSource & { close(): Promise<void> }) | null> {
  const f = await open(path, "r").catch((e) => {
    throw new CliInputError(`${path}: cannot open: ${e.message}`);
  });
  const head = new Uint8Array(4);
  await f.read(head, 0, 4, 0);
  if (!isParquetHead(head)) {
    await f.close();
    return null;
  }
  const size = (await f.stat()).size;
  return {
    byteLength: size,
    async slice(start, end = size) {
      const b = new Uint8Array(end - start);
      await f.read(b, 0, b.length, start);
      return b.buffer;
    },
    close: () => f.close(),
  };
}

/** Whether a file is Parquet (PAR1 at its start). */
export async function isParquetFile(path: string): Promise<boolean> {
  const source = await nodeParquetSource(path);
  await source?.close();
  return source !== null;
}

/** Reads a flow-log file (text, gzip, or Parquet) a chunk at a time into `onChunk`. */
export async function readLogChunks(
  file: string,
  onChunk: ColumnsOptions["onChunk"],
  scanner: LineScanner | null = null,
  logFormat?: string[],
  fields?: ReadonlySet<string>,
): Promise<LogImportReport> {
  const parquet = await nodeParquetSource(file);
  if (!parquet)
    return importFlowLogColumns(file, nodeFileStream(file), `file:${file}`, { onChunk, maxErrors: 20, scanner, logFormat, fields });
  try {
    // node's zlib for GZIP pages (measured on a 1 M-row file: see docs/history.md #15).
    return await importParquetColumns(file, parquet, `file:${file}`, {
      onChunk,
      maxErrors: 20,
      decompressors: { GZIP: (b) => gunzipSync(b) },
    });
  } finally {
    await parquet.close();
  }
}

export async function exportTree(
  logs: string[],
  captures: string[],
  fromCaptures: () => ReturnType<typeof recordsFromCaptures>,
  a: TreeArgs,
  fields: string[],
  logReport: (file: string, r: LogImportReport) => void,
  err: (s: string) => void,
): Promise<void> {
  let regions = new Map<string, string>();
  const folder = folderSink(a.out);
  const partitions = {
    region: a.region,
    account: a.account,
    flowLog: (id: string) => (regions.has(id) ? { region: regions.get(id) } : undefined),
  };
  const tree = a.codec
    ? new HiveExport(folder, { ...partitions, codec: a.codec, gzip: (b) => gzipSync(b, { level: 6 }) })
    : new TextTreeExport(folder, { ...partitions, fields });
  try {
    for (const file of logs) logReport(file, await readLogChunks(file, (b) => tree.addChunk(b.columns()), null, a.logFormat));
    if (captures.length) {
      const { rows, flowLogs } = await fromCaptures();
      regions = new Map(flowLogs.map((f) => [f.id, f.regionId]));
      const chunker = new EntryChunker();
      // One entry at a time into the chunker: the records are never all objects at once.
      const entries = function* () {
        for (const r of rows.order) yield rowEntry(rows, r);
      };
      for (const b of chunker.add(entries())) await tree.addChunk(b.columns());
      const rest = chunker.rest();
      if (rest) await tree.addChunk(rest.columns());
    }
    const done = await tree.finish();
    const kind = a.codec ? "Parquet" : "gzipped text";
    const where = `${done.records} records in ${done.files.length} ${kind} files under ${join(a.out, "AWSLogs")}`;
    err(a.codec ? `${where}; table definitions in ${join(a.out, "athena.sql")}\n` : `${where}\n`);
  } catch (e) {
    // Half a tree is no delivery: what was written goes, the reason stays.
    folder.remove();
    throw e;
  }
}
