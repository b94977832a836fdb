// Lines for flow-log records in each output format (docs/rules.md §3), and JSON lines with every field.
import type { FlowLogEntry } from "../model/records";
import { type FlowLogRecord, V2_FIELDS } from "./fields";
import { alibabaCsvHeader, writeAlibabaCsv, writeAlibabaJson, writeCcn, writeSpaced } from "./text-formats";

export type RecordFormat = "tencent" | "aws" | "alibaba" | "alibaba-csv" | "ccn" | "jsonl";
export const RECORD_FORMATS: RecordFormat[] = ["tencent", "aws", "alibaba", "alibaba-csv", "ccn", "jsonl"];

/** The header line a format's file starts with, if any (AWS files name their fields). */
export function recordHeader(format: RecordFormat): string | null {
  if (format === "aws") return V2_FIELDS.join(" ");
  if (format === "alibaba-csv") return alibabaCsvHeader();
  return null;
}

export function writeRecord(r: FlowLogEntry, format: RecordFormat): string {
  const rec = r as unknown as FlowLogRecord;
  switch (format) {
    case "tencent":
    case "aws":
      return writeSpaced(rec, V2_FIELDS);
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
