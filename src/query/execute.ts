// Runs a parsed search over a logstore's columnar chunks (docs/history.md #5), in the worker.
// Per chunk, text and address conditions are decided once per dictionary entry, then
// records are tested on their codes and numbers; no record object is made until a page
// is decoded. Chunks whose summaries cannot match are not read.

import { eventYielder } from "../io/yield-events";
import { isExtraNumber, isExtraText } from "../model/aws-fields";
import { ipInCidr, parseCidr, parseIp } from "../model/cidr";
import { ACTIONS, DIRECTIONS, STATUSES } from "../model/record-codes";
import type { FlowLogEntry } from "../model/records";
import type { ChunkSource, TimeRange } from "../storage/logstore";
import { CCN_COLUMNS, type CcnColumn, type ChunkColumns } from "../storage/record-columns";
import type { ChunkSummary } from "../storage/schema";
import { SEARCH_FIELDS } from "./fields";
import { MatchScan } from "./matches";
import { newestMatches } from "./newest-matches";
import type { Query } from "./parse";
import { hasWildcard, wildcardMatcher as wildcard } from "./wildcard";

type Test = (i: number) => boolean;

const TEXT_COLUMN: Record<string, keyof ChunkColumns["text"]> = {
  "flow-log-id": "flowLogId",
  version: "version",
  "account-id": "account-id",
  "interface-id": "interface-id",
  "vpc-id": "vpc-id",
  "subnet-id": "subnet-id",
  "instance-id": "instance-id",
  srcaddr: "srcaddr",
  dstaddr: "dstaddr",
  "rule-id": "rule-id",
};
const ENUM: Record<string, { column: "direction" | "action" | "status"; names: readonly (string | null)[] }> = {
  direction: { column: "direction", names: DIRECTIONS },
  action: { column: "action", names: ACTIONS },
  "log-status": { column: "status", names: STATUSES },
};

/** A test of one value against a text or address condition. */
function valueMatcher(field: string, value: string): (s: string) => boolean {
  if (SEARCH_FIELDS[field] === "address" && value.includes("/")) {
    const cidr = parseCidr(value);
    if (cidr) return (s) => ipInCidr(s, cidr);
  }
  if (SEARCH_FIELDS[field] === "address" && parseIp(value)) {
    const want = parseIp(value)!;
    return (s) => {
      const ip = parseIp(s);
      return !!ip && ip.family === want.family && ip.value === want.value;
    };
  }
  return wildcard(value);
}

/** A chunk without an extra numeric field: every record's value is none. */
const NO_NUMBERS = { length: 0 } as ArrayLike<number>;

function numberColumn(c: ChunkColumns, field: string): ArrayLike<number> {
  if (field === "window" || field === "start" || field === "end") return c.u32[field];
  // Read past its length, the empty column gives undefined: no comparison holds, as for -1.
  if (isExtraNumber(field)) return c.extraNumbers?.[field] ?? NO_NUMBERS;
  return c.f64[field as keyof ChunkColumns["f64"]];
}

/** Compiles a query for one chunk. */
export function compileForChunk(q: Query, c: ChunkColumns): Test {
  switch (q.kind) {
    case "all":
      return () => true;
    case "and": {
      const a = compileForChunk(q.left, c),
        b = compileForChunk(q.right, c);
      return (i) => a(i) && b(i);
    }
    case "or": {
      const a = compileForChunk(q.left, c),
        b = compileForChunk(q.right, c);
      return (i) => a(i) || b(i);
    }
    case "not": {
      const a = compileForChunk(q.query, c);
      return (i) => !a(i);
    }
    case "compare": {
      const col = numberColumn(c, q.field),
        v = q.value;
      const none = q.field === "window" || q.field === "start" || q.field === "end" ? -Infinity : -1;
      switch (q.op) {
        case ">":
          return (i) => col[i] !== none && col[i] > v;
        case ">=":
          return (i) => col[i] !== none && col[i] >= v;
        case "<":
          return (i) => col[i] !== none && col[i] < v;
        case "<=":
          return (i) => col[i] !== none && col[i] <= v;
        default:
          return (i) => col[i] === v;
      }
    }
    case "range": {
      const col = numberColumn(c, q.field);
      return (i) => col[i] >= q.low && col[i] <= q.high;
    }
    case "one-of": {
      const m = (s: string) => q.values.has(s.toLowerCase());
      if (q.field !== null) return textColumnTest(c, q.field, m);
      return anyFieldTest(c, m, new Set([...q.values].filter((v) => /^\d+$/.test(v)).map(Number)));
    }
    case "match": {
      if (Object.hasOwn(ENUM, q.field)) {
        const e = ENUM[q.field],
          m = wildcard(q.value);
        const ok = e.names.map((n) => n !== null && m(n));
        const col = c[e.column];
        return (i) => ok[col[i]];
      }
      if (SEARCH_FIELDS[q.field] === "number") {
        const col = numberColumn(c, q.field),
          m = wildcard(q.value);
        return hasWildcard(q.value) ? (i) => col[i] >= 0 && m(String(col[i])) : (i) => col[i] === Number(q.value);
      }
      return textColumnTest(c, q.field, valueMatcher(q.field, q.value));
    }
    case "text":
      return anyFieldTest(c, wildcard(q.value), new Set(/^\d+$/.test(q.value) ? [Number(q.value)] : []));
  }
}

