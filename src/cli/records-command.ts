// flowlens records <capture-or-log...> [--inventory INV.json] [--flowlog FLOWLOG.json]
//                  [--format tencent|aws|alibaba|alibaba-csv|ccn|jsonl] [--window 60|300|600]
// Captures become the records a cloud would write for them (engine -> attribution ->
// security groups and ACLs); flow-log files are read and written again in the format asked.
import { open, readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { createReadStream } from "node:fs";
import { proxy } from "comlink";
import type { WindowBatch } from "../engine/driver";
import { readFlows } from "../engine/flow-record";
import { startNodeEngine } from "../engine/node-client";
import { completeFlowLog, type FlowLog, type FlowLogInput } from "../model/flow-log";
import { readDocument } from "../model/inventory-document";
import type { Inventory } from "../model/inventory";
import { proposeInventory, PROPOSAL_REGION } from "../model/inventory-proposal";
import { buildRecords, type FlowInput } from "../model/records";
import { buildCcnRecords } from "../model/ccn-records";
import { importFlowLogText } from "../formats/log-import";
import { RECORD_FORMATS, recordHeader, writeRecord, type RecordFormat } from "../formats/record-writers";

export const RECORDS_USAGE = `usage: flowlens records <capture-or-log...> [--inventory INV.json] [--flowlog FLOWLOG.json]
                       [--format tencent|aws|alibaba|alibaba-csv|ccn|jsonl] [--window 60|300|600]
  Without --inventory, a network is proposed from the private addresses seen (and said so).
  Without --flowlog, one flow log per VPC of the inventory, capturing all traffic.`;

export class RecordsCommandError extends Error {}

interface Args { files: string[]; inventory?: string; flowlog?: string; format: RecordFormat; window: 60 | 300 | 600 }

function parse(argv: string[]): Args {
  const a: Args = { files: [], format: "aws", window: 600 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => { if (i + 1 >= argv.length) throw new RecordsCommandError(`${arg} needs a value`); return argv[++i]; };
    if (arg === "--inventory") a.inventory = value();
    else if (arg === "--flowlog") a.flowlog = value();
    else if (arg === "--format") {
      const f = value() as RecordFormat;
      if (!RECORD_FORMATS.includes(f)) throw new RecordsCommandError(`--format takes ${RECORD_FORMATS.join(", ")}, not ${f}`);
      a.format = f;
    } else if (arg === "--window") {
      const w = Number(value());
      if (w !== 60 && w !== 300 && w !== 600) throw new RecordsCommandError("--window takes 60, 300 or 600 (seconds)");
      a.window = w;
    } else if (arg.startsWith("-")) throw new RecordsCommandError(`unknown option ${arg}`);
    else a.files.push(arg);
  }
  if (!a.files.length) throw new RecordsCommandError("no capture or flow-log file given");
  return a;
}

const CAPTURE_MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0xa1b2cd34, 0x34cdb2a1, 0x0a0d0d0a]);

/** Whether a file (gzip or not) starts like a pcap or pcapng capture. */
async function isCapture(path: string): Promise<boolean> {
  const f = await open(path, "r").catch((e) => { throw new RecordsCommandError(`${path}: cannot open: ${e.message}`); });
  const head = new Uint8Array(65536);
  const { bytesRead } = await f.read(head, 0, head.length, 0);
  await f.close();
  let bytes: Uint8Array = head.subarray(0, bytesRead);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const r = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>).getReader();
    const chunk = await r.read().catch(() => ({ value: undefined }));
    bytes = chunk.value ?? new Uint8Array(0);
  }
  return bytes.length >= 4 && CAPTURE_MAGICS.has(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true));
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, "utf8").catch((e) => { throw new RecordsCommandError(`${path}: cannot read: ${e.message}`); });
  try { return JSON.parse(text); } catch (e) { throw new RecordsCommandError(`${path}: not JSON: ${(e as Error).message}`); }
}

function flowLogsFor(inv: Inventory, given: unknown, a: Args): FlowLog[] {
  const now = new Date(0);
  if (given === undefined)
    return inv.vpcs.map((v, i) => completeFlowLog({ name: `all-${i}`, regionId: v.regionId, resourceType: "VPC", resourceId: v.id, project: "cli", logstore: "cli", windowSeconds: a.window, format: a.format === "tencent" ? "tencent" : "aws" }, `fl-cli-${i}`, now));
  const list = (Array.isArray(given) ? given : [given]) as (FlowLogInput & { id?: string; status?: FlowLog["status"] })[];
  return list.map((f, i) => {
    const kinds = { NetworkInterface: inv.enis, VSwitch: inv.vswitches, VPC: inv.vpcs, CCN: inv.ccns } as Record<string, { id: string }[]>;
    if (!kinds[f.resourceType]?.some((e) => e.id === f.resourceId)) throw new RecordsCommandError(`flow log ${i}: ${f.resourceType} ${f.resourceId} is not in the inventory`);
    const input: FlowLogInput = Object.assign({ name: `flowlog-${i}`, regionId: PROPOSAL_REGION, project: "cli", logstore: "cli" }, f);
    return { ...completeFlowLog(input, f.id ?? `fl-cli-${i}`, now), status: f.status ?? "Active" };
  });
}

