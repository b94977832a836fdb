// flowlens records <capture-or-log...> [--inventory INV.json [--extend]] [--flowlog FLOWLOG.json]
//                  [--save-inventory OUT.json] [--quota N] [--interface NAME=ENI ...]
//                  [--format tencent|aws|alibaba|alibaba-csv|ccn|jsonl] [--window 60|300|600]
//                  [--format parquet --out DIR [--region R] [--account A] [--codec gzip|snappy]]
// Captures become the records a cloud would write for them (engine -> attribution ->
// security groups and ACLs); flow-log files are read and written again in the format asked.

import { writeFile } from "node:fs/promises";
import type { DetectedFormat } from "../formats/detect";
import { V2_FIELDS } from "../formats/fields";
import { importFlowLogColumns, importFlowLogText, LogFormatError, type LogImportReport } from "../formats/log-import";
import { RECORD_FORMATS, type RecordFormat, recordHeader, writeRecord } from "../formats/record-writers";
import { nodeFileStream } from "../io/node-file-stream";
import { entryFromText } from "../model/imported-records";
import { toDocument } from "../model/inventory-document";
import { type RecordRows, STATUS_NODATA, STATUS_OK } from "../model/record-rows";
import { rowEntry } from "../model/row-entry";
import { decodeRecord } from "../storage/record-columns";
import { describeExtension, describeProposal, isCapture, readInventory, recordsFromCaptures } from "./capture-records";
import { parseCommand } from "./cli-args";
import { CliInputError, logFormatOption, readJson } from "./cli-input";
import { ByteLines } from "./flow-bytes";
import { awsOutputFields, inputFields } from "./input-fields";
import { cliLineScanner } from "./load-inputs";
import { writeChunkV2, writeRowsV2 } from "./record-bytes";
import { exportTree, isParquetFile, readLogChunks, type TreeArgs } from "./records-parquet";

export const RECORDS_USAGE = `usage: flowlens records <capture-or-log...> [--inventory INV.json [--extend]] [--flowlog FLOWLOG.json]
                       [--save-inventory OUT.json] [--quota N] [--interface NAME=ENI ...]
                       [--format tencent|aws|alibaba|alibaba-csv|ccn|jsonl] [--window 60|300|600]
                       [--format parquet|aws --out DIR [--region R] [--account A] [--codec gzip|snappy]]
                       [--log-format '\${version} \${account-id} …']
  --format parquet writes the records as AWS delivers flow logs to S3 in Parquet: DIR/AWSLogs/
  aws-account-id=…/aws-service=vpcflowlogs/aws-region=…/year=…/month=…/day=…/hour=…/, and
  DIR/athena.sql (Athena, Spark and Trino tables); --format aws --out DIR writes gzipped text
  with its header as AWS delivers it, DIR/AWSLogs/ACCOUNT/vpcflowlogs/REGION/YYYY/MM/DD/; --region
  and --account name what records and their flow log do not. A failed export removes its files.
  Flow-log inputs may be text (gzip too), AWS's Parquet, CloudWatch Logs JSON, GCP VPC Flow Logs
  (LogEntry JSON) or Azure NSG/VNet flow logs (PT1H.json); --log-format gives the fields of
  CloudWatch messages and of text without a header line.
  Without --inventory, a network is proposed from the private addresses seen (and said so):
  one VPC per private block, a VSwitch per /24, an ENI per address. --extend adds to the
  given inventory what the captures' private endpoints need, by the same rules; the
  flow logs a region may hold are --quota (default 10). --save-inventory writes the
  network used (given, extended or proposed) as an inventory document. --interface
  says a capture interface (its pcapng name, or its index) is an ENI's NIC: the flows on
  it are that ENI's, whatever their addresses (repeat it for several).
  Without --flowlog, one flow log per VPC of the inventory, capturing all traffic.`;

interface Args {
  files: string[];
  inventory?: string;
  flowlog?: string;
  format: RecordFormat;
  /** --out (with --format parquet or aws): where the S3 tree goes, and what names the partitions records do not. */
  tree?: TreeArgs;
  window: 60 | 300 | 600;
  extend: boolean;
  saveInventory?: string;
  quota?: number;
  interfaces: { iface: string; eniId: string }[];
  /** --log-format: the fields of CloudWatch events and of text without a header line. */
  logFormat?: string[];
}

