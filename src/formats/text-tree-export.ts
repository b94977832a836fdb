// Records written as AWS delivers flow logs to S3 as text (AWS VPC User Guide, "Flow log files"):
// gzipped files that start with the header line, under the plain prefix
//   AWSLogs/ACCOUNT/vpcflowlogs/REGION/YYYY/MM/DD/ACCOUNT_vpcflowlogs_REGION_FLOWLOG_YYYYMMDDTHH00Z_HASH.log.gz
// one file per flow log and hour (AWS writes one each 5 minutes or 75 MB; the layout and the
// names are the same). Records come a chunk at a time; the text held across partitions is
// bounded (the largest is compressed early), as are the files open at once.
import { Gzip } from "fflate";
import type { ChunkColumns } from "../storage/record-columns";
import { decodeRecord } from "../storage/record-columns";
import type { TreeSink } from "./parquet/hive-export";
import { writeRecord } from "./record-writers";
import { hashHex, type PartitionOptions, s3PartitionOf } from "./s3-partition";

export interface TextTreeOptions extends PartitionOptions {
  /** The fields of every file's header and lines (record-writers.ts awsFields: the default format, or a custom one). */
  fields: string[];
  /** Characters of text held across all partitions before the largest is compressed. */
  heldChars?: number;
  /** Files open at once before the least recently written is finished (a later record of its partition starts a new file). */
  openFiles?: number;
}

interface Part {
  path: (serial: number) => string;
  serial: number;
  lines: string[];
  chars: number;
  gzip: Gzip | null;
  out: Uint8Array[];
  file: { write(b: Uint8Array): void | Promise<void>; close(): void | Promise<void> } | null;
  lastUsed: number;
}

/** What a partition gathers before it is compressed: a deflate call per megabyte, not per line. */
const PART_CHARS = 1 << 20;
const encoder = new TextEncoder();

export class TextTreeExport {
  private parts = new Map<string, Part>();
  private files: string[] = [];
  private records = 0;
  private held = 0;
  private clock = 0;
  private readonly header: string;

  constructor(
    private sink: TreeSink,
    private o: TextTreeOptions,
  ) {
    this.header = `${o.fields.join(" ")}\n`;
  }

  /** Appends a chunk's records (or those at `rows`); text that fills a partition is compressed and written before it returns. */
  async addChunk(c: ChunkColumns, rows?: ArrayLike<number>): Promise<void> {
    const n = rows ? rows.length : c.count;
    for (let k = 0; k < n; k++) {
      const i = rows ? rows[k] : k;
      const p = this.partOf(c, i);
      const line = writeRecord(decodeRecord(c, i), "aws", this.o.fields);
      p.lines.push(line);
      p.chars += line.length + 1;
      this.held += line.length + 1;
      this.records++;
      if (p.chars >= PART_CHARS) await this.compress(p, false);
      else if (this.held >= (this.o.heldChars ?? 16 << 20)) await this.compress(this.largest(), false);
    }
  }

  /** Compresses what is held and finishes every file. */
  async finish(): Promise<{ records: number; files: string[] }> {
    for (const p of this.parts.values()) if (p.file || p.lines.length) await this.compress(p, true);
    return { records: this.records, files: this.files };
  }

  private partOf(c: ChunkColumns, i: number): Part {
    const s = s3PartitionOf(c, i, this.o, this.records + 1);
    let p = this.parts.get(s.key);
    if (!p) {
      const prefix = `AWSLogs/${s.account}/vpcflowlogs/${s.region}/${s.year}/${s.month}/${s.day}/`;
      p = {
        path: (serial) => `${prefix}${s.base}_${hashHex(`${s.key}|${serial}`)}.log.gz`,
        serial: 0,
        lines: [],
        chars: 0,
        gzip: null,
        out: [],
        file: null,
        lastUsed: 0,
      };
      this.parts.set(s.key, p);
    }
    p.lastUsed = ++this.clock;
    return p;
  }

  private largest(): Part {
    let best: Part | null = null;
    for (const p of this.parts.values()) if (!best || p.chars > best.chars) best = p;
    return best!;
  }

  /** Compresses the partition's lines into its file (opened with the header, the stalest closed as needed); `last` ends the file. */
  private async compress(p: Part, last: boolean): Promise<void> {
    if (!p.file) {
      const open = [...this.parts.values()].filter((x) => x.file);
      if (open.length >= (this.o.openFiles ?? 32)) {
        const stalest = open.reduce((a, b) => (a.lastUsed <= b.lastUsed ? a : b));
        await this.compress(stalest, true);
      }
      const path = p.path(p.serial++);
      this.files.push(path);
      p.file = await this.sink.open(path);
      const gzip = new Gzip({ level: 6 }, (data) => p.out.push(data));
      gzip.push(encoder.encode(this.header));
      p.gzip = gzip;
    }
    const text = p.lines.length ? `${p.lines.join("\n")}\n` : "";
    this.held -= p.chars;
    p.lines = [];
    p.chars = 0;
    p.gzip!.push(encoder.encode(text), last);
    const out = p.out;
    p.out = [];
    for (const b of out) await p.file.write(b);
    if (last) {
      await p.file.close();
      p.file = null;
      p.gzip = null;
    }
  }
}
