// A row of RecordRows (model/record-rows.ts) as an entry: a record shown or written as text.
import type { FlowLog } from "./flow-log";
import { ACTION_ACCEPT, DIRECTION_IN, STATUS_NODATA, STATUS_OK, STATUS_SKIPDATA } from "./record-codes";
import type { RecordRows } from "./record-rows";
import type { FlowLogEntry } from "./records";

/** A record's version: the flow log's format's. */
export const versionOf = (fl: FlowLog) => (fl.format === "alibaba" ? "1" : "2");

/** Row `r` as an entry (a record shown or written as text). */
export function rowEntry(x: RecordRows, r: number): FlowLogEntry {
  // Literals, not a spread of shared fields: a spread made this 8 s for 340 k records (profiled).
  const R = x.rows,
    window = R.window[r],
    fl = x.flowLogs[R.cover[r]],
    e = R.eni[r],
    eni = x.enis[e];
  const vpc = x.inv.vpcs[x.eniVpc[e]],
    vsw = x.inv.vswitches[x.eniVswitch[e]];
  const flowLogId = fl.id,
    version = versionOf(fl),
    account = vpc.accountId,
    vpcId = vpc.id,
    subnet = vsw.id,
    instance = eni.instanceId ?? null;
  if (R.status[r] !== STATUS_OK) {
    const e: FlowLogEntry = {
      flowLogId,
      window,
      version,
      "account-id": account,
      "interface-id": eni.id,
      "vpc-id": vpcId,
      "subnet-id": subnet,
      "instance-id": instance,
      srcaddr: null,
      dstaddr: null,
      srcport: null,
      dstport: null,
      protocol: null,
      direction: null,
      packets: null,
      bytes: null,
      start: window,
      end: window + x.flowLogs[R.cover[r]].windowSeconds,
      action: null,
      "log-status": R.status[r] === STATUS_NODATA ? "NODATA" : "SKIPDATA",
      "tcp-flags": null,
      "rule-id": null,
    };
    if (R.status[r] === STATUS_SKIPDATA) e.skipped = R.skipped[r];
    return e;
  }
  return {
    flowLogId,
    window,
    version,
    "account-id": account,
    "interface-id": eni.id,
    "vpc-id": vpcId,
    "subnet-id": subnet,
    "instance-id": instance,
    srcaddr: x.addresses[R.src[r]],
    dstaddr: x.addresses[R.dst[r]],
    srcport: R.srcport[r],
    dstport: R.dstport[r],
    protocol: R.protocol[r],
    direction: R.direction[r] === DIRECTION_IN ? "in" : "out",
    packets: R.packets[r],
    bytes: R.bytes[r],
    start: R.start[r],
    end: R.end[r],
    action: R.action[r] === ACTION_ACCEPT ? "ACCEPT" : "REJECT",
    "log-status": "OK",
    "tcp-flags": R.tcpFlags[r],
    "rule-id": R.rule[r] >= 0 ? x.ruleIds[R.rule[r]] : null,
  };
}
