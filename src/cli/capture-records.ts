// What `flowlens records` and `flowlens search` share: telling captures from flow-log
// files, and turning captures into records (engine worker -> attribution -> security).
import { open } from "node:fs/promises";
import { proxy } from "comlink";
import type { EngineApi } from "../engine/api";
import { startNodeEngine } from "../engine/node-client";
import { pcapngInterfaces } from "../io/pcapng-interfaces";
import { headLooksLikeCapture } from "../io/sniff";
import type { CcnEntry } from "../model/ccn-records";
import { english } from "../model/english";
import { completeFlowLog, DEFAULT_QUOTA_PER_REGION, type FlowLog, type FlowLogInput, hasResource } from "../model/flow-log";
import type { InterfaceMapping } from "../model/interface-mapping";
import { emptyInventory, type Inventory } from "../model/inventory";
import { readDocument } from "../model/inventory-document";
import { type NetworkExtension, PROPOSAL_REGION } from "../model/network-extension";
import type { RecordRows } from "../model/record-rows";
import { type CaptureFlows, captureFlows, captureRecords, extendForCapture, withMappedInterfaces } from "../workspace/capture-import";
import { CliInputError, readJson } from "./cli-input";

/** Whether a file (gzip or not) starts like a pcap or pcapng capture. */
export async function isCapture(path: string): Promise<boolean> {
  return headLooksLikeCapture(await fileHead(path));
}

/** A file's first 64 KiB (what capture sniffing and the pcapng interface list read). */
async function fileHead(path: string): Promise<Uint8Array> {
  const f = await open(path, "r").catch((e) => {
    throw new CliInputError(`${path}: cannot open: ${e.message}`);
  });
  const head = new Uint8Array(65536);
  const { bytesRead } = await f.read(head, 0, head.length, 0).finally(() => f.close());
  return head.subarray(0, bytesRead);
}

export async function readInventory(path: string | undefined): Promise<Inventory | null> {
  if (!path) return null;
  const doc = readDocument(await readJson(path));
  if (!doc.inventory) throw new CliInputError(`${path}: ${doc.problems.map((p) => `${p.field}: ${english(p.text)}`).join("; ")}`);
  return doc.inventory;
}

export function flowLogsFor(inv: Inventory, given: unknown, windowSeconds: 60 | 300 | 600, format: FlowLog["format"]): FlowLog[] {
  const now = new Date(0);
  if (given === undefined)
    return inv.vpcs.map((v, i) =>
      completeFlowLog(
        {
          name: `all-${i}`,
          regionId: v.regionId,
          resourceType: "VPC",
          resourceId: v.id,
          project: "cli",
          logstore: "cli",
          windowSeconds,
          format,
        },
        `fl-cli-${i}`,
        now,
      ),
    );
  const list = (Array.isArray(given) ? given : [given]) as (FlowLogInput & { id?: string; status?: FlowLog["status"] })[];
  return list.map((f, i) => {
    if (!hasResource(inv, f)) throw new CliInputError(`flow log ${i}: ${f.resourceType} ${f.resourceId} is not in the inventory`);
    const input: FlowLogInput = Object.assign({ name: `flowlog-${i}`, regionId: PROPOSAL_REGION, project: "cli", logstore: "cli" }, f);
    return { ...completeFlowLog(input, f.id ?? `fl-cli-${i}`, now), status: f.status ?? "Active" };
  });
}

export interface CaptureRecords {
  rows: RecordRows;
  ccn: CcnEntry[];
  flowLogs: FlowLog[];
  proposed: Inventory | null;
  extension: NetworkExtension | null;
  inventory: Inventory;
}

export interface NetworkOptions {
  /** Extend a given inventory to the capture's private endpoints (model/network-extension.ts). */
  extend?: boolean;
  /** Flow logs a region may hold (default 10, as the clouds and the viewer). */
  quota?: number;
  /** Capture interfaces (a pcapng if_name, or an index) that are an ENI's NIC: `--interface eth0=eni-web`. */
  interfaces?: { iface: string; eniId: string }[];
}

/**
 * The interface mapping, by index: a name is looked up among each capture's pcapng
 * interfaces (engine numbering, as the viewer's confirmation lists them) and must mean the
 * same index in every capture that names it; a number is the index itself.
 */
