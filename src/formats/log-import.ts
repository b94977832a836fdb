// Imports a flow-log text file as a stream (gzip recognised by its magic): the format is
// detected from the first non-empty line, every line that does not parse is reported with
// its number and reason, and the import goes on (docs/history.md #4).

import { GzipDataError, gunzipIfGzip } from "../io/gzip";
import { peekHead } from "../io/stream-head";
import { FlowLensError } from "../model/flowlens-error";
import { entryFromText } from "../model/imported-records";
import { text } from "../model/text";
import { ChunkBuilder } from "../storage/chunk-builder";
import { type DetectedFormat, detectFormat } from "./detect";
import type { FlowLogRecord } from "./fields";
import { JsonBreak, readJsonDocument } from "./json/json-document";
import { type ElementReader, FileRefusal } from "./json/json-elements";
import { documentShape, jsonLineKind, readerFor } from "./json/json-kinds";
import { type LineSink, MAX_LINE_BYTES, readLines } from "./line-reader";
import type { LineScanner } from "./line-scanner";
import { appendSpacedLine, planSpaced } from "./spaced-columns";
import { type LineResult, readAlibabaJson, readNamedValues, readSpaced, splitCsv } from "./text-formats";

export interface LineError {
  file: string;
  line: number;
  reason: string;
}

export interface LogImportReport {
  file: string;
  format: string;
  lines: number;
  records: number;
  /** The first errors (up to maxErrors), and how many there were in all. */
  errors: LineError[];
  errorCount: number;
  /** Set when the file (a gzip) broke off: what was read before is kept. */
  truncated?: string;
}

/** A flow-log file refused: where (file, line), and why (the reason, in English: the field rules speak it). */
export class LogFormatError extends FlowLensError {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super("log-format", text("log_line_error", file, line, reason), { file, line });
    this.name = "LogFormatError";
  }
}

function reader(format: DetectedFormat): (line: string) => LineResult {
  if (format.kind === "alibaba-json" || format.kind === "json-lines") return readAlibabaJson;
  if (format.kind === "alibaba-csv") {
    const names = format.names;
    return (line) => {
      const values = splitCsv(line);
      if (!values) return { error: "an unclosed quote" };
      if (values.length !== names.length) return { error: `${values.length} values where the header names ${names.length}` };
      return readNamedValues(names, values);
    };
  }
  return (line) => readSpaced(line, format.fields);
}

function formatName(f: DetectedFormat): string {
  if (f.kind === "json-lines") return `${f.element} lines`;
  if (f.kind !== "spaced") return f.kind;
  return f.header ? `${f.name} (${f.fields.join(" ")})` : f.name;
}

/**
 * Reads every record of a flow-log file; `onRecord` gets them in order. What `afterChunk`
 * returns is awaited after each chunk of input, so a slow consumer (the logstore) holds
 * the reading back and memory stays bounded whatever the file's size.
 */
export function importFlowLogText(
  file: string,
  stream: ReadableStream<Uint8Array>,
  onRecord: (r: FlowLogRecord, line: number) => void,
  maxErrors = 100,
  afterChunk?: () => Promise<void> | void,
  logFormat?: string[],
): Promise<LogImportReport> {
  return readFlowLog(file, stream, { record: onRecord, afterChunk }, { maxErrors, logFormat });
}

/** How a file is read: how many of its errors are kept, and the format its records are in where it does not say (CloudWatch). */
interface ReadOptions {
  maxErrors: number;
  /** The flow log's fields in order (`--log-format`): for CloudWatch events and text without a header line. */
  logFormat?: string[];
}

/** What reading a flow-log file feeds: records, or — where a format has one — a reader of line bytes. */
interface RecordSink {
  record(r: FlowLogRecord, line: number): void;
  /** Each record's line number, whichever reader took it (progress). */
  onLine?(line: number): void;
  /** A reader that takes a line's bytes itself (true) or leaves it to the string reader (false). */
  fast?(format: DetectedFormat): ((buf: Uint8Array, start: number, end: number) => boolean) | null;
  afterChunk?(): Promise<void> | void;
  /** Every slice of the file's bytes as read (decompressed), in order. */
  onBytes?: (b: Uint8Array) => void;
}