export async function runRecords(argv: string[], out: (s: string) => Promise<void> | void, err: (s: string) => void): Promise<number> {
  const a = parse(argv);
  let inventory: Inventory | null = null;
  if (a.inventory) {
    const doc = readDocument(await readJson(a.inventory));
    if (!doc.inventory) throw new RecordsCommandError(`${a.inventory}: ${doc.problems.map((p) => `${p.field}: ${p.en}`).join("; ")}`);
    inventory = doc.inventory;
  }
  const givenFlowLogs = a.flowlog ? await readJson(a.flowlog) : undefined;
  const captures: string[] = [], logs: string[] = [];
  for (const f of a.files) (await isCapture(f) ? captures : logs).push(f);

  const header = recordHeader(a.format);
  if (header) await out(header + "\n");
  for (const file of logs) {
    const report = await importFlowLogText(file, Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>, () => {}, 20);
    const lines: string[] = [];
    await importFlowLogText(file, Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>, (r) => lines.push(a.format === "jsonl" ? JSON.stringify(r) : writeRecord(r as never, a.format)));
    await out(lines.map((l) => l + "\n").join(""));
    err(`${file}: ${report.format}, ${report.records} records${report.errorCount ? `, ${report.errorCount} lines skipped` : ""}\n`);
    for (const e of report.errors) err(`  line ${e.line}: ${e.reason}\n`);
  }
  if (!captures.length) return 0;

  const flows: FlowInput[] = [];
  const tableFull: { window: number; flows: number }[] = [];
  const engine = startNodeEngine(new URL("./worker-node.mjs", import.meta.url));
  try {
    const result = await engine.api.importCaptures(captures.map((path) => ({ path })), { windowSeconds: 60 }, proxy((b: WindowBatch) => {
      for (const f of readFlows(b.records, b.count, b.window)) flows.push(f);
      if (b.skipped.packets) tableFull.push({ window: b.window, flows: b.skipped.flows });
    }));
    if (!result.ok) throw new RecordsCommandError(result.error.message);
  } finally {
    engine.terminate();
  }
  if (!inventory) {
    inventory = proposeInventory(flows.flatMap((f) => [f.srcaddr, f.dstaddr]));
    err(`no inventory given: proposed ${inventory.vpcs.length} VPC(s) (${inventory.vpcs.map((v) => v.cidrs[0]).join(", ")}), ${inventory.vswitches.length} VSwitch(es), ${inventory.enis.length} ENI(s) from the private addresses seen; save it with --format and edit, or give --inventory\n`);
  }
  const flowLogs = flowLogsFor(inventory, givenFlowLogs, a);
  const { records, unattributed, excluded } = buildRecords(flows, flowLogs, inventory, { tableFull });
  const ccnRecords = flowLogs.filter((f) => f.resourceType === "CCN").flatMap((f) => buildCcnRecords(flows, f, inventory!));
  // Output order: window, first packet, ENI, out before in (NODATA after a window's traffic).
  const text = (a: string | null, b: string | null) => ((a ?? "~") < (b ?? "~") ? -1 : (a ?? "~") > (b ?? "~") ? 1 : 0);
  records.sort((x, y) => x.window - y.window || (x.srcaddr === null ? 1 : 0) - (y.srcaddr === null ? 1 : 0) || x.start - y.start
    || text(x["interface-id"], y["interface-id"]) || text(y.direction, x.direction) || text(x.flowLogId, y.flowLogId));
  await out(records.map((r) => writeRecord(r, a.format) + "\n").join(""));
  await out(ccnRecords.map((r) => (a.format === "jsonl" ? JSON.stringify(r) : writeRecord(r as never, a.format === "alibaba" || a.format === "alibaba-csv" ? a.format : "ccn")) + "\n").join(""));
  const nodata = records.filter((r) => r["log-status"] === "NODATA").length;
  err(`${records.length + ccnRecords.length} records (${nodata} NODATA) for ${flowLogs.length} flow log(s); ${excluded.dhcp + excluded.metadata} packets of DHCP and metadata traffic left out\n`);
  if (unattributed.length && flowLogs.some((f) => f.resourceType !== "CCN")) err(`unattributed (no covered ENI): ${unattributed.slice(0, 5).map((u) => `${u.srcaddr} > ${u.dstaddr} (${u.packets} packets)`).join(", ")}${unattributed.length > 5 ? `, and ${unattributed.length - 5} more pairs` : ""}\n`);
  return 0;
}
