// Records read from the clouds' files (docs/history.md #4): they keep their own windows (a record's
// start opens its window, as the clouds write them), and can be re-aggregated to a longer
// window on request — OK records of the same flow, ENI, direction and action summed; a
// NODATA record kept only where its ENI has nothing else in the longer window.
import { EXTRA_NUMBER_FIELDS, EXTRA_TEXT_FIELDS } from "./aws-fields";
import type { FlowLogEntry, FlowLogRecord } from "./records";

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (typeof v === "number" ? v : null);

/** What a record of a file holds where the file has no such field, or "-": every reader of files writes these. */
export const IMPORTED_TEXT_DEFAULTS: Record<string, string> = {
  version: "2",
  "account-id": "",
  "interface-id": "",
  "vpc-id": "",
  "subnet-id": "",
};

export function entryFromText(r: FlowLogRecord, flowLogId: string): FlowLogEntry {
  const start = num(r.start) ?? 0;
  const direction =
    r.direction === "in" || r.direction === "out"
      ? r.direction
      : r["flow-direction"] === "ingress"
        ? "in"
        : r["flow-direction"] === "egress"
          ? "out"
          : null;
  const e: FlowLogEntry = {
    flowLogId,
    window: start,
    version: text(r.version) ?? "2",
    "account-id": text(r["account-id"]) ?? "",
    "interface-id": text(r["interface-id"]) ?? "",
    "vpc-id": text(r["vpc-id"]) ?? "",
    "subnet-id": text(r["subnet-id"]) ?? "",
    "instance-id": text(r["instance-id"]),
    srcaddr: text(r.srcaddr),
    dstaddr: text(r.dstaddr),
    srcport: num(r.srcport),
    dstport: num(r.dstport),
    protocol: num(r.protocol),
    direction,
    packets: num(r.packets),
    bytes: num(r.bytes),
    start,
    end: num(r.end) ?? start,
    action: r.action === "ACCEPT" || r.action === "REJECT" ? r.action : null,
    "log-status": r["log-status"] === "NODATA" || r["log-status"] === "SKIPDATA" ? r["log-status"] : "OK",
    "tcp-flags": num(r["tcp-flags"]),
    // Azure names the deciding rule (formats/json/azure-records.ts); other files leave it to the rules.
    "rule-id": text(r["rule-id"]),
    // A CCN log's record keeps its CCN and regions (record-columns.ts CCN_COLUMNS).
    ...(r.ccnid !== null &&
      r.ccnid !== undefined && {
        ccnid: String(r.ccnid),
        "region-id": text(r["region-id"]) ?? "",
        srcregionid: text(r.srcregionid) ?? "",
        dstregionid: text(r.dstregionid) ?? "",
      }),
  };
  // AWS's later fields, where the file carried a value (aws-fields.ts).
  for (const f of EXTRA_TEXT_FIELDS) if (typeof r[f] === "string") e[f] = r[f] as string;
  for (const f of EXTRA_NUMBER_FIELDS) if (typeof r[f] === "number") e[f] = r[f] as number;
  return e;
}

/** Records re-aggregated into windows of `seconds` (aligned to Unix time). */
export function reaggregate(entries: FlowLogEntry[], seconds: number): FlowLogEntry[] {
  const out = new Map<string, FlowLogEntry>();
  const busy = new Set<string>();
  const windowOf = (e: FlowLogEntry) => e.window - (e.window % seconds);
  for (const e of entries) {
    const w = windowOf(e);
    if (e["log-status"] === "OK") busy.add(`${e.flowLogId}|${e["interface-id"]}|${w}`);
    const key =
      e["log-status"] === "OK"
        ? [e.flowLogId, e["interface-id"], e.direction, w, e.srcaddr, e.srcport, e.dstaddr, e.dstport, e.protocol, e.action].join("|")
        : [e.flowLogId, e["interface-id"], w, e["log-status"]].join("|");
    const x = out.get(key);
    if (!x) {
      out.set(key, { ...e, window: w, ...(e["log-status"] === "OK" ? {} : { start: w, end: w + seconds }) });
      continue;
    }
    if (e["log-status"] === "OK") {
      x.packets = (x.packets ?? 0) + (e.packets ?? 0);
      x.bytes = (x.bytes ?? 0) + (e.bytes ?? 0);
      x.start = Math.min(x.start, e.start);
      x.end = Math.max(x.end, e.end);
      if (e["tcp-flags"] !== null) x["tcp-flags"] = (x["tcp-flags"] ?? 0) | e["tcp-flags"];
    } else if (e["log-status"] === "SKIPDATA") {
      x.skipped = (x.skipped ?? 0) + (e.skipped ?? 0);
    }
  }
  return [...out.values()].filter((e) => e["log-status"] !== "NODATA" || !busy.has(`${e.flowLogId}|${e["interface-id"]}|${e.window}`));
}
