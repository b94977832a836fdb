// Lines for `flowlens flows`: JSON lines (keys as docs/history.md #2 fixes them), CSV, or text.
import type { Flow } from "../engine/flow-record";
import { formatSeconds } from "../engine/flow-record";

export type FlowFormat = "text" | "jsonl" | "csv";

export const FLOW_FIELDS = [
  "interface",
  "window",
  "srcaddr",
  "srcport",
  "dstaddr",
  "dstport",
  "protocol",
  "packets",
  "bytes",
  "start",
  "end",
  "tcp-flags",
] as const;

function values(f: Flow): (string | number)[] {
  return [
    f.interface,
    f.window,
    f.srcaddr,
    f.srcport,
    f.dstaddr,
    f.dstport,
    f.protocol,
    f.packets,
    f.bytes,
    formatSeconds(f.startUs),
    formatSeconds(f.endUs),
    f.tcpFlags,
  ];
}

export function flowHeader(format: FlowFormat): string | null {
  if (format === "csv") return FLOW_FIELDS.join(",");
  if (format === "text") return FLOW_FIELDS.join(" ");
  return null;
}

export function formatFlow(f: Flow, format: FlowFormat): string {
  const v = values(f);
  if (format === "csv") return v.join(",");
  if (format === "text") return v.join(" ");
  // Built by hand so that start and end keep exactly six fraction digits as JSON numbers.
  return (
    "{" +
    FLOW_FIELDS.map((k, i) => `"${k}":${typeof v[i] === "string" && i !== 9 && i !== 10 ? JSON.stringify(v[i]) : v[i]}`).join(",") +
    "}"
  );
}
