// Lines for flow-log records in each output format (docs/rules.md §3), and JSON lines with every field.
import type { FlowLogEntry } from "../model/records";
import { AWS_ALL_FIELDS, type FlowLogRecord, V2_FIELDS } from "./fields";
import { alibabaCsvHeader, writeAlibabaCsv, writeAlibabaJson, writeCcn, writeSpaced } from "./text-formats";

export type RecordFormat = "tencent" | "aws" | "alibaba" | "alibaba-csv" | "ccn" | "jsonl";
export const RECORD_FORMATS: RecordFormat[] = ["tencent", "aws", "alibaba", "alibaba-csv", "ccn", "jsonl"];

/** Version 3 fields every record has a place for (record-columns.ts TEXT_COLUMNS and tcp-flags). */
const FIXED_LATER = new Set(["vpc-id", "subnet-id", "instance-id", "tcp-flags"]);

/**
 * The fields of an AWS file of records that carry `extra` of AWS's later fields (model/aws-fields.ts):
 * the default format's, then — where there are any — the version 3 fields every record
 * keeps and those, in the order of AWS's field table: a custom format that AWS, Athena's
 * DDL and FlowLens read back alike. Without any, the default format.
 */
export function awsFields(extra: Iterable<string> = []): string[] {
  const more = new Set(extra);
  if (!more.size) return V2_FIELDS;
  return [...V2_FIELDS, ...AWS_ALL_FIELDS.filter((f) => !V2_FIELDS.includes(f) && (more.has(f) || FIXED_LATER.has(f)))];
}

/** The header line a format's file starts with, if any (AWS files name their fields: `fields`, awsFields). */
export function recordHeader(format: RecordFormat, fields = V2_FIELDS): string | null {
  if (format === "aws") return fields.join(" ");
  if (format === "alibaba-csv") return alibabaCsvHeader();
  return null;
}

/** A record's line; an AWS line has `fields` (awsFields), the header's. */
export function writeRecord(r: FlowLogEntry, format: RecordFormat, fields = V2_FIELDS): string {
  const rec = r as unknown as FlowLogRecord;
  switch (format) {
    case "tencent":
      return writeSpaced(rec, V2_FIELDS);
    case "aws":
      return writeSpaced(withFlowDirection(rec, fields), fields);
    case "alibaba":
      return writeAlibabaJson(rec);
    case "alibaba-csv":
      return writeAlibabaCsv(rec);
    case "ccn":
      return writeCcn(rec);
    case "jsonl":
      return JSON.stringify(r);
  }
}

/** A record whose flow-direction is asked for but unknown takes it from its direction (in: ingress), as AWS writes it. */
function withFlowDirection(r: FlowLogRecord, fields: string[]): FlowLogRecord {
  if (r["flow-direction"] !== undefined || !fields.includes("flow-direction") || r.direction === null) return r;
  return { ...r, "flow-direction": r.direction === "in" ? "ingress" : r.direction === "out" ? "egress" : null };
}