const OPTIONS = {
  inventory: { type: "string" },
  flowlog: { type: "string" },
  extend: { type: "boolean" },
  "save-inventory": { type: "string" },
  interface: { type: "string", multiple: true },
  quota: { type: "string" },
  format: { type: "string" },
  window: { type: "string" },
  out: { type: "string" },
  region: { type: "string" },
  account: { type: "string" },
  codec: { type: "string" },
  "log-format": { type: "string" },
} as const;

function parse(argv: string[]): Args | null {
  const p = parseCommand(argv, OPTIONS, RECORDS_USAGE);
  if (!p) return null;
  const v = p.values;
  const refuse = (why: string): never => {
    throw new CliInputError(why, RECORDS_USAGE);
  };
  const a: Args = {
    files: p.positionals,
    format: "aws",
    window: 600,
    extend: !!v.extend,
    interfaces: [],
    inventory: v.inventory,
    flowlog: v.flowlog,
  };
  a.saveInventory = v["save-inventory"];
  a.logFormat = logFormatOption(v["log-format"], RECORDS_USAGE);
  for (const given of v.interface ?? []) {
    const m = /^(.+)=(.+)$/.exec(given);
    if (!m) refuse(`--interface takes NAME=ENI (an interface's pcapng name or index, and an ENI id), not ${given}`);
    a.interfaces.push({ iface: m![1], eniId: m![2] });
  }
  if (v.quota !== undefined) {
    const n = Number(v.quota);
    if (!Number.isInteger(n) || n < 1) refuse(`--quota takes a whole number of at least 1, not ${v.quota}`);
    a.quota = n;
  }
  if (v.format === "parquet") {
    if (!v.out) refuse("--format parquet writes a folder: give it with --out DIR");
    const codec = (v.codec ?? "gzip").toUpperCase();
    if (codec !== "GZIP" && codec !== "SNAPPY") refuse(`--codec takes gzip or snappy, not ${v.codec}`);
    a.tree = { out: v.out!, region: v.region, account: v.account, codec: codec as TreeArgs["codec"] };
  } else if (v.format === "aws" && v.out !== undefined && v.codec === undefined) {
    a.format = "aws";
    a.tree = { out: v.out, region: v.region, account: v.account };
  } else if (v.out !== undefined || v.codec !== undefined || v.region !== undefined || v.account !== undefined)
    refuse("--out, --region and --account go with --format parquet or aws, --codec with parquet");
  else if (v.format !== undefined) {
    if (!RECORD_FORMATS.includes(v.format as RecordFormat)) refuse(`--format takes ${RECORD_FORMATS.join(", ")}, not ${v.format}`);
    a.format = v.format as RecordFormat;
  }
  if (v.window !== undefined) {
    const w = Number(v.window);
    if (w !== 60 && w !== 300 && w !== 600) refuse("--window takes 60, 300 or 600 (seconds)");
    a.window = w as 60 | 300 | 600;
  }
  if (!a.files.length) refuse("no capture or flow-log file given");
  if (a.extend && !a.inventory) refuse("--extend extends the network of --inventory: give one (without it, a network is proposed anyway)");
  return a;
}

