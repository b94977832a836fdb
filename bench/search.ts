// Issue #5's figures: a logstore of N generated records (default 10,000,000) in Node, over
// the same code the worker runs: time to the first page of a selective search, a full
// scan, each analysis, and memory. Targets: full scan < 1 s, first page < 100 ms,
// every analysis < 2 s.
import "fake-indexeddb/auto";
import type { FlowLogEntry } from "../src/model/records";
import { ANALYSES, runAnalysis } from "../src/query/analyses";
import { search } from "../src/query/execute";
import { parseQuery } from "../src/query/parse";
import { createControlPlane } from "../src/storage/control-plane";
import { createLogstoreAccess } from "../src/storage/logstore";
import { CHUNK_RECORDS } from "../src/storage/record-columns";
import { openFlowLensDb } from "../src/storage/schema";
import { collectResult, readRows } from "../src/workspace/result-set";
import { sortResult } from "../src/workspace/result-sort";
import { fmt, timed } from "./figures";

const W = 1_700_000_400;

function entry(i: number): FlowLogEntry {
  const w = W + 600 * Math.floor(i / 200_000);
  return {
    flowLogId: "fl-bench",
    window: w,
    version: "2",
    "account-id": "1234",
    "interface-id": `eni-${i % 2000}`,
    "vpc-id": "vpc-b",
    "subnet-id": `vsw-${i % 50}`,
    "instance-id": null,
    srcaddr: i % 97 === 0 ? `198.51.100.${i % 255}` : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    dstaddr: `10.200.${(i >> 4) & 255}.${i & 15}`,
    srcport: 1024 + (i % 60000),
    dstport: [443, 80, 22, 3306, 53, 3389][i % 6],
    protocol: i % 6 === 4 ? 17 : 6,
    direction: i & 1 ? "in" : "out",
    packets: 1 + (i % 50),
    bytes: 64 * (1 + (i % 50)),
    start: w + (i % 600),
    end: w + (i % 600),
    action: i % 13 ? "ACCEPT" : "REJECT",
    "log-status": "OK",
    "tcp-flags": 24,
    "rule-id": i % 13 ? null : "sg-b/default-inbound",
  };
}

