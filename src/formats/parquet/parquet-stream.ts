// One Parquet file written as its row groups fill (hyparquet-writer), its bytes handed on after
// each row group: a file of any size costs one row group of memory, not the file.
import { gzipSync } from "fflate";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { AWS_PARQUET_COLUMNS } from "./aws-parquet-schema";

/** Where a file's bytes go, in order; what write returns is awaited before more is written. */
export interface FileSink {
  write(bytes: Uint8Array): void | Promise<void>;
  close(): void | Promise<void>;
}

export type ParquetCodec = "GZIP" | "SNAPPY";

/** A ByteWriter whose flush (after each row group) hands the bytes so far to the sink and starts over. */
class SinkWriter extends ByteWriter {
  constructor(private sink: FileSink) {
    super(1 << 20);
  }
  flush(): void | Promise<void> {
    const bytes = this.getBytes().slice();
    this.index = 0;
    return this.sink.write(bytes);
  }
  // ParquetWriter.finish ends with this: the footer, then the file is closed.
  finish(): Promise<void> {
    return Promise.resolve(this.flush()).then(() => this.sink.close());
  }
}

/** The AWS columns' schema: every column optional (a field a record lacks is null). */
const SCHEMA = [
  { name: "root", num_children: AWS_PARQUET_COLUMNS.length },
  ...AWS_PARQUET_COLUMNS.map((c) =>
    c.type === "STRING"
      ? { name: c.name, type: "BYTE_ARRAY" as const, converted_type: "UTF8" as const, repetition_type: "OPTIONAL" as const }
      : { name: c.name, type: c.type, repetition_type: "OPTIONAL" as const },
  ),
];

/** Column values of one row group, in AWS_PARQUET_COLUMNS order: strings, numbers (INT32), bigints (INT64), nulls. */
export type RowGroupColumns = (string | number | bigint | null)[][];

export class AwsParquetFile {
  private writer: ParquetWriter;
  rows = 0;

  /** `gzip`: a native compressor where the platform has one (node's zlib); else fflate's. */
  constructor(sink: FileSink, codec: ParquetCodec = "GZIP", gzip?: (b: Uint8Array) => Uint8Array) {
    this.writer = new ParquetWriter({
      writer: new SinkWriter(sink),
      schema: SCHEMA,
      codec,
      compressors: { GZIP: gzip ?? ((b: Uint8Array) => gzipSync(b, { level: 6 })) },
      createdBy: "FlowLens",
    });
  }

  /** Writes the rows as one row group. */
  async writeGroup(columns: RowGroupColumns, rows: number): Promise<void> {
    if (!rows) return;
    this.rows += rows;
    await this.writer.write({
      columnData: AWS_PARQUET_COLUMNS.map((c, k) => ({ name: c.name, data: columns[k] })),
      rowGroupSize: rows,
    });
  }

  async close(): Promise<void> {
    await this.writer.finish();
  }
}
