// The clouds' JSON documents read as a stream (docs/cloud-fields.md): a CloudWatch page
// (`{"events": […]}`), an Azure PT1H.json (`{"records": […]}`) or a GCP array of LogEntry
// (`[…]`), pretty-printed or not, one after another where pages were joined. Each element
// is parsed alone by @streamparser/json, so a document of any size is held one element at
// a time; a bad element is reported by line and JSON path, and a break in the JSON keeps
// the records before it.
import { Tokenizer, TokenParser } from "@streamparser/json";
import type { FlowLogRecord } from "../fields";
import type { ElementReader } from "./json-elements";
import { type DocumentKind, kindOf, readerFor } from "./json-kinds";

export interface DocumentSink {
  record(r: FlowLogRecord, line: number): void;
  bad(line: number, reason: string): void;
  /** Awaited after each slice of input (backpressure, a cancel check). */
  afterChunk(): Promise<void> | void;
}

/** The JSON itself broke off or is damaged at `line`: the records before it stand. */
export class JsonBreak extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const SLICE = 1 << 20;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Reads a JSON document whose first non-blank byte is `[` (an array of elements) or `{`
 * (objects whose `events` or `records` list the elements). Returns the kind and the lines read.
 */
export async function readJsonDocument(
  stream: ReadableStream<Uint8Array>,
  rootArray: boolean,
  logFormat: string[] | undefined,
  sink: DocumentSink,
): Promise<{ kind: DocumentKind | null; lines: number }> {
  // The tokenizer and the parser chained by hand, as JSONParser chains them, to see each token's byte offset.
  const tokens = new Tokenizer({ separator: "" });
  const parser = new TokenParser({ paths: rootArray ? ["$.*"] : ["$.events.*", "$.records.*"], keepStack: false, separator: "" });
  let offset = 0;
  tokens.onToken = (t) => {
    offset = t.offset;
    parser.write(t);
  };
  tokens.onEnd = () => {
    if (!parser.isEnded) parser.end();
  };
  parser.onEnd = () => {
    if (!tokens.isEnded) tokens.end();
  };
  let kind: DocumentKind | null = null;
  let read: ElementReader | null = null;
  // Where the slice being parsed starts (bytes, lines), to tell an element's line from the parser's offset.
  let slice: Uint8Array = new Uint8Array(0);
  let sliceStart = 0;
  let linesBefore = 0;
  const lineAt = (offset: number) => {
    let line = linesBefore + 1;
    const upTo = Math.min(Math.max(offset - sliceStart, 0), slice.length);
    for (let i = slice.indexOf(0x0a); i >= 0 && i < upTo; i = slice.indexOf(0x0a, i + 1)) line++;
    return line;
  };
  let lastByte: number | undefined;
  let ownError: unknown = null;
  let line = 0; // the current element's line, found only when it is needed
  const lineNow = () => line || (line = lineAt(offset));
  const out = {
    // A record's line is for progress only: the slice's first line will do (finding each one's scans the slice).
    record: (r: FlowLogRecord) => sink.record(r, linesBefore + 1),
    bad: (path: string, reason: string) => sink.bad(lineNow(), `${path}: ${reason}`),
  };
  parser.onValue = ({ value, key, stack }) => {
    line = 0;
    const listName = rootArray ? null : stack[1]?.key;
    const path = rootArray ? `$[${key}]` : `$.${String(listName)}[${key}]`;
    const k = kindOf(listName, value);
    if (!read) {
      if (!k) return out.bad(path, "neither a CloudWatch event, a GCP LogEntry nor an Azure flow-log record");
      kind = k;
      read = readerFor(k, logFormat);
    } else if (k !== kind) return out.bad(path, `not a ${kind} element like the first one`);
    try {
      read(value, path, out);
    } catch (e) {
      // Passed through the tokenizer, which takes any error for its own: kept to be told apart.
      ownError = e;
      throw e;
    }
  };
  const reader = stream.getReader();
  let first = true;
  let skipped = 0; // a byte-order mark's bytes, not given to the tokenizer
  const fail = (e: unknown): never => {
    if (ownError) throw ownError;
    const m = (e as Error).message;
    const at = /absolute position "(\d+)"/.exec(m);
    const where = at ? Number(at[1]) : offset;
    throw new JsonBreak(lineAt(where), `the JSON breaks at byte ${where + skipped + 1}: ${m.replace(/ at chunk position .*$/, "")}`);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    let chunk = value;
    if (first && BOM.every((b, i) => chunk[i] === b)) {
      chunk = chunk.subarray(3);
      skipped = 3;
    }
    first = false;
    for (let from = 0; from < chunk.length; from += SLICE) {
      slice = chunk.subarray(from, from + SLICE);
      try {
        tokens.write(slice);
      } catch (e) {
        fail(e);
      }
      linesBefore = lineAt(sliceStart + slice.length) - 1;
      sliceStart += slice.length;
      lastByte = slice[slice.length - 1];
      await sink.afterChunk();
    }
  }
  slice = new Uint8Array(0);
  try {
    if (!tokens.isEnded) tokens.end();
  } catch (e) {
    fail(e);
  }
  return { kind, lines: linesBefore + (lastByte !== undefined && lastByte !== 0x0a ? 1 : 0) };
}