export async function runRecords(
  argv: string[],
  out: (s: string | Uint8Array) => Promise<void> | void,
  err: (s: string) => void,
): Promise<number> {
  const a = parse(argv);
  if (!a) return 0;
  const inventory = await readInventory(a.inventory);
  const givenFlowLogs = a.flowlog ? await readJson(a.flowlog) : undefined;
  const captures: string[] = [],
    logs: string[] = [];
  for (const f of a.files) ((await isCapture(f)) ? captures : logs).push(f);
  // AWS output names every field an input carries (v3-v10 headers, GCP's and Azure's ids); the default format where none has more.
  const inputs = await Promise.all(logs.map((f) => inputFields(f, a.logFormat)));
  const fields = a.format === "aws" ? awsOutputFields(inputs) : V2_FIELDS;
  if (a.tree) {
    const fromCaptures = () =>
      recordsFromCaptures(captures, inventory, givenFlowLogs, a.window, "aws", {
        extend: a.extend,
        quota: a.quota,
        interfaces: a.interfaces,
      });
    const report = (file: string, r: LogImportReport) => logReport(file, r, err);
    await exportTree(logs, captures, fromCaptures, { ...a.tree, logFormat: a.logFormat }, fields, report, err);
    return 0;
  }
  const wide = fields !== V2_FIELDS;
  // The header goes out with the first records, so that a file refused whole prints none.
  const header = recordHeader(a.format, fields);
  let headed = !header;
  const write = async (text: string) => {
    if (!headed) {
      headed = true;
      await out(`${header}\n`);
    }
    await out(text);
  };
  const scanner = logs.length && (a.format === "aws" || a.format === "tencent") ? await cliLineScanner() : null;
  const lines = new ByteLines(async (bytes) => {
    if (!headed) {
      headed = true;
      await out(`${header}\n`);
    }
    await out(bytes);
  });
  for (const [k, file] of logs.entries()) {
    if (await isParquetFile(file)) {
      // AWS's Parquet delivery: read a row group at a time, written again in the format asked.
      const report = await readLogChunks(
        file,
        async (b) => {
          const c = b.columns();
          let text = "";
          for (let i = 0; i < c.count; i++) {
            const r = decodeRecord(c, i);
            text += `${a.format === "jsonl" ? JSON.stringify(r) : writeRecord(r, a.format, fields)}\n`;
          }
          await write(text);
        },
        null,
        a.logFormat,
      );
      logReport(file, report, err);
      continue;
    }
    if ((a.format === "aws" || a.format === "tencent") && isSpacedAws(inputs[k].format)) {
      // Space-separated lines into the logstore's columns from their bytes, then written again
      // (docs/history.md #11): every field of the output is a column, so nothing is lost on the way;
      // V2 output from the columns' bytes, a wider one a record at a time.
      const report = await importFlowLogColumns(file, nodeFileStream(file), `file:${file}`, {
        scanner,
        maxErrors: 20,
        logFormat: a.logFormat,
        onChunk: async (b) => {
          const c = b.columns();
          if (!wide) {
            await writeChunkV2(c, lines);
            return lines.spill();
          }
          let text = "";
          for (let i = 0; i < c.count; i++) text += `${writeRecord(decodeRecord(c, i), "aws", fields)}\n`;
          await write(text);
        },
      });
      logReport(file, report, err);
      continue;
    }
    // Written out after each chunk of input (stdout's backpressure holds the reading back):
    // a 10 M-line file once became one string past V8's limit (docs/history.md #10).
    let text: string[] = [];
    const report = await importFlowLogText(
      file,
      nodeFileStream(file),
      (r) => text.push(a.format === "jsonl" ? JSON.stringify(r) : writeRecord(entryFromText(r, `file:${file}`), a.format, fields)),
      20,
      async () => {
        if (text.length) {
          const part = text;
          text = [];
          await write(`${part.join("\n")}\n`);
        }
      },
      a.logFormat,
    );
    if (text.length) await write(`${text.join("\n")}\n`);
    logReport(file, report, err);
  }
  if (!captures.length) return 0;

  const {
    rows,
    ccn: ccnRecords,
    flowLogs,
    proposed,
    extension,
    inventory: used,
  } = await recordsFromCaptures(captures, inventory, givenFlowLogs, a.window, a.format === "tencent" ? "tencent" : "aws", {
    extend: a.extend,
    quota: a.quota,
    interfaces: a.interfaces,
  });
  if (proposed) err(`${describeProposal(proposed)}\n`);
  if (extension) err(`${describeExtension(extension)}\n`);
  if (a.saveInventory) {
    await writeFile(a.saveInventory, `${JSON.stringify(toDocument(used), null, 1)}\n`).catch((e) => {
      throw new CliInputError(`${a.saveInventory}: cannot write: ${e.message}`);
    });
    err(`network written to ${a.saveInventory}\n`);
  }
  const sorted = outputOrder(rows);
  if ((a.format === "aws" && !wide) || a.format === "tencent") {
    await writeRowsV2(rows, sorted, lines);
    await lines.spill();
  } else {
    // Written a chunk of records at a time: the text of all of them is never one string.
    for (let from = 0; from < sorted.length; from += 8192) {
      let text = "";
      for (let k = from; k < Math.min(sorted.length, from + 8192); k++)
        text += `${writeRecord(rowEntry(rows, sorted[k]), a.format, fields)}\n`;
      await write(text);
    }
  }
  await write(
    ccnRecords
      .map(
        (r) =>
          `${
            a.format === "jsonl"
              ? JSON.stringify(r)
              : writeRecord(r as never, a.format === "alibaba" || a.format === "alibaba-csv" ? a.format : "ccn")
          }\n`,
      )
      .join(""),
  );
  let nodata = 0;
  for (const r of rows.order) if (rows.rows.status[r] === STATUS_NODATA) nodata++;
  const { unattributed, excluded } = rows;
  err(
    `${rows.order.length + ccnRecords.length} records (${nodata} NODATA) for ${flowLogs.length} flow ` +
      `log(s); ${excluded.dhcp + excluded.metadata} packets of DHCP and metadata traffic left out\n`,
  );
  if (unattributed.length && flowLogs.some((f) => f.resourceType !== "CCN"))
    err(
      `unattributed (no covered ENI): ${unattributed
        .slice(0, 5)
        .map((u) => `${u.srcaddr} > ${u.dstaddr} (${u.packets} packets)`)
        .join(", ")}${unattributed.length > 5 ? `, and ${unattributed.length - 5} more pairs` : ""}\n`,
    );
  return 0;
}