/**
 * Reads a flow-log file into chunk columns (docs/history.md #11): space-separated lines go from their
 * bytes into the columns (spaced-columns.ts), other formats through their records. `onChunk`
 * gets each full chunk, and its promise is awaited before more input is read.
 */
export interface ColumnsOptions {
  /** Each full chunk (and the last one); awaited before more input is read. */
  onChunk: (b: ChunkBuilder) => Promise<void> | void;
  /** Each record's line number (progress). */
  onLine?: (line: number) => void;
  /** After each slice of input (about 1 MiB): a cancel check, a turn for other events. */
  afterSlice?: () => Promise<void> | void;
  maxErrors?: number;
  /** The WASM line scanner, where it could be had (else the TypeScript byte reader). */
  scanner?: LineScanner | null;
  /** Every slice of the file's bytes as read (decompressed), in order: its content hash. */
  onBytes?: (b: Uint8Array) => void;
  /** The flow log's fields in order, where the file does not name them (CloudWatch events, text without a header). */
  logFormat?: string[];
  /**
   * Only these fields' columns need filling (the others may stay empty), for a reader that reads
   * nothing else: SQL over every record (cli/search-sql.ts). Space-separated files honour it.
   */
  fields?: ReadonlySet<string>;
}

export async function importFlowLogColumns(
  file: string,
  stream: ReadableStream<Uint8Array>,
  flowLogId: string,
  o: ColumnsOptions,
): Promise<LogImportReport> {
  const { onChunk, onLine } = o; // onLine: every record's line, whichever reader took it
  let builder = new ChunkBuilder();
  const full: ChunkBuilder[] = [];
  const next = () => {
    if (builder.full) {
      full.push(builder);
      builder = new ChunkBuilder();
    }
  };
  const report = await readFlowLog(
    file,
    stream,
    {
      record(r) {
        builder.push(entryFromText(r, flowLogId));
        next();
      },
      onLine,
      fast(format) {
        if (format.kind !== "spaced") return null;
        const plan = planSpaced(format.fields, flowLogId, o.fields);
        let bound = plan.bind(builder);
        const scanner = o.scanner;
        return (buf, start, end) => {
          if (bound.builder !== builder) bound = plan.bind(builder);
          if (!(scanner ? scanner.append(buf, start, end, bound) : appendSpacedLine(buf, start, end, bound))) return false;
          next();
          return true;
        };
      },
      async afterChunk() {
        await o.afterSlice?.();
        while (full.length) await onChunk(full.shift()!);
      },
      onBytes: o.onBytes,
    },
    { maxErrors: o.maxErrors ?? 100, logFormat: o.logFormat },
  );
  if (builder.count) await onChunk(builder);
  return report;
}

