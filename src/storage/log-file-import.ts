// A flow-log file (any format the formats module reads, gzip or not) into a logstore, as
// one atomic import: every line that parses is stored, every other one reported; if the
// file cannot be read at all, or no line of it is a record, nothing is stored. The stream
// may fail on purpose (a cancel): the import is then dropped and the error goes on.
//
// Memory stays bounded (issue #10: a 10 M-line file once held 1.97 M parsed lines while
// 172 k were stored): after each chunk of input the reader waits for the records parsed
// so far to be written, so at most one chunk of input and one batch of records are held.
import { importFlowLogText, LogFormatError, type LogImportReport } from "../formats/log-import";
import { entryFromText } from "../model/imported-records";
import type { FlowLogEntry } from "../model/records";
import type { LogstoreAccess } from "./logstore";
import { CHUNK_RECORDS } from "./record-columns";
import { eventYielder } from "../io/yield-events";

export interface LogFileOptions {
  /** Called with each record's line number (progress). */
  onLine?: (line: number) => void;
  /** Stops the import (nothing stored) at the next slice of input. */
  signal?: AbortSignal;
}

export async function importLogFile(ls: LogstoreAccess, project: string, logstore: string, file: string, stream: ReadableStream<Uint8Array>, o: LogFileOptions = {}): Promise<LogImportReport & { stored: number }> {
  const imp = await ls.beginImport(project, logstore, file);
  try {
    let batch: FlowLogEntry[] = [];
    const letEventsIn = eventYielder();
    const report = await importFlowLogText(file, stream, (r, line) => {
      batch.push(entryFromText(r, `file:${file}`));
      o.onLine?.(line);
    }, 100, async () => {
      await letEventsIn();  // a cancel() message gets its turn
      if (o.signal?.aborted) throw new DOMException("import cancelled", "AbortError");
      if (batch.length < CHUNK_RECORDS) return;
      const part = batch;
      batch = [];
      await imp.add(part);
    });
    if (report.records === 0) {
      const first = report.errors[0];
      throw new LogFormatError(file, first?.line ?? 0, `no line could be read as a flow-log record${first ? ` (the first: ${first.reason})` : ""}`);
    }
    await imp.add(batch);
    const { records } = await imp.commit();
    return { ...report, stored: records };
  } catch (e) {
    await imp.abort();
    throw e;
  }
}