/** What a log file gave: refused whole when no line was a record. */
function logReport(file: string, report: LogImportReport, err: (s: string) => void): void {
  if (report.records === 0) {
    const first = report.errors[0];
    throw new LogFormatError(
      file,
      first?.line ?? 0,
      `no line could be read as a flow-log record${first ? ` (the first: ${first.reason})` : ""}`,
    );
  }
  err(`${file}: ${report.format}, ${report.records} records${report.errorCount ? `, ${report.errorCount} lines skipped` : ""}\n`);
  for (const e of report.errors) err(`  line ${e.line}: ${e.reason}\n`);
  if (report.truncated) err(`  ${report.truncated}\n`);
}

const isSpacedAws = (d: DetectedFormat | null) => d?.kind === "spaced" && d.name === "aws";

/**
 * The CLI's output order: window, first packet, ENI, out before in, flow log; a window's
 * NODATA and SKIPDATA after its traffic; ties in the order the records were built. Texts
 * are compared as ranks, sorted once.
 */
function outputOrder(x: RecordRows): Int32Array {
  const R = x.rows;
  const rank = (ids: string[]) => {
    const byText = ids.map((_, k) => k).sort((p, q) => (ids[p] < ids[q] ? -1 : ids[p] > ids[q] ? 1 : 0));
    const out = new Int32Array(ids.length);
    byText.forEach((k, n) => {
      out[k] = n;
    });
    return out;
  };
  const eniRank = rank(x.enis.map((e) => e.id)),
    logRank = rank(x.flowLogs.map((f) => f.id));
  const position = new Int32Array(R.status.length);
  x.order.forEach((r, k) => {
    position[r] = k;
  });
  const start = (r: number) => (R.status[r] === STATUS_OK ? R.start[r] : R.window[r]);
  return x.order
    .slice()
    .sort(
      (p, q) =>
        R.window[p] - R.window[q] ||
        (R.status[p] !== STATUS_OK ? 1 : 0) - (R.status[q] !== STATUS_OK ? 1 : 0) ||
        start(p) - start(q) ||
        eniRank[R.eni[p]] - eniRank[R.eni[q]] ||
        R.direction[q] - R.direction[p] ||
        logRank[R.cover[p]] - logRank[R.cover[q]] ||
        position[p] - position[q],
    );
}