async function interfaceMapping(
  captures: string[],
  given: { iface: string; eniId: string }[],
  inv: Inventory,
): Promise<InterfaceMapping[]> {
  const named = await Promise.all(captures.map(async (path) => pcapngInterfaces(await fileHead(path))));
  return given.map(({ iface, eniId }) => {
    if (!inv.enis.some((e) => e.id === eniId))
      throw new CliInputError(`capture interface ${iface} is mapped to ENI ${eniId}, which is not in the network`);
    if (/^\d+$/.test(iface)) return { index: Number(iface), eniId };
    const found = new Set(named.flatMap((list) => list.filter((x) => x.name === iface).map((x) => x.index)));
    if (found.size > 1)
      throw new CliInputError(
        `--interface ${iface}: the captures number it differently (${[...found].join(", ")}): give its index instead`,
      );
    if (!found.size) {
      const all = [...new Set(named.flat().map((x) => `${x.index} ${x.name}`))];
      const naming = all.length ? `they name: ${all.join(", ")}` : "they name none: give an index, 0 for the first";
      throw new CliInputError(`--interface ${iface}: no capture names an interface ${iface} (${naming})`);
    }
    return { index: [...found][0], eniId };
  });
}

/**
 * Captures into records, with an inventory (extended to what the captures show, if asked)
 * or one proposed from the addresses seen by the same rules: the viewer's pipeline
 * (workspace/capture-import.ts).
 */
export async function recordsFromCaptures(
  captures: string[],
  inventory: Inventory | null,
  givenFlowLogs: unknown,
  windowSeconds: 60 | 300 | 600,
  format: FlowLog["format"],
  o: NetworkOptions = {},
): Promise<CaptureRecords> {
  const engine = startNodeEngine(new URL("./worker-node.mjs", import.meta.url));
  let flows: CaptureFlows;
  try {
    flows = await captureFlows(
      engine.api as unknown as EngineApi,
      captures.map((path) => ({ path })),
      {},
      undefined,
      proxy,
    );
    if (!flows.result.ok) throw new CliInputError(flows.result.error.message);
  } finally {
    engine.terminate();
  }
  const quota = o.quota ?? DEFAULT_QUOTA_PER_REGION;
  if (o.interfaces?.length && !inventory)
    throw new CliInputError("--interface maps a capture interface to an ENI of --inventory: give one");
  const mapping = inventory && o.interfaces?.length ? await interfaceMapping(captures, o.interfaces, inventory) : [];
  const given = givenFlowLogs === undefined ? null : flowLogsFor(inventory ?? emptyInventory(), givenFlowLogs, windowSeconds, format);
  const extension =
    !inventory || o.extend
      ? extendForCapture(
          inventory ?? emptyInventory(),
          given ?? flowLogsFor(inventory ?? emptyInventory(), undefined, windowSeconds, format),
          flows.flows,
          quota,
          { interfaces: mapping },
        )
      : null;
  for (const q of extension?.overQuota ?? [])
    throw new CliInputError(
      `the network's extension needs ${q.adding} more flow log(s) in region ${q.region}, which has ` +
        `${q.have}: past the quota of ${q.quota} (give --quota)`,
    );
  const inv = extension?.inventory ?? inventory ?? emptyInventory();
  // Without --flowlog, one per VPC of the network as it ends up; with it, those and the extension's.
  const flowLogs = given
    ? [
        ...given,
        ...(extension?.flowLogs ?? []).map((f, i) => completeFlowLog({ ...f, windowSeconds, format }, `fl-cli-extend-${i}`, new Date(0))),
      ]
    : flowLogsFor(inv, undefined, windowSeconds, format);
  // The mapped interfaces' hosts are their ENIs' for these records only: the network used (and saved) keeps the ENIs' own addresses.
  return {
    ...captureRecords(flows, flowLogs, withMappedInterfaces(inv, flows.flows, mapping)),
    flowLogs,
    proposed: inventory ? null : inv,
    extension: inventory ? extension : null,
    inventory: inv,
  };
}

export function describeExtension(x: NetworkExtension): string {
  return (
    `extended the network for ${x.addresses} private address(es): ${x.added.vpcs.length} ` +
    `VPC(s)${x.added.vpcs.length ? ` (${x.added.vpcs.map((v) => v.cidrs[0]).join(", ")})` : ""}, ` +
    `${x.added.vswitches} VSwitch(es), ${x.added.enis} ENI(s), ${x.flowLogs.length} flow log(s)`
  );
}

export function describeProposal(inv: Inventory): string {
  return (
    `no inventory given: proposed ${inv.vpcs.length} VPC(s) ` +
    `(${inv.vpcs.map((v) => v.cidrs[0]).join(", ")}), ${inv.vswitches.length} VSwitch(es), ` +
    `${inv.enis.length} ENI(s) from the private addresses seen; save it with --save-inventory and edit, ` +
    `or give --inventory`
  );
}
