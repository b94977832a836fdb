// Records written as AWS delivers flow logs to S3 in Parquet, under Hive-compatible prefixes with
// hourly partitions (AWS VPC User Guide, "Flow log files": the S3 folder structure and file
// name), so that Athena, Spark, Trino and DuckDB read the tree as they read AWS's own:
//   AWSLogs/aws-account-id=A/aws-service=vpcflowlogs/aws-region=R/year=Y/month=M/day=D/hour=H/
//     A_vpcflowlogs_R_FLOWLOG_YYYYMMDDTHH00Z_HASH.log.parquet
// Records come a chunk at a time (columns, no object per record); each partition gathers its
// rows into a row group and writes it when full, and the rows held across all partitions
// are bounded (the largest is written early), as are the files open at once.
import { EXTRA_NUMBER_FIELDS, EXTRA_TEXT_FIELDS } from "../../model/aws-fields";
import { ACTIONS, STATUSES } from "../../model/record-codes";
import type { ChunkColumns, F64Column, TextColumn } from "../../storage/record-columns";
import { hashHex, type PartitionOptions, s3PartitionOf } from "../s3-partition";
import { type AwsPartitions, athenaSql } from "./athena-sql";
import { AWS_PARQUET_COLUMNS } from "./aws-parquet-schema";
import { AwsParquetFile, type FileSink, type ParquetCodec, type RowGroupColumns } from "./parquet-stream";

/** Where the tree's files go: `open` takes a path under the export's folder. */
export interface TreeSink {
  open(path: string): FileSink | Promise<FileSink>;
}

export interface HiveExportOptions extends PartitionOptions {
  codec?: ParquetCodec;
  /** A native GZIP compressor (node's zlib in the CLI: measured, fflate's deflate was a seventh of an export). */
  gzip?: (b: Uint8Array) => Uint8Array;
  /** Rows of a row group (AWS's files hold a few thousand to a few hundred thousand). */
  rowGroupRows?: number;
  /** Rows held across all partitions before the largest is written early. */
  heldRows?: number;
  /** Files open at once before the least recently written is finished (a later record of its partition starts a new file). */
  openFiles?: number;
}

export interface HiveExportReport {
  records: number;
  files: string[];
  partitions: AwsPartitions;
}

interface Partition {
  prefix: string;
  name: (serial: number) => string;
  file: AwsParquetFile | null;
  serial: number;
  columns: RowGroupColumns;
  held: number;
  lastUsed: number;
}

const TEXT_OF: Record<string, TextColumn> = {
  "account-id": "account-id",
  "interface-id": "interface-id",
  srcaddr: "srcaddr",
  dstaddr: "dstaddr",
  "vpc-id": "vpc-id",
  "subnet-id": "subnet-id",
  "instance-id": "instance-id",
};
const INT32_OF = new Set<string>(["srcport", "dstport", "protocol", "tcp-flags"]);
// How each AWS column's value is found in a chunk.
const [K_TEXT, K_INT32, K_INT64, K_TIME, K_VERSION, K_ACTION, K_STATUS, K_EXTRA_NUMBER, K_FLOW_DIRECTION, K_EXTRA_TEXT, K_NONE] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
];
const KINDS = Uint8Array.from(AWS_PARQUET_COLUMNS, ({ field: f }) =>
  Object.hasOwn(TEXT_OF, f)
    ? K_TEXT
    : INT32_OF.has(f)
      ? K_INT32
      : f === "packets" || f === "bytes"
        ? K_INT64
        : f === "start" || f === "end"
          ? K_TIME
          : f === "version"
            ? K_VERSION
            : f === "action"
              ? K_ACTION
              : f === "log-status"
                ? K_STATUS
                : (EXTRA_NUMBER_FIELDS as readonly string[]).includes(f)
                  ? K_EXTRA_NUMBER
                  : f === "flow-direction"
                    ? K_FLOW_DIRECTION
                    : (EXTRA_TEXT_FIELDS as readonly string[]).includes(f)
                      ? K_EXTRA_TEXT
                      : K_NONE,
);
export class HiveExport {
  private parts = new Map<string, Partition>();
  private files: string[] = [];
  private partitions: AwsPartitions = { accounts: new Set(), regions: new Set(), years: new Set() };
  private records = 0;
  private held = 0;
  private clock = 0;
  private readonly rowGroupRows: number;
  private readonly heldRows: number;
  private readonly openFiles: number;

  constructor(
    private sink: TreeSink,
    private o: HiveExportOptions = {},
  ) {
    this.rowGroupRows = o.rowGroupRows ?? 65536;
    this.heldRows = o.heldRows ?? 262144;
    this.openFiles = o.openFiles ?? 32;
  }

