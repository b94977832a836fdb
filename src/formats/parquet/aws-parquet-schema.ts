// The columns of AWS's Parquet delivery of flow logs (AWS VPC User Guide, "Flow log records":
// each field's "Parquet data type"): the field names with underscores, the counters and
// times INT64, ports, protocol, flags and the small codes INT32, the rest STRING. FlowLens
// writes every field through version 10 (a field a record lacks is null), so that one
// table definition (athena.sql) reads every file it writes.
import { AWS_ALL_FIELDS } from "../fields";

export type ParquetType = "INT32" | "INT64" | "STRING";

const INT64 = new Set(["packets", "bytes", "start", "end"]);
const INT32 = new Set(["version", "srcport", "dstport", "protocol", "tcp-flags", "traffic-path", "encryption-status"]);

export interface AwsParquetColumn {
  /** The record's field (`log-status`). */
  field: string;
  /** Its column (`log_status`). */
  name: string;
  type: ParquetType;
}

export const AWS_PARQUET_COLUMNS: AwsParquetColumn[] = AWS_ALL_FIELDS.map((field) => ({
  field,
  name: field.replace(/-/g, "_"),
  type: INT64.has(field) ? "INT64" : INT32.has(field) ? "INT32" : "STRING",
}));

/** A column's field from its Parquet name (either spelling), or null for a column no AWS field has. */
export function fieldOfColumn(name: string): AwsParquetColumn | null {
  const n = name.toLowerCase().replace(/-/g, "_");
  return AWS_PARQUET_COLUMNS.find((c) => c.name === n) ?? null;
}

/** The SQL type of a column in Athena, Spark and Trino. */
export const sqlType = (t: ParquetType) => (t === "INT64" ? "bigint" : t === "INT32" ? "int" : "string");
