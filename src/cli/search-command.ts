// flowlens search <capture-or-log...> [--inventory INV.json] [--query 'SEARCH'] [--from T]
//   [--to T] [--analysis NAME] [--format tencent|aws|alibaba|alibaba-csv|jsonl] [--limit N]
//   [--threat-list FILE] [--address IP]
// flowlens search --list-analyses
// The files go into a logstore spilled to a temporary file (bounded memory whatever
// their size); then the search or the analysis runs over it as it would in the worker.
import { readFile } from "node:fs/promises";
import { RECORD_FORMATS, type RecordFormat, writeRecord } from "../formats/record-writers";
import { csvCell } from "../formats/text-formats";
import type { FlowLogEntry } from "../model/records";
import { ANALYSES, ANALYSIS_NEEDS, runAnalysis } from "../query/analyses";
import { NewestCollector } from "../query/newest-collector";
import { parseQuery, type Query, QueryError } from "../query/parse";
import { splitQuery } from "../query/sql/sql-query";
import { chunkSink } from "../storage/chunk-builder";
import { parseCommand } from "./cli-args";
import { CliInputError, logFormatOption } from "./cli-input";
import { load } from "./load-inputs";
import { searchSql } from "./search-sql";
import { createSpillLogstore, type SpillLogstore } from "./spill-logstore";

export const SEARCH_USAGE = `usage: flowlens search <capture-or-log...> [--inventory INV.json] [--query 'SEARCH'] [--from T] [--to T]
                      [--analysis NAME] [--format tencent|aws|alibaba|alibaba-csv|jsonl|csv] [--limit N]
                      [--threat-list FILE] [--address IP] [--log-format '\${version} \${account-id} …']
       flowlens search --list-analyses
  T is Unix seconds or an ISO 8601 time. Prints the newest matching records, or the analysis as JSON lines.
  SEARCH | SQL runs the SQL over the records the search selects (* or nothing: all), as the table records
  with Athena's column names (FROM may be left out): action: REJECT | SELECT srcaddr, count(*) AS n GROUP BY srcaddr.
  Flow-log inputs: AWS/Tencent/CCN/Alibaba text (gzip too), AWS Parquet, CloudWatch Logs JSON (filter-log-events,
  get-log-events), GCP VPC Flow Logs (LogEntry JSON), Azure NSG/VNet flow logs (PT1H.json). --log-format gives
  the fields of CloudWatch messages and of text without a header line, as AWS writes a flow log's format.`;

interface Args {
  files: string[];
  inventory?: string;
  query: string;
  from?: number;
  to?: number;
  analysis?: string;
  format: RecordFormat | "csv";
  limit: number;
  threatList?: string;
  address?: string;
  list: boolean;
  /** --log-format: the fields of CloudWatch events and of text without a header line. */
  logFormat?: string[];
}

function time(text: string, flag: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CliInputError(`${flag} takes Unix seconds or an ISO 8601 time, not ${text}`);
  return Math.floor(ms / 1000);
}

const OPTIONS = {
  "list-analyses": { type: "boolean" },
  inventory: { type: "string" },
  query: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  analysis: { type: "string" },
  "threat-list": { type: "string" },
  address: { type: "string" },
  limit: { type: "string" },
  format: { type: "string" },
  "log-format": { type: "string" },
} as const;

function parse(argv: string[]): Args | null {
  const p = parseCommand(argv, OPTIONS, SEARCH_USAGE);
  if (!p) return null;
  const v = p.values;
  const refuse = (why: string): never => {
    throw new CliInputError(why, SEARCH_USAGE);
  };
  const a: Args = { files: p.positionals, query: v.query ?? "", format: "jsonl", limit: 100, list: !!v["list-analyses"] };
  a.inventory = v.inventory;
  a.analysis = v.analysis;
  a.threatList = v["threat-list"];
  a.address = v.address;
  a.logFormat = logFormatOption(v["log-format"], SEARCH_USAGE);
  if (v.from !== undefined) a.from = time(v.from, "--from");
  if (v.to !== undefined) a.to = time(v.to, "--to");
  if (v.limit !== undefined) {
    a.limit = Number(v.limit);
    if (!(a.limit >= 1)) refuse("--limit takes a number of records, at least 1");
  }
  if (v.format !== undefined) {
    const f = v.format as RecordFormat;
    if ((!RECORD_FORMATS.includes(f) || f === "ccn") && (f as string) !== "csv")
      refuse(`--format takes tencent, aws, alibaba, alibaba-csv, jsonl, csv, not ${f}`);
    a.format = f;
  }
  if (!a.list && !a.files.length) refuse("no capture or flow-log file given");
  if (a.analysis && !Object.hasOwn(ANALYSES, a.analysis))
    refuse(`unknown analysis ${a.analysis}; flowlens search --list-analyses names them`);
  return a;
}

