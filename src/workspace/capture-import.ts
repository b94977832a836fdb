// A capture into the logstores (SPEC §4): the engine turns it into flows, the flow logs
// attribute them to ENIs and judge them, and each logstore receives its records as one
// atomic import. When no flow log covers anything the capture shows, the network and
// flow logs of SPEC §4.6 are proposed instead, for the user to accept in one step.
import type { EngineApi, ImportResult } from "../engine/api";
import type { WindowBatch } from "../engine/driver";
import { readFlows } from "../engine/flow-record";
import type { Progress } from "../engine/ingest";
import { checkNewFlowLog, completeFlowLog, type FlowLogInput } from "../model/flow-log";
import { emptyInventory, INVENTORY_KINDS, type Inventory } from "../model/inventory";
import { proposeInventory, PROPOSAL_REGION } from "../model/inventory-proposal";
import { ControlPlaneError } from "../model/problems";
import { buildRecords, type FlowInput, type FlowLogEntry } from "../model/records";
import type { ControlPlane } from "../storage/control-plane";
import type { LogstoreAccess } from "../storage/logstore";
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
  const stored: StoredCount[] = [];
  for (const { project, logstore, records } of byStore.values()) {
    const imp = await ls.beginImport(project, logstore, source);
    try {
      await imp.add(records);
      stored.push({ project, logstore, records: (await imp.commit()).records });
    } catch (e) {
      await imp.abort();
      throw e;
    }
  }
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
 * Writes an accepted proposal: the flow logs are checked against the network they will
 * see before anything is written, so a refusal leaves the store as it was.
 */
export async function applyProposal(cp: ControlPlane, p: { inventory: Inventory; flowLogs: FlowLogInput[] }): Promise<void> {
  const projects = await cp.projects();
  const logstores = await cp.logstores();
  const ctxProjects = projects.some((x) => x.name === PROPOSAL_PROJECT) ? projects : [...projects, { name: PROPOSAL_PROJECT, description: "" }];
  const ctxStores = logstores.some((l) => l.project === PROPOSAL_PROJECT && l.name === PROPOSAL_LOGSTORE) ? logstores : [...logstores, { project: PROPOSAL_PROJECT, name: PROPOSAL_LOGSTORE, retentionDays: 30 }];
  const flowLogs = await cp.flowLogs();
  const quotaPerRegion = await cp.flowLogQuota();
  const problems = p.flowLogs.flatMap((f, i) => checkNewFlowLog(f, { inventory: p.inventory, projects: ctxProjects, logstores: ctxStores, flowLogs: [...flowLogs, ...p.flowLogs.slice(0, i).map((x, k) => completeFlowLog(x, `proposed-${k}`, new Date(0)))], quotaPerRegion }));
  if (problems.length) throw new ControlPlaneError(problems);
  await cp.replaceInventory(p.inventory);
  if (ctxProjects !== projects) await cp.createProject({ name: PROPOSAL_PROJECT, description: "captures imported with a proposed network" });
  if (ctxStores !== logstores) await cp.createLogstore({ project: PROPOSAL_PROJECT, name: PROPOSAL_LOGSTORE, retentionDays: 30 });
  for (const f of p.flowLogs) await cp.createFlowLog(f);
}
