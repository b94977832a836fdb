// Issue #4's figures: flows to records, records to the logstore (fake-indexeddb in Node),
// bytes per stored record, and flow-log file import in lines/s and MB/s per format.
import "fake-indexeddb/auto";
import { readFileSync } from "node:fs";
import { createLineScanner } from "../src/formats/line-scanner";
import { importFlowLogColumns, importFlowLogText } from "../src/formats/log-import";
import { type RecordFormat, recordHeader, writeRecord } from "../src/formats/record-writers";
import { FlowColumns } from "../src/model/flow-columns";
import { completeFlowLog } from "../src/model/flow-log";
import { proposeNetwork } from "../src/model/network-extension";
import { buildRecordRows } from "../src/model/record-rows";
import type { FlowInput } from "../src/model/records";
import { rowEntry } from "../src/model/row-entry";
import { parseQuery } from "../src/query/parse";
import { createControlPlane } from "../src/storage/control-plane";
import { createLogstoreAccess } from "../src/storage/logstore";
import { chunkBytes, encodeChunk } from "../src/storage/record-columns";
import { rowsIntoChunks } from "../src/storage/row-chunks";
import { openFlowLensDb } from "../src/storage/schema";
import { collectResult, readRows } from "../src/workspace/result-set";
import { fmt, timed } from "./figures";

export async function benchRecords(flowCount = 200_000): Promise<void> {
  const W = 1_700_000_400;
  const flows: FlowInput[] = Array.from({ length: flowCount }, (_, i) => ({
    window: W + 60 * (i % 10),
    srcaddr: `10.0.${(i >> 8) & 63}.${i & 255}`,
    srcport: 1024 + (i % 60000),
    dstaddr: `10.1.${(i >> 10) & 15}.${(i * 7) & 255}`,
    dstport: [443, 80, 22, 3306][i % 4],
    protocol: 6,
    packets: 1 + (i % 9),
    bytes: 600 * (1 + (i % 9)),
    startUs: (W + 60 * (i % 10) + (i % 60)) * 1e6,
    endUs: (W + 60 * (i % 10) + (i % 60)) * 1e6,
    tcpFlags: 24,
  }));
  const inv = proposeNetwork(flows.flatMap((f) => [f.srcaddr, f.dstaddr]));
  const fls = inv.vpcs.map((v, i) =>
    completeFlowLog(
      { name: `b${i}`, regionId: v.regionId, resourceType: "VPC", resourceId: v.id, project: "p", logstore: "l", windowSeconds: 600 },
      `fl-b${i}`,
      new Date(0),
    ),
  );
  // The capture pipeline's path: flows in columns, records as typed rows (docs/history.md #11).
  const [columns, tColumns] = await timed(() => FlowColumns.of(flows));
  const [rows, tRows] = await timed(() => buildRecordRows(columns, fls, inv));
  console.log(
    `records: ${flowCount} flows -> ${rows.order.length} record rows in ${fmt(tRows, 3)} s ` +
      `(${fmt(rows.order.length / tRows / 1e6)} M records/s, ${inv.enis.length} ENIs; the flows into ` +
      `columns ${fmt(tColumns, 3)} s)`,
  );
  const records = Array.from(rows.order, (r) => rowEntry(rows, r));

  const db = await openFlowLensDb({ name: `bench-${process.pid}` });
  const cp = createControlPlane(db);
  await cp.createProject({ name: "bench", description: "" });
  await cp.createLogstore({ project: "bench", name: "flows", retentionDays: 3650 });
  const ls = createLogstoreAccess(db);
  const [, tStore] = await timed(async () => {
    const imp = await ls.beginImport("bench", "flows");
    await rowsIntoChunks(
      rows,
      () => 0,
      (_, b) => imp.addChunk(b),
    );
    return imp.commit();
  });
  const sample = encodeChunk(records.slice(0, 8192));
  console.log(
    `logstore (fake-indexeddb): ${records.length} record rows into chunks and stored in ` +
      `${fmt(tStore, 3)} s (${fmt(records.length / tStore / 1e3, 0)} k records/s); ` +
      `${fmt(chunkBytes(sample) / sample.count, 1)} bytes per stored record`,
  );
  // The viewer's path: the result set of the search, then its first page of rows.
  const [page, tPage] = await timed(async () => {
    const set = await collectResult(ls, "bench", "flows", parseQuery(""), { window: W });
    return { total: set.total, records: await readRows(ls, set, 0, 100) };
  });
  console.log(`logstore: first page of a window (${page.total} records) in ${fmt(tPage * 1000, 0)} ms`);
  db.close();

  const scanner = await createLineScanner(await WebAssembly.compile(readFileSync(new URL("./lines.wasm", import.meta.url))));
  for (const format of ["tencent", "aws", "alibaba", "alibaba-csv", "ccn"] as RecordFormat[]) {
    const header = recordHeader(format);
    const text =
      (header ? `${header}\n` : "") +
      records
        .slice(0, 200_000)
        .map((r) =>
          writeRecord(
            format === "ccn"
              ? ({ ...r, dstregionid: "ap-shanghai", srcregionid: "ap-guangzhou", ccnid: "ccn-1", "region-id": "ap-guangzhou" } as never)
              : r,
            format,
          ),
        )
        .join("\n") +
      "\n";
    const bytes = new TextEncoder().encode(text);
    let n = 0;
    const [report, t] = await timed(() =>
      importFlowLogText(format, new Blob([bytes]).stream(), () => {
        n++;
      }),
    );
    // Into chunk columns, as the logstore and the CLI's search read a file (docs/history.md #11).
    let stored = 0;
    const [, tc] = await timed(() =>
      importFlowLogColumns(format, new Blob([bytes]).stream(), "file:bench", {
        scanner,
        onChunk: (b) => {
          stored += b.count;
        },
      }),
    );
    console.log(
      `log import ${format.padEnd(11)} ${report.records} lines: to records ${fmt(t, 3)} s ` +
        `(${fmt(n / t / 1e6)} M lines/s, ${fmt(bytes.length / t / 1e6, 0)} MB/s); into columns ${fmt(tc, 3)} ` +
        `s (${fmt(stored / tc / 1e6)} M lines/s, ${fmt(bytes.length / tc / 1e6, 0)} MB/s)` +
        `${report.errorCount ? `, ${report.errorCount} errors` : ""}`,
    );
  }
}

/** The same store on Chromium's own IndexedDB, when Chromium is installed. */
export async function benchBrowserStore(n = 400_000): Promise<void> {
  const { CHROMIUM, openTestPage } = await import("../test/e2e/browser");
  if (!CHROMIUM) {
    console.log("logstore (Chromium IndexedDB): Chromium not installed — no figure");
    return;
  }
  const opened = await openTestPage(new URL("../../bench/browser-store-page.ts", import.meta.url));
  try {
    const r = await opened.page.evaluate(
      (count) =>
        (
          globalThis as unknown as { benchStore(n: number): Promise<{ n: number; stored: number; firstPage: number; total: number }> }
        ).benchStore(count),
      n,
    );
    console.log(
      `logstore (Chromium IndexedDB): ${r.n} records stored in ${fmt(r.stored, 3)} s ` +
        `(${fmt(r.n / r.stored / 1e3, 0)} k records/s); first page of a window (${r.total} records) in ` +
        `${fmt(r.firstPage * 1000, 0)} ms`,
    );
  } finally {
    await opened.close();
  }
}
