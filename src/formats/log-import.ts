// Imports a flow-log text file as a stream (gzip recognised by its magic): the format is
// detected from the first non-empty line, every line that does not parse is reported with
// its number and reason, and the import goes on (issue #4).
import { gunzipIfGzip } from "../io/gzip";
import { detectFormat, type DetectedFormat } from "./detect";
import type { FlowLogRecord } from "./fields";
import { readAlibabaJson, readAlibabaValues, readSpaced, splitCsv, type LineResult } from "./text-formats";

export interface LineError { file: string; line: number; reason: string }

export interface LogImportReport {
  file: string;
  format: string;
  lines: number;
  records: number;
  /** The first errors (up to maxErrors), and how many there were in all. */
  errors: LineError[];
  errorCount: number;
}

export class LogFormatError extends Error {
  constructor(readonly file: string, readonly line: number, reason: string) {
    super(`${file}: line ${line}: ${reason}`);
    this.name = "LogFormatError";
  }
}

function reader(format: DetectedFormat): (line: string) => LineResult {
  if (format.kind === "alibaba-json") return readAlibabaJson;
  if (format.kind === "alibaba-csv") {
    const names = format.names;
    return (line) => {
      const values = splitCsv(line);
      if (!values) return { error: "an unclosed quote" };
      if (values.length !== names.length) return { error: `${values.length} values where the header names ${names.length}` };
      return readAlibabaValues(names, values);
    };
  }
  return (line) => readSpaced(line, format.fields);
}

function formatName(f: DetectedFormat): string {
  if (f.kind !== "spaced") return f.kind;
  return f.header ? `${f.name} (${f.fields.join(" ")})` : f.name;
}

async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
  let rest = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const parts = (rest + value).split("\n");
    rest = parts.pop()!;
    for (const p of parts) yield p.endsWith("\r") ? p.slice(0, -1) : p;
  }
  if (rest) yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}


/** Reads every record of a flow-log file; `onRecord` gets them in order. */
export async function importFlowLogText(file: string, stream: ReadableStream<Uint8Array>, onRecord: (r: FlowLogRecord, line: number) => void, maxErrors = 100): Promise<LogImportReport> {
  let format: DetectedFormat | null = null;
  let read: ((line: string) => LineResult) | null = null;
  const report: LogImportReport = { file, format: "", lines: 0, records: 0, errors: [], errorCount: 0 };
  let n = 0;
  try {
    for await (const line of lines(await gunzipIfGzip(stream))) {
      n++;
      if (!line.trim()) continue;
      report.lines++;
      if (!format) {
        const d = detectFormat(line);
        if ("error" in d) throw new LogFormatError(file, n, `not a flow-log file: ${d.error}`);
        format = d;
        read = reader(d);
        report.format = formatName(d);
        if ((d.kind === "spaced" && d.header) || d.kind === "alibaba-csv") continue;
      }
      const r = read!(line);
      if ("error" in r) {
        report.errorCount++;
        if (report.errors.length < maxErrors) report.errors.push({ file, line: n, reason: r.error });
        continue;
      }
      report.records++;
      onRecord(r.record, n);
    }
  } catch (e) {
    if (e instanceof LogFormatError) throw e;
    throw new LogFormatError(file, n, `cannot read: ${(e as Error).message}`);
  }
  if (!format) throw new LogFormatError(file, n, "no flow-log line in the file");
  return report;
}