  /** Appends a chunk's records (or those at `rows`); row groups that fill are written before it returns. */
  async addChunk(c: ChunkColumns, rows?: ArrayLike<number>): Promise<void> {
    const n = rows ? rows.length : c.count;
    const t = (col: TextColumn, i: number) => (c.text[col][i] ? c.dict[c.text[col][i]] : null);
    for (let k = 0; k < n; k++) {
      const i = rows ? rows[k] : k;
      const p = this.partitionOf(c, i);
      this.appendRow(p, c, i, t);
      if (p.held >= this.rowGroupRows) await this.writeHeld(p);
      else if (this.held >= this.heldRows) await this.writeHeld(this.largest());
    }
  }

  /** Writes what is held, finishes every file, and writes athena.sql beside the tree. */
  async finish(): Promise<HiveExportReport> {
    for (const p of this.parts.values()) {
      await this.writeHeld(p);
      await this.closeFile(p);
    }
    const sql = await this.sink.open("athena.sql");
    await sql.write(new TextEncoder().encode(athenaSql(this.partitions)));
    await sql.close();
    return { records: this.records, files: this.files, partitions: this.partitions };
  }

  private partitionOf(c: ChunkColumns, i: number): Partition {
    const s = s3PartitionOf(c, i, this.o, this.records + 1);
    let p = this.parts.get(s.key);
    if (!p) {
      this.partitions.accounts.add(s.account);
      this.partitions.regions.add(s.region);
      this.partitions.years.add(s.year);
      p = {
        prefix:
          `AWSLogs/aws-account-id=${s.account}/aws-service=vpcflowlogs/aws-region=${s.region}/` +
          `year=${s.year}/month=${s.month}/day=${s.day}/hour=${s.hour}/`,
        name: (serial) => `${s.base}_${hashHex(`${s.key}|${serial}`)}.log.parquet`,
        file: null,
        serial: 0,
        columns: AWS_PARQUET_COLUMNS.map(() => []),
        held: 0,
        lastUsed: 0,
      };
      this.parts.set(s.key, p);
    }
    p.lastUsed = ++this.clock;
    return p;
  }

  /** The record's value of every AWS column, appended to the partition's row group (a switch on each column's kind, KINDS). */
  private appendRow(p: Partition, c: ChunkColumns, i: number, t: (col: TextColumn, i: number) => string | null): void {
    for (let k = 0; k < KINDS.length; k++) {
      const f = AWS_PARQUET_COLUMNS[k].field;
      let v: string | number | bigint | null = null;
      switch (KINDS[k]) {
        case K_TEXT:
          v = t(TEXT_OF[f], i) || null;
          break;
        case K_INT32: {
          const x = c.f64[f as F64Column][i];
          v = x < 0 ? null : x;
          break;
        }
        case K_INT64: {
          const x = c.f64[f as F64Column][i];
          v = x < 0 ? null : BigInt(x);
          break;
        }
        case K_TIME:
          v = BigInt(c.u32[f as "start"][i]);
          break;
        case K_VERSION: {
          const s = t("version", i);
          v = s && /^\d{1,9}$/.test(s) ? Number(s) : null;
          break;
        }
        case K_ACTION:
          v = ACTIONS[c.action[i]];
          break;
        case K_STATUS:
          v = STATUSES[c.status[i]];
          break;
        case K_EXTRA_NUMBER: {
          const x = c.extraNumbers?.[f as "traffic-path"]?.[i];
          v = x === undefined || x < 0 ? null : x;
          break;
        }
        case K_FLOW_DIRECTION: {
          const code = c.extra?.["flow-direction"]?.[i];
          // A record whose file said no flow-direction takes it from its direction, as AWS writes it.
          v = code ? c.dict[code] : c.direction[i] === 1 ? "ingress" : c.direction[i] === 2 ? "egress" : null;
          break;
        }
        case K_EXTRA_TEXT: {
          const code = c.extra?.[f as "type"]?.[i];
          v = code ? c.dict[code] : null;
          break;
        }
      }
      p.columns[k].push(v);
    }
    p.held++;
    this.held++;
    this.records++;
  }

  private largest(): Partition {
    let best: Partition | null = null;
    for (const p of this.parts.values()) if (!best || p.held > best.held) best = p;
    return best!;
  }

  /** Writes the partition's held rows as a row group of its file (opening one, and closing the stalest, as needed). */
  private async writeHeld(p: Partition): Promise<void> {
    if (!p.held) return;
    if (!p.file) {
      const open = [...this.parts.values()].filter((x) => x.file);
      if (open.length >= this.openFiles) await this.closeFile(open.reduce((a, b) => (a.lastUsed <= b.lastUsed ? a : b)));
      const path = p.prefix + p.name(p.serial++);
      this.files.push(path);
      p.file = new AwsParquetFile(await this.sink.open(path), this.o.codec, this.o.gzip);
    }
    const columns = p.columns,
      rows = p.held;
    p.columns = AWS_PARQUET_COLUMNS.map(() => []);
    this.held -= rows;
    p.held = 0;
    await p.file.writeGroup(columns, rows);
  }

  private async closeFile(p: Partition): Promise<void> {
    if (!p.file) return;
    const f = p.file;
    p.file = null;
    await f.close();
  }
}