export async function runSearch(argv: string[], out: (s: string) => Promise<void> | void, err: (s: string) => void): Promise<number> {
  const a = parse(argv);
  if (!a) return 0;
  if (a.list) {
    await out(
      `${Object.entries(ANALYSES)
        .map(([k, v]) => `${k.padEnd(26)} ${v}${ANALYSIS_NEEDS[k] ? ` (--${ANALYSIS_NEEDS[k]})` : ""}`)
        .join("\n")}\n`,
    );
    return 0;
  }
  // A `|` starts SQL after the search (SPEC §9): the search before it, `*` or nothing for every record.
  const split = splitQuery(a.query);
  let query: Query;
  try {
    query = parseQuery(split.search);
  } catch (e) {
    if (e instanceof QueryError) {
      err(`flowlens: search: ${e.message}\n  ${a.query}\n  ${" ".repeat(e.position)}^\n`);
      return 2;
    }
    throw e;
  }
  if (split.sql !== null) {
    if (a.analysis) throw new CliInputError("--analysis and SQL after a | are two ways to ask: give one", SEARCH_USAGE);
    const format = a.format === "csv" ? "csv" : "jsonl";
    return searchSql({ ...a, range: { from: a.from, to: a.to }, format }, query, split.sql, split.sqlAt, out, err);
  }
  if (!a.analysis) return searchStreaming(a, query, out, err);
  const ls = createSpillLogstore();
  try {
    return await analyse(a, a.analysis, query, ls, out, err);
  } finally {
    ls.close();
  }
}

/** A search without an analysis: the chunks are scanned as they are read, and none is kept. */
async function searchStreaming(a: Args, query: Query, out: (s: string) => Promise<void> | void, err: (s: string) => void): Promise<number> {
  const collector = new NewestCollector(query, { from: a.from, to: a.to }, a.limit);
  let total = 0;
  await load(
    a,
    chunkSink((b) => {
      total += b.count;
      collector.add(b.columns());
    }),
    err,
  );
  const records = collector.records();
  if (a.format === "csv") await out(recordsCsv(records));
  else await out(records.map((r) => `${writeRecord(r, a.format as RecordFormat)}\n`).join(""));
  err(`${collector.total} of ${total} records match; ${records.length} shown, newest first\n`);
  return 0;
}

/** An analysis: it reads the chunks more than once, so they go into the spill logstore first. */
async function analyse(
  a: Args,
  analysis: string,
  query: Query,
  ls: SpillLogstore,
  out: (s: string) => Promise<void> | void,
  err: (s: string) => void,
): Promise<number> {
  await load(a, ls, err);
  const threatList = a.threatList
    ? (
        await readFile(a.threatList, "utf8").catch((e) => {
          throw new CliInputError(`${a.threatList}: cannot read: ${e.message}`);
        })
      )
        .split(/\r?\n/)
        .filter((l) => l.trim() && !l.startsWith("#"))
    : undefined;
  const result = await runAnalysis(
    ls,
    "cli",
    "search",
    analysis,
    query,
    a.query,
    { from: a.from, to: a.to },
    { threatList, address: a.address },
  );
  await out(result.rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
  err(`${analysis}: ${result.rows.length} rows over ${ls.records()} records\n`);
  return 0;
}

/** The fields of a record's CSV line, in order (every record has them). */
const CSV_FIELDS = [
  ..."version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status".split(" "),
  ..."vpc-id subnet-id instance-id tcp-flags direction rule-id flowLogId window".split(" "),
];

/** Records as CSV: a header, then a line per record. */
function recordsCsv(records: FlowLogEntry[]): string {
  const lines = records.map((r) => CSV_FIELDS.map((f) => csvCell((r as unknown as Record<string, string | number | null>)[f])).join(","));
  return `${[CSV_FIELDS.join(","), ...lines].join("\n")}\n`;
}
