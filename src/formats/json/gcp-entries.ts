// GCP VPC Flow Logs as Cloud Logging writes them (docs/cloud-fields.md): one `LogEntry` per
// flow, its `jsonPayload` holding the five-tuple (`connection`), the sampled counters
// (`bytes_sent`, `packets_sent`, int64 as text), the window (`start_time`, `end_time`,
// RFC 3339) and the side that reported it (`reporter`). GCP has no interface id: the
// reporting side's instance and VPC names are kept as the record's ids.
import { type ElementReader, isObject, member, namedRecord, quoted, rfc3339Seconds } from "./json-elements";

/** Whether a JSON object is a Cloud Logging entry of a flow (its payload names a connection). */
export const isGcpEntry = (v: unknown): boolean =>
  isObject(member(v, "jsonPayload")) && isObject(member(member(v, "jsonPayload"), "connection"));

const REPORTERS: Record<string, "src" | "dest"> = { SRC: "src", DEST: "dest", SRC_GATEWAY: "src", DEST_GATEWAY: "dest" };

export const readGcpEntry: ElementReader = (entry, path, out) => {
  const p = member(entry, "jsonPayload");
  const c = member(p, "connection");
  if (!isObject(p) || !isObject(c)) return out.bad(path, "no jsonPayload.connection: not a VPC Flow Logs entry");
  if (typeof c.src_ip !== "string" || typeof c.dest_ip !== "string")
    return out.bad(`${path}.jsonPayload.connection`, "a connection without src_ip and dest_ip");
  const reporter = member(p, "reporter");
  const side = typeof reporter === "string" ? REPORTERS[reporter] : undefined;
  if (!side) return out.bad(`${path}.jsonPayload.reporter`, `reporter is ${quoted(reporter)}, not SRC, DEST, SRC_GATEWAY or DEST_GATEWAY`);
  const start = rfc3339Seconds(member(p, "start_time"));
  const end = rfc3339Seconds(member(p, "end_time"));
  if (start === null)
    return out.bad(`${path}.jsonPayload.start_time`, `start_time is ${quoted(member(p, "start_time"))}, not an RFC 3339 time`);
  if (end === null) return out.bad(`${path}.jsonPayload.end_time`, `end_time is ${quoted(member(p, "end_time"))}, not an RFC 3339 time`);
  // The reporting side's instance (or gateway) and VPC; the entry's resource where the payload names none.
  const instance = member(p, `${side}_instance`);
  const vpc = member(p, `${side}_vpc`);
  const labels = member(member(entry, "resource"), "labels");
  const name = member(instance, "vm_name") ?? member(member(p, `${side}_gateway`), "name");
  const r = namedRecord({
    "account-id": member(instance, "project_id") ?? member(vpc, "project_id") ?? member(labels, "project_id"),
    "interface-id": name,
    "instance-id": member(instance, "vm_name"),
    "vpc-id": member(vpc, "vpc_name"),
    "subnet-id": member(vpc, "subnetwork_name") ?? member(labels, "subnetwork_name"),
    region: member(instance, "region"),
    "az-id": member(instance, "zone"),
    srcaddr: member(c, "src_ip"),
    dstaddr: member(c, "dest_ip"),
    srcport: member(c, "src_port"),
    dstport: member(c, "dest_port"),
    protocol: member(c, "protocol"),
    packets: member(p, "packets_sent"),
    bytes: member(p, "bytes_sent"),
    start,
    end,
    direction: side === "src" ? "out" : "in",
    // VPC Flow Logs record the flows that were let through: GCP's firewall logs the denied ones.
    action: "ACCEPT",
    "log-status": "OK",
  });
  if ("error" in r) out.bad(`${path}.jsonPayload`, r.error);
  else out.record(r.record);
};
