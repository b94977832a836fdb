// The records table's columns (docs/rules.md §3 field names, as the clouds print them).

import { PROTOCOL_NAMES } from "../../model/record-codes";
import type { FlowLogEntry } from "../../model/records";
import type { Column } from "../components/VirtualTable";
import { formatTime } from "../i18n";

const show = (v: unknown) => (v === null || v === undefined ? "-" : String(v));
/** Each column's value as plain text: what a cell shows, whole, on hover. */
const plain = (key: string) => (r: FlowLogEntry) => show((r as unknown as Record<string, unknown>)[key]);

/** A protocol as the table and the detail show it: `TCP (6)`; a number the table does not name, as it is. */
export const protocolName = (p: number | null): string =>
  p === null ? "-" : PROTOCOL_NAMES[p] ? `${PROTOCOL_NAMES[p]} (${p})` : String(p);

export const RECORD_COLUMNS: Column<FlowLogEntry>[] = [
  { key: "start", label: "start", width: 150, render: (r) => formatTime(r.start) },
  { key: "end", label: "end", width: 150, render: (r) => formatTime(r.end) },
  { key: "interface-id", label: "interface-id", width: 170, render: (r) => r["interface-id"] },
  { key: "direction", label: "direction", width: 70, render: (r) => show(r.direction) },
  { key: "srcaddr", label: "srcaddr", width: 190, render: (r) => show(r.srcaddr) },
  { key: "srcport", label: "srcport", width: 70, render: (r) => show(r.srcport) },
  { key: "dstaddr", label: "dstaddr", width: 190, render: (r) => show(r.dstaddr) },
  { key: "dstport", label: "dstport", width: 70, render: (r) => show(r.dstport) },
  {
    key: "protocol",
    label: "protocol",
    width: 80,
    render: (r) => protocolName(r.protocol),
  },
  { key: "packets", label: "packets", width: 80, render: (r) => show(r.packets) },
  { key: "bytes", label: "bytes", width: 100, render: (r) => show(r.bytes) },
  { key: "action", label: "action", width: 80, render: (r) => <span class={r.action === "REJECT" ? "reject" : ""}>{show(r.action)}</span> },
  { key: "log-status", label: "log-status", width: 90, render: (r) => r["log-status"], pinned: true },
  { key: "vpc-id", label: "vpc-id", width: 150, render: (r) => r["vpc-id"] },
  { key: "subnet-id", label: "subnet-id", width: 150, render: (r) => r["subnet-id"] },
  { key: "instance-id", label: "instance-id", width: 140, render: (r) => show(r["instance-id"]) },
  { key: "account-id", label: "account-id", width: 120, render: (r) => r["account-id"] },
  { key: "tcp-flags", label: "tcp-flags", width: 80, render: (r) => show(r["tcp-flags"]) },
  { key: "rule-id", label: "rule-id", width: 200, render: (r) => show(r["rule-id"]) },
  { key: "flowLogId", label: "flow log", width: 190, render: (r) => r.flowLogId },
  // CCN flow logs' own fields: "-" for the records of other flow logs.
  { key: "ccnid", label: "ccnid", width: 150, render: (r) => show(r.ccnid) },
  { key: "srcregionid", label: "srcregionid", width: 130, render: (r) => show(r.srcregionid) },
  { key: "dstregionid", label: "dstregionid", width: 130, render: (r) => show(r.dstregionid) },
  { key: "region-id", label: "region-id", width: 130, render: (r) => show(r["region-id"]) },
];

for (const c of RECORD_COLUMNS) c.text ??= plain(c.key);

/** A search over several logstores names each row's (not a record field: not sortable, not pivotable). */
export const LOGSTORE_COLUMN: Column<FlowLogEntry> = {
  key: "logstore",
  label: "logstore",
  width: 160,
  render: (r) => show(r.logstore),
  text: (r) => show(r.logstore),
  sortable: false,
};

export const DEFAULT_COLUMNS = [
  "start",
  "interface-id",
  "direction",
  "srcaddr",
  "srcport",
  "dstaddr",
  "dstport",
  "protocol",
  "packets",
  "bytes",
  "action",
  "log-status",
];
