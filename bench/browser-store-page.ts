// Benchmark page: the logstore on the browser's own IndexedDB (npm run bench opens it in
// headless Chromium). Stores generated records and reads a first page back.

import type { FlowLogEntry } from "../src/model/records";
import { parseQuery } from "../src/query/parse";
import { EntryChunker } from "../src/storage/chunk-builder";
import { createControlPlane } from "../src/storage/control-plane";
import { createLogstoreAccess } from "../src/storage/logstore";
import { openFlowLensDb } from "../src/storage/schema";
import { collectResult, readRows } from "../src/workspace/result-set";

const W = 1_700_000_400;
const entry = (i: number): FlowLogEntry => ({
  flowLogId: "fl-bench",
  window: W + 600 * (i % 6),
  version: "2",
  "account-id": "1234",
  "interface-id": `eni-${i % 500}`,
  "vpc-id": "vpc-b",
  "subnet-id": "vsw-b",
  "instance-id": null,
  srcaddr: `10.0.${(i >> 8) & 255}.${i & 255}`,
  dstaddr: "10.1.0.5",
  srcport: 1024 + (i % 60000),
  dstport: 443,
  protocol: 6,
  direction: i & 1 ? "in" : "out",
  packets: 1 + (i % 9),
  bytes: 600 * (1 + (i % 9)),
  start: W + 600 * (i % 6) + (i % 600),
  end: W + 600 * (i % 6) + (i % 600),
  action: i % 5 ? "ACCEPT" : "REJECT",
  "log-status": "OK",
  "tcp-flags": 24,
  "rule-id": null,
});

async function run(n: number) {
  const db = await openFlowLensDb({ name: `bench-${Date.now()}` });
  const cp = createControlPlane(db);
  await cp.createProject({ name: "bench", description: "" });
  await cp.createLogstore({ project: "bench", name: "flows", retentionDays: 3650 });
  const ls = createLogstoreAccess(db);
  // Chunk columns first (what the capture pipeline hands the logstore), then only their
  // writes are timed: the figure is IndexedDB's, not the entries'.
  const chunker = new EntryChunker();
  const chunks = [...chunker.add(Array.from({ length: n }, (_, i) => entry(i)))];
  const rest = chunker.rest();
  if (rest) chunks.push(rest);
  const t0 = performance.now();
  const imp = await ls.beginImport("bench", "flows");
  for (const b of chunks) await imp.addChunk(b);
  await imp.commit();
  const stored = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  // The viewer's path: the result set of the search, then its first page of rows.
  const set = await collectResult(ls, "bench", "flows", parseQuery(""), { window: W });
  const page = { total: set.total, records: await readRows(ls, set, 0, 100) };
  const firstPage = (performance.now() - t1) / 1000;
  db.close();
  return { n, stored, firstPage, total: page.total };
}

(globalThis as unknown as { benchStore: typeof run }).benchStore = run;
document.body.dataset.ready = "yes";
