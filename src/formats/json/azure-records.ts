// Azure Network Watcher flow logs, PT1H.json (docs/cloud-fields.md): NSG flow logs version 1
// and 2 (`properties.flows[].flows[].flowTuples`) and VNet flow logs version 4
// (`flowRecords.flows[].flowGroups[].flowTuples`). A tuple is one comma-separated string;
// from version 2 it carries both directions' counters, and each direction becomes its own
// record, as AWS writes a record per direction. Azure names the deciding rule: it is kept
// as the record's rule-id.
import { type ElementReader, type ElementSink, isObject, member, namedRecord, quoted } from "./json-elements";

/** Whether a JSON object is an Azure flow-log record (NSG's or VNet's). */
export const isAzureRecord = (v: unknown): boolean => isObject(member(v, "properties")) || isObject(member(v, "flowRecords"));

/** The ids every record of an Azure record shares. */
interface Ids {
  "account-id": string | undefined;
  "vpc-id": string | undefined;
  "subnet-id": string | undefined;
  "interface-id": unknown;
}

const part = (id: unknown, name: string) => (typeof id === "string" ? new RegExp(`/${name}/([^/]+)`, "i").exec(id)?.[1] : undefined);

function idsOf(resource: unknown, mac: unknown): Ids {
  return {
    "account-id": part(resource, "subscriptions")?.toLowerCase(),
    "vpc-id": part(resource, "virtualNetworks"),
    "subnet-id": part(resource, "subnets"),
    "interface-id": mac,
  };
}

const PROTOCOLS: Record<string, string> = { T: "6", U: "17" };
const DIRECTIONS: Record<string, "in" | "out"> = { I: "in", O: "out" };
const FLIP = { in: "out", out: "in" } as const;

/** One tuple into its records (one per direction with counters); why it is none otherwise. */
function readTuple(tuple: unknown, version: number, ids: Ids, rule: unknown, path: string, out: ElementSink) {
  if (typeof tuple !== "string") return out.bad(path, `a flow tuple is ${quoted(tuple)}, not a string`);
  const t = tuple.split(",");
  const want = version === 1 ? 8 : 13;
  if (t.length !== want) return out.bad(path, `${t.length} values in the tuple where version ${version} has ${want}`);
  const direction = DIRECTIONS[t[6]];
  if (!direction) return out.bad(path, `flow direction is ${quoted(t[6])}, not I or O`);
  let action: string | undefined;
  let protocol = t[5];
  if (version === 4) action = "BCED".includes(t[7]) && t[7].length === 1 ? (t[7] === "D" ? "REJECT" : "ACCEPT") : undefined;
  else {
    action = t[7] === "A" ? "ACCEPT" : t[7] === "D" ? "REJECT" : undefined;
    protocol = PROTOCOLS[t[5]] ?? t[5];
  }
  if (!action)
    return out.bad(path, version === 4 ? `flow state is ${quoted(t[7])}, not B, C, E or D` : `decision is ${quoted(t[7])}, not A or D`);
  if (!/^\d{1,13}$/.test(t[0])) return out.bad(path, `time stamp is ${quoted(t[0])}, not Unix time`);
  // Version 4 stamps in milliseconds, 1 and 2 in seconds.
  const at = version === 4 ? Math.floor(Number(t[0]) / 1000) : Number(t[0]);
  const shared = { ...ids, protocol, action, start: at, end: at, "rule-id": rule, "log-status": "OK" };
  const forward = namedRecord({
    ...shared,
    srcaddr: t[1],
    dstaddr: t[2],
    srcport: t[3],
    dstport: t[4],
    direction,
    packets: t[9],
    bytes: t[10],
  });
  if ("error" in forward) return out.bad(path, forward.error);
  out.record(forward.record);
  // The destination's answer, where Azure counted one: its own record, the other way round.
  if (version === 1 || !(Number(t[11]) > 0)) return;
  const back = namedRecord({
    ...shared,
    srcaddr: t[2],
    dstaddr: t[1],
    srcport: t[4],
    dstport: t[3],
    direction: FLIP[direction],
    packets: t[11],
    bytes: t[12],
  });
  if ("error" in back) return out.bad(path, back.error);
  out.record(back.record);
}

/** Each tuple of a list, or the list reported where it is none. */
function readTuples(list: unknown, version: number, ids: Ids, rule: unknown, path: string, out: ElementSink) {
  if (!Array.isArray(list)) return out.bad(path, "no flowTuples list");
  list.forEach((t, k) => {
    readTuple(t, version, ids, rule, `${path}[${k}]`, out);
  });
}

const each = (list: unknown, path: string, out: ElementSink, f: (v: unknown, at: string) => void) => {
  if (!Array.isArray(list)) return out.bad(path, "not a list");
  list.forEach((v, i) => {
    f(v, `${path}[${i}]`);
  });
};

export const readAzureRecord: ElementReader = (record, path, out) => {
  const props = member(record, "properties");
  if (isObject(props)) {
    // NSG flow logs: properties.Version, flows[] by rule, each with flows[] by NIC (mac).
    const version = props.Version;
    if (version !== 1 && version !== 2)
      return out.bad(`${path}.properties.Version`, `NSG flow log version ${JSON.stringify(version)}: FlowLens reads 1 and 2`);
    each(props.flows, `${path}.properties.flows`, out, (byRule, at) => {
      each(member(byRule, "flows"), `${at}.flows`, out, (byNic, at2) => {
        const ids = idsOf(member(record, "resourceId"), member(byNic, "mac"));
        readTuples(member(byNic, "flowTuples"), version, ids, member(byRule, "rule"), `${at2}.flowTuples`, out);
      });
    });
    return;
  }
  const flowRecords = member(record, "flowRecords");
  if (!isObject(flowRecords)) return out.bad(path, "neither properties (NSG flow logs) nor flowRecords (VNet flow logs)");
  const version = member(record, "flowLogVersion");
  if (version !== 4) return out.bad(`${path}.flowLogVersion`, `VNet flow log version ${JSON.stringify(version)}: FlowLens reads 4`);
  const ids = idsOf(member(record, "targetResourceID") ?? member(record, "flowLogResourceID"), member(record, "macAddress"));
  each(flowRecords.flows, `${path}.flowRecords.flows`, out, (byAcl, at) => {
    each(member(byAcl, "flowGroups"), `${at}.flowGroups`, out, (byRule, at2) => {
      readTuples(member(byRule, "flowTuples"), 4, ids, member(byRule, "rule"), `${at2}.flowTuples`, out);
    });
  });
};