/** Records whose text field holds a value `m` takes: decided once per dictionary entry. */
function textColumnTest(c: ChunkColumns, field: string, m: (s: string) => boolean): Test {
  const col = (CCN_COLUMNS as readonly string[]).includes(field)
    ? c.ccn?.[field as CcnColumn]
    : isExtraText(field)
      ? c.extra?.[field]
      : c.text[TEXT_COLUMN[field]];
  if (!col) return () => false; // a chunk with no CCN (or extra) records has no such columns: none holds the value
  const ok = Uint8Array.from(c.dict, (s, k) => (k > 0 && m(s) ? 1 : 0));
  return (i) => ok[col[i]] === 1;
}

/**
 * A bare term (or an `or` of them): any text or address field whose value `m` takes, an
 * enum whose name it takes (ACCEPT, in, NODATA), or any numeric field equal to one of `numbers`.
 */
function anyFieldTest(c: ChunkColumns, m: (s: string) => boolean, numbers: Set<number>): Test {
  const ok = Uint8Array.from(c.dict, (s, k) => (k > 0 && m(s) ? 1 : 0));
  const cols = [...Object.values(c.text), ...Object.values(c.ccn ?? {}), ...Object.values(c.extra ?? {})];
  const enums = Object.values(ENUM).map((e) => ({ col: c[e.column], ok: e.names.map((n) => n !== null && m(n)) }));
  const nums = numbers.size ? numericColumns(c) : [];
  return (i) => cols.some((col) => ok[col[i]] === 1) || enums.some((e) => e.ok[e.col[i]]) || nums.some((col) => numbers.has(col[i]));
}

const numericColumns = (c: ChunkColumns): ArrayLike<number>[] => [
  ...Object.values(c.extraNumbers ?? {}),
  c.f64.srcport,
  c.f64.dstport,
  c.f64.protocol,
  c.f64.packets,
  c.f64.bytes,
  c.u32.window,
  c.u32.start,
  c.u32.end,
];

/** Conditions every match must meet, for skipping chunks by their summaries. */
function required(q: Query): { eni?: string; reject?: boolean; accept?: boolean } {
  if (q.kind === "and") return { ...required(q.left), ...required(q.right) };
  if (q.kind === "match" && q.field === "interface-id" && !hasWildcard(q.value)) return { eni: q.value };
  if (q.kind === "match" && q.field === "action" && q.value.toUpperCase() === "REJECT") return { reject: true };
  if (q.kind === "match" && q.field === "action" && q.value.toUpperCase() === "ACCEPT") return { accept: true };
  return {};
}

export function chunkCannotMatch(q: Query, s: ChunkSummary): boolean {
  const r = required(q);
  // Matching is case-insensitive (as the log services' search is), so is skipping.
  const eni = r.eni?.toLowerCase();
  return (
    (eni !== undefined && s.enis !== null && !s.enis.some((e) => e.toLowerCase() === eni)) ||
    (!!r.reject && s.reject === 0) ||
    (!!r.accept && s.accept === 0)
  );
}

export interface SearchOptions {
  limit?: number;
  signal?: AbortSignal;
  /** Called with the first page as soon as no chunk left to read can change it. */
  onFirstPage?: (page: FlowLogEntry[]) => void;
}

export interface SearchResult {
  total: number;
  records: FlowLogEntry[];
  chunksRead: number;
  chunksSkipped: number;
}

export class SearchCancelled extends Error {
  constructor() {
    super("search cancelled");
    this.name = "SearchCancelled";
  }
}

/** Every match in the range, counted; the newest `limit` decoded (the logstore's shared scan). */
export async function search(
  ls: ChunkSource,
  project: string,
  logstore: string,
  q: Query,
  range: TimeRange,
  o: SearchOptions = {},
): Promise<SearchResult> {
  const all = await ls.summaries(project, logstore, range);
  const list = all.filter((s) => !chunkCannotMatch(q, s));
  const { total, records } = await newestMatches(
    (s) => ls.columns(s),
    list,
    range,
    (c) => compileForChunk(q, c),
    {
      limit: o.limit ?? 100,
      onFirstPage: o.onFirstPage,
      check: () => {
        if (o.signal?.aborted) throw new SearchCancelled();
      },
    },
  );
  return { total, records, chunksRead: list.length, chunksSkipped: all.length - list.length };
}

/** Visits every matching record (chunk columns and index), chunks newest first. */
export async function scanMatches(
  ls: ChunkSource,
  project: string,
  logstore: string,
  q: Query,
  range: TimeRange,
  visit: (c: ChunkColumns, i: number) => void,
  signal?: AbortSignal,
): Promise<number> {
  let n = 0;
  const scan = new MatchScan();
  const letEventsIn = eventYielder();
  for (const s of await ls.summaries(project, logstore, range)) {
    if (signal) await letEventsIn(); // so that a cancel can arrive between chunks
    if (signal?.aborted) throw new SearchCancelled();
    if (chunkCannotMatch(q, s)) continue;
    const c = await ls.columns(s);
    const rows = scan.rows(c, compileForChunk(q, c), range);
    for (let r = 0; r < rows.length; r++) visit(c, rows[r]);
    n += rows.length;
  }
  return n;
}
