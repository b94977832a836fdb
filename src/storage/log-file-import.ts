// A flow-log file (any format the formats module reads, gzip or not) into a logstore, as
// one atomic import: every line that parses is stored, every other one reported; if the
// file cannot be read at all, nothing is stored.
import { importFlowLogText, type LogImportReport } from "../formats/log-import";
import { entryFromText, reaggregate } from "../model/imported-records";
import type { FlowLogEntry } from "../model/records";
import type { LogstoreAccess } from "./logstore";

export async function importLogFile(ls: LogstoreAccess, project: string, logstore: string, file: string, stream: ReadableStream<Uint8Array>, o: { reaggregateTo?: number } = {}): Promise<LogImportReport & { stored: number }> {
  const imp = await ls.beginImport(project, logstore);
  try {
    const batch: FlowLogEntry[] = [];
    // One add at a time: each may write a chunk, and chunks are numbered in order.
    let chain = Promise.resolve();
    const report = await importFlowLogText(file, stream, (r) => {
      batch.push(entryFromText(r, `file:${file}`));
      if (!o.reaggregateTo && batch.length >= 8192) {
        const part = batch.splice(0);
        chain = chain.then(() => imp.add(part));
      }
    });
    await chain;
    await imp.add(o.reaggregateTo ? reaggregate(batch, o.reaggregateTo) : batch);
    const { records } = await imp.commit();
    return { ...report, stored: records };
  } catch (e) {
    await imp.abort();
    throw e;
  }
}
