// The shapes of the capture pipeline's records (docs/rules.md §3, docs/history.md #4): an aggregated flow as
// the engine gives it, and a record as the clouds write it. record-rows.ts builds them.

import type { ExtraFields } from "./aws-fields";
import { FlowColumns } from "./flow-columns";
import type { FlowLog } from "./flow-log";
import type { Inventory } from "./inventory";
import { buildRecordRows } from "./record-rows";
import { rowEntry } from "./row-entry";

/** A record as a file's fields give it: a string, a number, or null where a file shows "-" (or -1 counters on NODATA/SKIPDATA rows). */
export type FieldValue = string | number | null;
/** A flow-log record by its fields' canonical names (the AWS ones, formats/fields.ts). */
export type FlowLogRecord = Record<string, FieldValue>;

/** An aggregated flow, as the capture engine gives it (times in Unix microseconds). */
export interface FlowInput {
  window: number;
  srcaddr: string;
  srcport: number;
  dstaddr: string;
  dstport: number;
  protocol: number;
  packets: number;
  bytes: number;
  startUs: number;
  endUs: number;
  tcpFlags: number;
}

/** A stored record: the fixed fields every record has, and AWS's later fields where its file carried them (aws-fields.ts). */
export interface FlowLogEntry extends ExtraFields {
  flowLogId: string;
  window: number;
  version: string;
  "account-id": string;
  "interface-id": string;
  "vpc-id": string;
  "subnet-id": string;
  "instance-id": string | null;
  srcaddr: string | null;
  dstaddr: string | null;
  srcport: number | null;
  dstport: number | null;
  protocol: number | null;
  direction: "in" | "out" | null;
  packets: number | null;
  bytes: number | null;
  start: number;
  end: number;
  action: "ACCEPT" | "REJECT" | null;
  "log-status": "OK" | "NODATA" | "SKIPDATA";
  "tcp-flags": number | null;
  /** The rule (or default) that rejected, as `sg-…/rule-id`; beyond the clouds' formats. */
  "rule-id": string | null;
  /** SKIPDATA: how many records were left out. */
  skipped?: number;
  /** CCN cross-region records only (docs/rules.md §3): the CCN, the flow log's region, and each side's region. */
  ccnid?: string;
  "region-id"?: string;
  srcregionid?: string;
  dstregionid?: string;
  /** In a search over several logstores: the one holding the record (`project/logstore`); not a field of any cloud. */
  logstore?: string;
}

export interface RecordOptions {
  excludeDhcp?: boolean;
  excludeMetadata?: boolean;
  maxRecordsPerEniWindow?: number;
  /** The imported time span (Unix seconds) whose windows get NODATA records; default the flows'. */
  span?: { from: number; to: number };
  /**
   * Engine windows whose flow table was full, with the estimated flows lost. Which ENIs
   * lost them is unknown, so every covered ENI gets a SKIPDATA record for that window.
   */
  tableFull?: { window: number; flows: number }[];
}

export interface RecordResult {
  records: FlowLogEntry[];
  unattributed: { srcaddr: string; dstaddr: string; packets: number; bytes: number }[];
  excluded: { dhcp: number; metadata: number };
}

/** The records of `flows` (objects: tests and callers outside the capture pipeline). */
export function buildRecords(flows: FlowInput[], flowLogs: FlowLog[], inv: Inventory, o: RecordOptions = {}): RecordResult {
  const rows = buildRecordRows(FlowColumns.of(flows), flowLogs, inv, o);
  return { records: Array.from(rows.order, (r) => rowEntry(rows, r)), unattributed: rows.unattributed, excluded: rows.excluded };
}