async function readFlowLog(file: string, stream: ReadableStream<Uint8Array>, out: RecordSink, o: ReadOptions): Promise<LogImportReport> {
  const { maxErrors, logFormat } = o;
  let fast: ((buf: Uint8Array, start: number, end: number) => boolean) | null = null;
  let format: DetectedFormat | null = null;
  let read: ((line: string) => LineResult) | null = null;
  const report: LogImportReport = { file, format: "", lines: 0, records: 0, errors: [], errorCount: 0 };
  let n = 0;
  const lineError = (line: number, reason: string) => {
    report.errorCount++;
    if (report.errors.length < maxErrors) report.errors.push({ file, line, reason });
  };
  let element: ElementReader | null = null;
  const take = (r: FlowLogRecord, at: number) => {
    report.records++;
    out.record(r, at);
    out.onLine?.(at);
  };
  // A JSON line of another cloud (GCP, CloudWatch, Azure): one element, any number of records.
  const readElementLine = (line: string, at: number) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      return lineError(at, `not JSON: ${(e as Error).message}`);
    }
    element!(value, "$", { record: (r) => take(r, at), bad: (path, reason) => lineError(at, `${path}: ${reason}`) });
  };
  const sink: LineSink = {
    line(line, at) {
      n = at;
      if (!line.trim()) return;
      report.lines++;
      if (!format) {
        let d = detectFormat(line, jsonLineKind);
        // Text without a header line, in the format the user gave (records copied from CloudWatch).
        if (logFormat && ("error" in d || (d.kind === "spaced" && d.name === "aws" && !d.header)))
          d = { kind: "spaced", name: "aws", fields: logFormat, header: false };
        if ("error" in d) throw new LogFormatError(file, at, `not a flow-log file: ${d.error}`);
        format = d;
        read = reader(d);
        if (d.kind === "json-lines") element = readerFor(d.element, logFormat);
        fast = out.fast?.(d) ?? null;
        report.format = formatName(d);
        if ((d.kind === "spaced" && d.header) || d.kind === "alibaba-csv") return;
      }
      if (element) return readElementLine(line, at);
      const r = read!(line);
      if ("error" in r) return lineError(at, r.error);
      take(r.record, at);
    },
    bad(at, reason) {
      n = at;
      report.lines++;
      lineError(at, reason);
    },
    bytes(buf, start, end, at) {
      if (!fast?.(buf, start, end)) return false;
      n = at;
      report.lines++;
      report.records++;
      out.onLine?.(at);
      return true;
    },
    afterChunk: () => out.afterChunk?.(),
  };
  try {
    const inflated = await gunzipIfGzip(stream);
    const onBytes = out.onBytes;
    const seen = onBytes
      ? inflated.pipeThrough(
          new TransformStream({
            transform(b, c) {
              onBytes(b);
              c.enqueue(b);
            },
          }),
        )
      : inflated;
    const { head, stream: text } = await peekHead(seen, MAX_LINE_BYTES);
    const shape = documentShape(head);
    if (shape) return await readDocument(file, text, shape === "array", out, o, report, lineError, take);
    n = await readLines(text, sink);
  } catch (e) {
    if (e instanceof LogFormatError) throw e;
    if (e instanceof FileRefusal) throw new LogFormatError(file, n, `not a flow-log file: ${e.message}`);
    // A gzip cut or damaged halfway keeps the lines before the damage (docs/history.md #10); the
    // last line read may be cut, so it is counted as bad, not stored.
    if (e instanceof GzipDataError && format) report.truncated = `${e.message}: the ${report.records} records before it are kept`;
    else throw new LogFormatError(file, n, `cannot read: ${(e as Error).message}`);
  }
  if (!format) {
    const first = report.errors[0];
    throw new LogFormatError(
      file,
      first?.line ?? n,
      first ? `no flow-log line in the file: ${first.reason}` : "no flow-log line in the file",
    );
  }
  return report;
}

/** A JSON document (CloudWatch page, Azure PT1H.json, GCP array) into the report's records. */
async function readDocument(
  file: string,
  text: ReadableStream<Uint8Array>,
  rootArray: boolean,
  out: RecordSink,
  o: ReadOptions,
  report: LogImportReport,
  lineError: (line: number, reason: string) => void,
  take: (r: FlowLogRecord, line: number) => void,
): Promise<LogImportReport> {
  try {
    const doc = await readJsonDocument(text, rootArray, o.logFormat, {
      record: take,
      bad: lineError,
      afterChunk: () => out.afterChunk?.(),
    });
    report.lines = doc.lines;
    if (!doc.kind) {
      const first = report.errors[0];
      throw new LogFormatError(
        file,
        first?.line ?? 1,
        `not a flow-log file: ${first?.reason ?? "a JSON document with no events (CloudWatch), records (Azure) or LogEntry array (GCP)"}`,
      );
    }
    report.format = doc.kind;
  } catch (e) {
    if (e instanceof FileRefusal) throw new LogFormatError(file, report.errors[0]?.line ?? 1, `not a flow-log file: ${e.message}`);
    if (!(e instanceof JsonBreak)) throw e;
    // The JSON broke off (a download cut halfway) or is damaged: what was read before it stands, as with a cut gzip.
    if (!report.records) throw new LogFormatError(file, e.line, `not a flow-log file: ${e.message}`);
    report.truncated = `${e.message} (line ${e.line}): the ${report.records} records before it are kept`;
    report.format ||= rootArray ? "json array" : "json document";
  }
  return report;
}
