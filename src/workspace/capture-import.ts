// A capture into the logstores (docs/rules.md §4): the engine turns it into flows, the flow logs
// attribute them to ENIs and judge them, and each logstore receives its records as one
// atomic import. When no flow log covers anything the capture shows, the network and
// flow logs of docs/rules.md §4.6 are proposed instead, for the user to accept in one step.
import type { EngineApi, ImportOptions, ImportResult, SourceSpec } from "../engine/api";
import type { WindowBatch } from "../engine/driver";
import type { Progress } from "../engine/ingest";
import { buildCcnRecords, type CcnEntry, ccnLogEntry } from "../model/ccn-records";
import { FlowColumns } from "../model/flow-columns";
import type { FlowLog, FlowLogInput } from "../model/flow-log";
import { FlowLensError } from "../model/flowlens-error";
import { type InterfaceMapping, interfaceHosts, withInterfaceAliases } from "../model/interface-mapping";
import type { Inventory } from "../model/inventory";
import { type ExtensionEdits, extendNetwork, type NetworkExtension, PROPOSAL_LOGSTORE, PROPOSAL_PROJECT } from "../model/network-extension";
import { buildRecordRows, type RecordRows, STATUS_NODATA, STATUS_OK, STATUS_SKIPDATA } from "../model/record-rows";
import { type Text, text } from "../model/text";
import { type ChunkBuilder, EntryChunker } from "../storage/chunk-builder";
import type { ControlPlane } from "../storage/control-plane";
import type { Import, LogstoreAccess } from "../storage/logstore";
import { rowsIntoChunks } from "../storage/row-chunks";
import type { CaptureOrigin } from "../storage/schema";
import type { StoredCount, UnattributedTraffic } from "./api";

const IN_FLIGHT = 2;

/** A capture's flows, as typed columns, and the engine windows whose flow table was full. */
export interface CaptureFlows {
  result: ImportResult;
  flows: FlowColumns;
  tableFull: { window: number; flows: number }[];
  /** The file the flows came from, kept with its imports (the viewer's, not the CLI's). */
  origin?: CaptureOrigin;
}

/**
 * The captures' flows in 60-s engine windows (every flow log's window is a multiple): the
 * one way in for the viewer's worker and the CLI. `wrap` makes the batch callback callable
 * where the engine runs in another worker (comlink's proxy, for the CLI).
 */
export async function captureFlows(
  engine: EngineApi,
  sources: SourceSpec[],
  o: Omit<ImportOptions, "windowSeconds">,
  onProgress?: (p: Progress) => void,
  wrap: <T extends object>(f: T) => T = (f) => f,
): Promise<CaptureFlows> {
  const flows = new FlowColumns();
  const tableFull: CaptureFlows["tableFull"] = [];
  // A batch is taken into columns after the engine is told to go on, so that where the engine
  // runs in another worker (the CLI) it parses the next window meanwhile (waiting for each
  // batch's columns made `flowlens records` wait ~0.5 s for 534 k flows); at most
  // IN_FLIGHT batches wait, so memory stays bounded when the columns are the slower side.
  let taken: Promise<void> = Promise.resolve();
  let waiting = 0;
  const result = await engine.importCaptures(
    sources,
    { ...o, windowSeconds: 60 },
    wrap((b: WindowBatch) => {
      waiting++;
      taken = taken.then(async () => {
        // A task later, not a microtask: comlink posts its reply a few microtasks on.
        await new Promise((next) => setTimeout(next, 0));
        flows.addEngineBatch(b.records, b.count, b.window);
        if (b.skipped.packets) tableFull.push({ window: b.window, flows: b.skipped.flows });
        waiting--;
      });
      return waiting > IN_FLIGHT ? taken : undefined;
    }),
    onProgress && wrap(onProgress),
  );
  await taken;
  return { result, flows, tableFull };
}

/** The records of a capture's flows under the flow logs: rows for the VPC, VSwitch and ENI flow logs, entries for the CCN ones. */
export function captureRecords(c: CaptureFlows, flowLogs: FlowLog[], inventory: Inventory): { rows: RecordRows; ccn: CcnEntry[] } {
  const rows = buildRecordRows(c.flows, flowLogs, inventory, { tableFull: c.tableFull });
  return { rows, ccn: flowLogs.filter((f) => f.resourceType === "CCN").flatMap((f) => buildCcnRecords(c.flows, f, inventory)) };
}

