// A capture into the logstores (SPEC §4): the engine turns it into flows, the flow logs
// attribute them to ENIs and judge them, and each logstore receives its records as one
// atomic import. When no flow log covers anything the capture shows, the network and
// flow logs of SPEC §4.6 are proposed instead, for the user to accept in one step.
import type { EngineApi, ImportResult } from "../engine/api";
import type { WindowBatch } from "../engine/driver";
import { readFlows } from "../engine/flow-record";
import type { Progress } from "../engine/ingest";
import type { FlowLogInput } from "../model/flow-log";
import { emptyInventory, INVENTORY_KINDS, type Inventory } from "../model/inventory";
import { proposeInventory, PROPOSAL_REGION } from "../model/inventory-proposal";
import { buildRecords, type FlowInput, type FlowLogEntry } from "../model/records";
import type { ControlPlane } from "../storage/control-plane";
import type { Import, LogstoreAccess } from "../storage/logstore";
import type { StoredCount } from "./api";

export interface CaptureFlows { result: ImportResult; flows: FlowInput[]; tableFull: { window: number; flows: number }[] }

/** The capture's flows in 60-s engine windows (every flow log's window is a multiple). */
export async function captureFlows(engine: EngineApi, file: Blob, jobId: string, onProgress: (p: Progress) => void): Promise<CaptureFlows> {
  const flows: FlowInput[] = [];
  const tableFull: { window: number; flows: number }[] = [];
  const result = await engine.importCaptures([file], { windowSeconds: 60, jobId, progressMs: 100 }, (b: WindowBatch) => {
    for (const f of readFlows(b.records, b.count, b.window)) flows.push(f);
    if (b.skipped.packets) tableFull.push({ window: b.window, flows: b.skipped.flows });
  }, onProgress);
  return { result, flows, tableFull };
}

/** Records of the Active flow logs, each logstore's stored as one import. */
export async function storeCaptureRecords(cp: ControlPlane, ls: LogstoreAccess, c: CaptureFlows, source: string) {
  const inventory = await cp.inventory();
  const flowLogs = await cp.flowLogs();
  const built = buildRecords(c.flows, flowLogs, inventory, { tableFull: c.tableFull });
  const byStore = new Map<string, { project: string; logstore: string; records: FlowLogEntry[] }>();
  const where = new Map(flowLogs.map((f) => [f.id, f]));
  for (const r of built.records) {
    const f = where.get(r.flowLogId)!;
    const key = `${f.project}\u0000${f.logstore}`;
    if (!byStore.has(key)) byStore.set(key, { project: f.project, logstore: f.logstore, records: [] });
    byStore.get(key)!.records.push(r);
  }
  // One import per logstore, committed together: a capture is in all of them or in none.
  const imps: Import[] = [];
  try {
    for (const { project, logstore, records } of byStore.values()) {
      const imp = await ls.beginImport(project, logstore, source);
      imps.push(imp);
      await imp.add(records);
    }
  } catch (e) {
    for (const imp of imps) await imp.abort().catch(() => {});
    throw e;
  }
  const stored: StoredCount[] = await ls.commitImports(imps);
  return { stored, records: built.records.length, unattributed: built.unattributed.length, excluded: built.excluded };
}

export const PROPOSAL_PROJECT = "flowlens";
export const PROPOSAL_LOGSTORE = "captures";

/** The network a capture shows (private addresses only), merged into what exists, and one flow log per new VPC. */
export function proposeFor(existing: Inventory, flows: FlowInput[]): { inventory: Inventory; flowLogs: FlowLogInput[] } | null {
  const proposed = proposeInventory(flows.flatMap((f) => [f.srcaddr, f.dstaddr]));
  const newVpcs = proposed.vpcs.filter((v) => !existing.vpcs.some((e) => e.id === v.id));
  if (!newVpcs.length) return null;
  const merged = emptyInventory();
  for (const kind of INVENTORY_KINDS) {
    const have = new Set((existing[kind] as { id: string }[]).map((e) => e.id));
    (merged[kind] as unknown[]) = [...existing[kind], ...(proposed[kind] as { id: string }[]).filter((e) => !have.has(e.id))];
  }
  const flowLogs = newVpcs.map((v): FlowLogInput => ({
    name: `capture-${v.id}`, description: `proposed for ${v.cidrs[0]}`, regionId: PROPOSAL_REGION, resourceType: "VPC", resourceId: v.id,
    project: PROPOSAL_PROJECT, logstore: PROPOSAL_LOGSTORE, windowSeconds: 600, format: "aws", trafficType: "All",
  }));
  return { inventory: merged, flowLogs };
}

/**
 * Writes an accepted proposal in one transaction: the network, the project and logstore it
 * needs, and its flow logs — each checked against the state it would leave, so a refusal
 * or a failed write leaves the store as it was.
 */
export async function applyProposal(cp: ControlPlane, p: { inventory: Inventory; flowLogs: FlowLogInput[] }): Promise<void> {
  await cp.applyNetworkChange({
    inventory: p.inventory, flowLogs: p.flowLogs,
    project: { name: PROPOSAL_PROJECT, description: "captures imported with a proposed network" },
    logstore: { project: PROPOSAL_PROJECT, name: PROPOSAL_LOGSTORE, retentionDays: 30 },
  });
}
