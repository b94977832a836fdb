// A flow-log file (any format the formats module reads, gzip or not) into a logstore, as
// one atomic import: every line that parses is stored, every other one reported; if the
// file cannot be read at all, or no line of it is a record, nothing is stored. The stream
// may fail on purpose (a cancel): the import is then dropped and the error goes on.
import { importFlowLogText, LogFormatError, type LogImportReport } from "../formats/log-import";
import { entryFromText, reaggregate } from "../model/imported-records";
import type { FlowLogEntry } from "../model/records";
import type { LogstoreAccess } from "./logstore";

export interface LogFileOptions {
  reaggregateTo?: number;
  /** Called with each record's line number (progress). */
  onLine?: (line: number) => void;
}

export async function importLogFile(ls: LogstoreAccess, project: string, logstore: string, file: string, stream: ReadableStream<Uint8Array>, o: LogFileOptions = {}): Promise<LogImportReport & { stored: number }> {
  const imp = await ls.beginImport(project, logstore, file);
  try {
    let batch: FlowLogEntry[] = [];
    // One add at a time: each may write a chunk, and chunks are numbered in order.
    let chain = Promise.resolve();
    const report = await importFlowLogText(file, stream, (r, line) => {
      batch.push(entryFromText(r, `file:${file}`));
      o.onLine?.(line);
      if (!o.reaggregateTo && batch.length >= 8192) {
        const part = batch;
        batch = [];
        chain = chain.then(() => imp.add(part));
      }
    });
    await chain;
    if (report.records === 0) {
      const first = report.errors[0];
      throw new LogFormatError(file, first?.line ?? 0, `no line could be read as a flow-log record${first ? ` (the first: ${first.reason})` : ""}`);
    }
    await imp.add(o.reaggregateTo ? reaggregate(batch, o.reaggregateTo) : batch);
    const { records } = await imp.commit();
    return { ...report, stored: records };
  } catch (e) {
    await imp.abort();
    throw e;
  }
}
