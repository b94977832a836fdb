// AWS's Parquet delivery of flow logs read as records (hyparquet, GZIP and the other codecs by
// hyparquet-compressors): the footer first, then one row group at a time, so memory holds a
// row group whatever the file's size. Columns are matched to AWS's fields by name
// (`log_status` or `log-status`); each row is checked by the same rules as a text line
// (fields.ts), and a bad row is reported by its number (from 1) and skipped.
import { parquetMetadataAsync, parquetRead, parquetSchema } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { ChunkBuilder } from "../../storage/chunk-builder";
import { type ColumnsOptions, LogFormatError, type LogImportReport } from "../log-import";
import { fieldOfColumn } from "./aws-parquet-schema";
import { appendParquetRow, planRows } from "./parquet-rows";

/** What hyparquet reads from: a file's length and its byte ranges (a Blob, a node file). */
export interface ByteSource {
  byteLength: number;
  slice(start: number, end?: number): ArrayBuffer | Promise<ArrayBuffer>;
}

/** A Parquet file starts (and ends) with PAR1. */
export const isParquetHead = (head: Uint8Array) =>
  head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;

/** A Blob (a dropped File) as hyparquet's byte source. */
export const blobSource = (b: Blob): ByteSource => ({ byteLength: b.size, slice: (s, e) => b.slice(s, e).arrayBuffer() });

/** A codec's decompressor: where the platform has a native one (node's zlib), it replaces hyparquet-compressors' JavaScript. */
export type Decompressors = Partial<Record<"GZIP", (input: Uint8Array, outputLength: number) => Uint8Array>>;

export async function importParquetColumns(
  file: string,
  source: ByteSource,
  flowLogId: string,
  o: ColumnsOptions & { decompressors?: Decompressors },
): Promise<LogImportReport> {
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(source);
  } catch (e) {
    throw new LogFormatError(file, 0, `not a Parquet file hyparquet can read: ${(e as Error).message}`);
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  const known = names.flatMap((n) => {
    const c = fieldOfColumn(n);
    return c ? [{ column: n, field: c.field }] : [];
  });
  const ignored = names.filter((n) => !fieldOfColumn(n));
  if (!known.some((k) => k.field === "srcaddr" || k.field === "interface-id"))
    throw new LogFormatError(
      file,
      0,
      `not AWS's flow-log Parquet: its columns (${names.slice(0, 12).join(", ")}) name no srcaddr or interface_id`,
    );
  const fields = known.map((k) => k.field);
  const report: LogImportReport = {
    file,
    format: `aws-parquet (${fields.join(" ")})${ignored.length ? `; columns not AWS's, left out: ${ignored.join(", ")}` : ""}`,
    lines: 0,
    records: 0,
    errors: [],
    errorCount: 0,
  };
  const maxErrors = o.maxErrors ?? 100;
  let builder = new ChunkBuilder();
  let rowStart = 0;
  const plan = planRows(fields, flowLogId);
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    // Column by column, as hyparquet decodes them (no onComplete: no rows are made).
    const columns: unknown[][] = known.map(() => []);
    const at = new Map(known.map((k, n) => [k.column, n]));
    try {
      await parquetRead({
        file: source,
        metadata,
        compressors: { ...compressors, ...o.decompressors },
        rowStart,
        rowEnd,
        columns: known.map((k) => k.column),
        onChunk: (c) => {
          const n = at.get(c.columnName);
          if (n === undefined) return;
          // A column chunk that is the whole row group is taken as it is (the usual case); pieces are put together.
          if (c.rowStart === rowStart && c.columnData.length === rowEnd - rowStart) columns[n] = c.columnData as unknown[];
          else for (let j = 0; j < c.columnData.length; j++) columns[n][c.rowStart - rowStart + j] = c.columnData[j];
        },
      });
    } catch (e) {
      throw new LogFormatError(file, rowStart + 1, `cannot read rows ${rowStart + 1}-${rowEnd}: ${(e as Error).message}`);
    }
    for (let k = 0; k < rowEnd - rowStart; k++) {
      report.lines++;
      const error = appendParquetRow(plan, builder, columns, k);
      if (error !== null) {
        const row = rowStart + k + 1;
        report.errorCount++;
        if (report.errors.length < maxErrors) report.errors.push({ file, line: row, reason: `row ${row}: ${error}` });
        continue;
      }
      report.records++;
      if (builder.full) {
        await o.onChunk(builder);
        builder = new ChunkBuilder();
      }
    }
    o.onLine?.(rowEnd);
    await o.afterSlice?.();
    rowStart = rowEnd;
  }
  if (builder.count) await o.onChunk(builder);
  return report;
}