/** Records of the Active flow logs (CCN ones too), each logstore's stored as one import, written a chunk at a time. */
export async function storeCaptureRecords(
  cp: ControlPlane,
  ls: LogstoreAccess,
  c: CaptureFlows,
  source: string,
  mapping: InterfaceMapping[] = [],
) {
  const inventory = withMappedInterfaces(await cp.inventory(), c.flows, mapping);
  const flowLogs = await cp.flowLogs();
  const { rows, ccn } = captureRecords(c, flowLogs, inventory);
  // Logstores by their flow logs, in the order their first flow log comes.
  const storeIds = new Map<string, number>();
  const stores: { project: string; logstore: string }[] = [];
  const storeFor = (f: FlowLog) => {
    const key = `${f.project}\u0000${f.logstore}`;
    let s = storeIds.get(key);
    if (s === undefined) {
      s = stores.length;
      storeIds.set(key, s);
      stores.push({ project: f.project, logstore: f.logstore });
    }
    return s;
  };
  const storeOf = rows.flowLogs.map(storeFor);
  const ccnStore = new Map(flowLogs.filter((f) => f.resourceType === "CCN").map((f) => [f.id, storeFor(f)]));
  // One import per logstore, committed together: a capture is in all of them or in none.
  const imps: (Import | undefined)[] = [];
  const write = async (s: number, b: ChunkBuilder) => {
    imps[s] ??= await ls.beginImport(
      stores[s].project,
      stores[s].logstore,
      source,
      c.result.ok ? c.result.files[0]?.contentHash : undefined,
      c.origin,
    );
    await imps[s]!.addChunk(b);
  };
  // One pass over the records: the order of each logstore's first record (the listing's
  // order), and its records by status (CCN records are all OK).
  const first: number[] = [],
    seen = new Uint8Array(stores.length);
  const statuses = stores.map(() => ({ ok: 0, nodata: 0, skipdata: 0 }));
  const count = (s: number, status: number) => {
    if (!seen[s]) {
      seen[s] = 1;
      first.push(s);
    }
    const st = statuses[s];
    if (status === STATUS_NODATA) st.nodata++;
    else if (status === STATUS_SKIPDATA) st.skipdata++;
    else st.ok++;
  };
  for (const r of rows.order) count(storeOf[rows.rows.cover[r]], rows.rows.status[r]);
  const ccnOf = new Map<number, CcnEntry[]>();
  for (const e of ccn) {
    const s = ccnStore.get(e.flowLogId)!;
    count(s, STATUS_OK);
    const list = ccnOf.get(s);
    if (list) list.push(e);
    else ccnOf.set(s, [e]);
  }
  try {
    await rowsIntoChunks(rows, (cover) => storeOf[cover], write);
    // CCN records, few beside the rest (cross-region flows only), cut into each logstore's own chunks.
    for (const [s, list] of ccnOf) {
      const chunker = new EntryChunker();
      for (const b of chunker.add(list.map(ccnLogEntry))) await write(s, b);
      const rest = chunker.rest();
      if (rest) await write(s, rest);
    }
  } catch (e) {
    for (const imp of imps) await imp?.abort().catch(() => {});
    throw e;
  }
  const unattributed = unattributedSummary(rows.unattributed);
  const outcomes = first.map((s) => ({ ...statuses[s], unattributedPackets: unattributed.packets, unattributedBytes: unattributed.bytes }));
  const committed = await ls.commitImports(
    first.map((s) => imps[s]!),
    outcomes,
  );
  const stored: StoredCount[] = committed.map((c, k) => ({ ...c, ...statuses[first[k]] }));
  return { stored, records: rows.order.length + ccn.length, unattributed, excluded: rows.excluded };
}

/** The traffic no covered ENI saw: totals, and the pairs that carried the most bytes. */
export function unattributedSummary(pairs: RecordRows["unattributed"], top = 5): UnattributedTraffic {
  let packets = 0,
    bytes = 0;
  for (const p of pairs) {
    packets += p.packets;
    bytes += p.bytes;
  }
  return { pairs: pairs.length, packets, bytes, top: [...pairs].sort((a, b) => b.bytes - a.bytes).slice(0, top) };
}

/** What the network needs so that the capture's private endpoints are covered ENIs (model/network-extension.ts), or null. */
export async function proposeFor(
  cp: ControlPlane,
  flows: FlowColumns,
  edits: ExtensionEdits = {},
  say?: (t: Text) => string,
): Promise<NetworkExtension | null> {
  const [inventory, flowLogs, quota] = await Promise.all([cp.inventory(), cp.flowLogs(), cp.flowLogQuota()]);
  return extendForCapture(inventory, flowLogs, flows, quota, edits, say);
}

/** The extension a capture's flows need (the viewer's and the CLI's), with `edits.interfaces` mapped to their ENIs. */
export function extendForCapture(
  inventory: Inventory,
  flowLogs: FlowLog[],
  flows: FlowColumns,
  quota: number,
  edits: ExtensionEdits = {},
  say?: (t: Text) => string,
): NetworkExtension | null {
  // The hosts of mapped interfaces are their ENIs' for this import: they need no ENI of their
  // own, only a flow log over that ENI; the network written keeps the ENIs' own addresses.
  const mapping = edits.interfaces ?? [];
  const x = extendNetwork(withMappedInterfaces(inventory, flows, mapping), flowLogs, flows.addresses.texts, quota, edits, say);
  if (x && mapping.length) {
    const own = new Map(inventory.enis.map((e) => [e.id, e.ips]));
    x.inventory = {
      ...x.inventory,
      enis: x.inventory.enis.map((e) => (own.has(e.id) && own.get(e.id) !== e.ips ? { ...e, ips: own.get(e.id)! } : e)),
    };
  }
  return x;
}

/** The network for one import with the mapped interfaces' hosts on their ENIs; refused when a mapped ENI does not exist. */
export function withMappedInterfaces(inventory: Inventory, flows: FlowColumns, mapping: InterfaceMapping[]): Inventory {
  const missing = mapping.find((m) => !inventory.enis.some((e) => e.id === m.eniId));
  if (missing) throw new FlowLensError("no-eni", text("no_eni", missing.index, missing.eniId));
  return withInterfaceAliases(
    inventory,
    mapping,
    interfaceHosts(
      flows,
      mapping.map((m) => m.index),
    ),
  );
}

/**
 * Writes an accepted proposal in one transaction: the network, the project and logstore it
 * needs, and its flow logs — each checked against the state it would leave, so a refusal
 * or a failed write leaves the store as it was.
 */
export async function applyProposal(
  cp: ControlPlane,
  p: { inventory: Inventory; flowLogs: FlowLogInput[] },
  edits: ExtensionEdits = {},
): Promise<FlowLog[]> {
  const project = edits.project || PROPOSAL_PROJECT,
    logstore = edits.logstore || PROPOSAL_LOGSTORE;
  return cp.applyNetworkChange({
    inventory: p.inventory,
    flowLogs: p.flowLogs,
    project: { name: project, description: "captures imported with a proposed network" },
    logstore: { project, name: logstore, retentionDays: 30 },
  });
}
