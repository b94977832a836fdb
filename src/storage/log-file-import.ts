// A flow-log file (any format the formats module reads, gzip or not) into a logstore, as
// one atomic import: every line that parses is stored, every other one reported; if the
// file cannot be read at all, or no line of it is a record, nothing is stored. The stream
// may fail on purpose (a cancel): the import is then dropped and the error goes on.
//
// Memory stays bounded (docs/history.md #10: a 10 M-line file once held 1.97 M parsed lines while
// 172 k were stored): after each slice of input the reader waits for the chunks it filled
// to be written, so at most one slice of input and a chunk or two of records are held.

import { ContentHash, digestHex } from "../engine/twin/content-hash";
import type { LineScanner } from "../formats/line-scanner";
import { type ColumnsOptions, importFlowLogColumns, LogFormatError, type LogImportReport } from "../formats/log-import";
import { type ByteSource, importParquetColumns } from "../formats/parquet/parquet-import";
import { eventYielder } from "../io/yield-events";
import type { LogstoreAccess } from "./logstore";

export interface LogFileOptions {
  /** Called with each record's line number (progress). */
  onLine?: (line: number) => void;
  /** Stops the import (nothing stored) at the next slice of input. */
  signal?: AbortSignal;
  /** The WASM line scanner, where it could be had. */
  scanner?: LineScanner | null;
  /**
   * Asked with the file's content hash once every line is written: true holds the import
   * uncommitted (a file imported before: the user is asked whether to store it twice), and
   * the result's `held` commits or drops it.
   */
  hold?: (contentHash: string) => Promise<boolean>;
  /** The file is Parquet (AWS's delivery): its rows are read from here by range, and the stream only hashed. */
  parquet?: ByteSource;
  /** The flow log's fields in order, where the file does not name them (CloudWatch events, text without a header). */
  logFormat?: string[];
}

/** An import written whole but not committed: commit() makes it visible, abort() removes it. */
export interface HeldImport {
  commit(): Promise<number>;
  abort(): Promise<void>;
}

export type LogFileReport = LogImportReport & { stored: number; contentHash: string; held?: HeldImport };

export async function importLogFile(
  ls: LogstoreAccess,
  project: string,
  logstore: string,
  file: string,
  stream: ReadableStream<Uint8Array>,
  o: LogFileOptions = {},
): Promise<LogFileReport> {
  const imp = await ls.beginImport(project, logstore, file);
  // The content hash of the text (decompressed), as the engine's of a capture: the same file again is told.
  const hash = new ContentHash();
  try {
    const letEventsIn = eventYielder();
    // Lines go into chunk columns (space-separated ones from their bytes); each full chunk
    // is written before more input is read.
    const columns: ColumnsOptions = {
      onChunk: (b) => imp.addChunk(b),
      onLine: o.onLine,
      scanner: o.scanner,
      onBytes: (b) => hash.update(b, 0, b.length),
      logFormat: o.logFormat,
      async afterSlice() {
        await letEventsIn(); // a cancel() message gets its turn
        if (o.signal?.aborted) throw new DOMException("import cancelled", "AbortError");
      },
    };
    let report: LogImportReport;
    if (o.parquet) {
      // Parquet is read by range (its footer first); the stream gives its bytes to the content hash only.
      report = await importParquetColumns(file, o.parquet, `file:${file}`, columns);
      for await (const b of stream as unknown as AsyncIterable<Uint8Array>) hash.update(b, 0, b.length);
    } else report = await importFlowLogColumns(file, stream, `file:${file}`, columns);
    if (report.records === 0) {
      const first = report.errors[0];
      throw new LogFormatError(
        file,
        first?.line ?? 0,
        `no line could be read as a flow-log record${first ? ` (the first: ${first.reason})` : ""}`,
      );
    }
    const contentHash = digestHex(hash.end());
    if (await o.hold?.(contentHash)) {
      await imp.flush();
      const held: HeldImport = {
        async commit() {
          try {
            return (await imp.commit(contentHash)).records;
          } catch (e) {
            await imp.abort();
            throw e;
          }
        },
        abort: () => imp.abort(),
      };
      return { ...report, stored: 0, contentHash, held };
    }
    const { records } = await imp.commit(contentHash);
    return { ...report, stored: records, contentHash };
  } catch (e) {
    await imp.abort();
    throw e;
  }
}