export async function benchSearch(n = Number(process.env.FLOWLENS_BENCH_RECORDS ?? 10_000_000)): Promise<void> {
  const db = await openFlowLensDb({ name: `bench-search-${process.pid}` });
  const cp = createControlPlane(db);
  await cp.createProject({ name: "bench", description: "" });
  await cp.createLogstore({ project: "bench", name: "flows", retentionDays: 3650 });
  // A cache large enough for the whole logstore shows the warm figures (a setting; the
  // worker's default is 256 MiB).
  const ls = createLogstoreAccess(db, Date.now, { cacheBytes: 3 * 2 ** 30 });
  const [, tStore] = await timed(async () => {
    const imp = await ls.beginImport("bench", "flows");
    for (let at = 0; at < n; at += CHUNK_RECORDS)
      await imp.add(Array.from({ length: Math.min(CHUNK_RECORDS, n - at) }, (_, k) => entry(at + k)));
    return imp.commit();
  });
  console.log(`search: ${n} records stored in ${fmt(tStore, 1)} s; RSS ${fmt(process.memoryUsage().rss / 2 ** 20, 0)} MiB`);
  const range = {};
  // The viewer's way, cold: a logstore access of its own (no column cache), as after a reload.
  const cold = createLogstoreAccess(db, Date.now, { cacheBytes: 0 });
  const [coldSet, tCold] = await timed(async () => {
    const set = await collectResult(cold, "bench", "flows", parseQuery("action: REJECT and dstport: 22"), range);
    await readRows(cold, set, 0, 100);
    return set;
  });
  console.log(
    `search: first page of a selective search the viewer's way, cold (its result set of ${coldSet.total} matches read from ` +
      `IndexedDB, then 100 rows) in ${fmt(tCold * 1000, 0)} ms (target 100 ms: ${fmt(tCold / 0.1)}x)`,
  );
  let firstAt = 0;
  const t0 = process.hrtime.bigint();
  const [sel] = await timed(() =>
    search(ls, "bench", "flows", parseQuery("action: REJECT and dstport: 22"), range, {
      limit: 100,
      onFirstPage: () => {
        firstAt = Number(process.hrtime.bigint() - t0) / 1e9;
      },
    }),
  );
  console.log(
    `search: first page of a selective search the CLI's streaming way, cold (every chunk read from IndexedDB; action: REJECT and ` +
      `dstport: 22) in ${fmt(firstAt * 1000, 0)} ms (target 100 ms: ${fmt(firstAt / 0.1)}x); ${sel.total} matches`,
  );
  // The search above read every chunk, so these run on columns held in memory.
  for (const pass of ["warm", "warm again"]) {
    const [full, tFull] = await timed(() => search(ls, "bench", "flows", parseQuery("bytes > 100000000"), range, { limit: 100 }));
    console.log(`search: full scan, ${pass} (bytes > 100000000, ${full.total} matches) in ${fmt(tFull, 3)} s (target 1 s: ${fmt(tFull)}x)`);
  }
  let warmFirst = 0;
  const t1 = process.hrtime.bigint();
  await search(ls, "bench", "flows", parseQuery("action: REJECT and dstport: 22"), range, {
    limit: 100,
    onFirstPage: () => {
      warmFirst = Number(process.hrtime.bigint() - t1) / 1e9;
    },
  });
  console.log(
    `search: first page of the selective search (the CLI's streaming way), warm, in ${fmt(warmFirst * 1000, 0)} ms ` +
      `(target 100 ms: ${fmt(warmFirst / 0.1)}x)`,
  );
  // The viewer's way: the Records page opens the search's whole result set, then reads its first page.
  const [viewerSet, tViewer] = await timed(async () => {
    const set = await collectResult(ls, "bench", "flows", parseQuery("action: REJECT and dstport: 22"), range);
    await readRows(ls, set, 0, 100);
    return set;
  });
  console.log(
    `search: first page of the selective search the viewer's way (its result set of ${viewerSet.total} matches, then 100 rows), ` +
      `warm, in ${fmt(tViewer * 1000, 0)} ms (target 100 ms: ${fmt(tViewer / 0.1)}x)`,
  );
  // What the Records page holds for scrolling: every match, in browsing order, as references.
  const [all, tAll] = await timed(() => collectResult(ls, "bench", "flows", parseQuery(""), range));
  const [rows, tRows] = await timed(() => readRows(ls, all, Math.floor(all.total / 2), 100));
  console.log(
    `search: result set of every record in browsing order (the Records table) in ${fmt(tAll, 3)} s, ` +
      `${fmt(all.refs.byteLength / 2 ** 20, 0)} MiB; 100 rows from its middle in ${fmt(tRows * 1000, 1)} ` +
      `ms (${rows.length})`,
  );
  // The Records grid sorted by a header, over every match: a number column, and addresses (ranked as text values).
  for (const column of ["bytes", "srcaddr"]) {
    const [sorted, tSort] = await timed(() => sortResult(ls, all, column, true));
    console.log(
      `search: every record (${all.total}) sorted by ${column}, descending, in ${fmt(tSort, 3)} s ` +
        `(${fmt((sorted?.length ?? 0) / tSort / 1e6, 2)} M records/s)`,
    );
  }
  for (const name of Object.keys(ANALYSES)) {
    const [res, t] = await timed(() =>
      runAnalysis(ls, "bench", "flows", name, parseQuery(""), "", range, { address: "10.200.1.2", threatList: ["198.51.100.0/24"] }),
    );
    console.log(`analysis ${name.padEnd(25)} ${fmt(t, 3)} s (target 2 s: ${fmt(t / 2)}x), ${res.rows.length} rows`);
  }
  console.log(`search: peak RSS ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MiB`);
  db.close();
}
