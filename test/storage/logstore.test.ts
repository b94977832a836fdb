// The logstore (docs/history.md #4): columnar chunks, atomic imports, retention, browsing.
import { describe, expect, it } from "vitest";
import type { FlowLogEntry } from "../../src/model/records";
import { browse } from "../../src/query/newest-matches";
import { createLogstoreAccess, STALE_MS } from "../../src/storage/logstore";
import { CHUNK_RECORDS, decodeRecord, encodeChunk } from "../../src/storage/record-columns";
import { freshPlane, seed } from "./fixture";

const W = 1_700_000_400;
const entry = (i: number, o: Partial<FlowLogEntry> = {}): FlowLogEntry => ({
  flowLogId: "fl-1",
  window: W + 600 * Math.floor(i / 10000),
  version: "2",
  "account-id": "1234567890",
  "interface-id": i % 2 ? "eni-a" : "eni-b",
  "vpc-id": "vpc-main",
  "subnet-id": "vsw-web",
  "instance-id": i % 3 ? "i-web1" : null,
  srcaddr: `10.0.${(i >> 8) & 255}.${i & 255}`,
  dstaddr: "10.0.1.5",
  srcport: 1024 + (i % 50000),
  dstport: 443,
  protocol: 6,
  direction: i % 2 ? "in" : "out",
  packets: 1 + (i % 7),
  bytes: 60 * (1 + (i % 7)),
  start: W + 600 * Math.floor(i / 10000) + (i % 600),
  end: W + 600 * Math.floor(i / 10000) + (i % 600),
  action: i % 5 ? "ACCEPT" : "REJECT",
  "log-status": "OK",
  "tcp-flags": i % 64,
  "rule-id": i % 5 ? null : "sg-web/r1",
  ...o,
});

async function setup() {
  let clock = Date.UTC(2023, 10, 15);
  const { cp, db } = await freshPlane();
  await seed(cp);
  return { cp, db, ls: createLogstoreAccess(db, () => clock), tick: (ms: number) => (clock += ms) };
}

describe("columnar chunks", () => {
  it("give back every field, nulls and SKIPDATA counts included", () => {
    const list = [
      entry(1),
      entry(2),
      {
        ...entry(3),
        srcaddr: null,
        dstaddr: null,
        srcport: null,
        dstport: null,
        protocol: null,
        direction: null,
        packets: null,
        bytes: null,
        action: null,
        "log-status": "NODATA" as const,
        "tcp-flags": null,
        "rule-id": null,
      },
      { ...entry(4), "log-status": "SKIPDATA" as const, skipped: 12 },
    ];
    const c = encodeChunk(list);
    expect(list.map((_, i) => decodeRecord(c, i))).toEqual(list);
    expect(c.dict.length).toBeLessThan(20);
  });
});

describe("the logstore", () => {
  it("stores an import across chunks and pages through it newest first", async () => {
    const { ls } = await setup();
    const list = Array.from({ length: 20001 }, (_, i) => entry(i));
    const imp = await ls.beginImport("flowlens-demo", "vpc-flowlog");
    await imp.add(list);
    expect(await imp.commit()).toEqual({ records: 20001, chunks: 3 });
    expect(CHUNK_RECORDS).toBe(8192);
    const page = await browse(ls, "flowlens-demo", "vpc-flowlog", {}, { offset: 0, limit: 3 });
    expect(page.total).toBe(20001);
    const newestFirst = [...list].sort((a, b) => b.window - a.window || b.start - a.start);
    expect(page.records).toEqual(newestFirst.slice(0, 3));
    expect(page.records.map((r) => [r.window - W, r.start - W])).toEqual([
      [1200, 1400],
      [600, 1199],
      [600, 1199],
    ]);
    expect((await browse(ls, "flowlens-demo", "vpc-flowlog", {}, { offset: 19998, limit: 5 })).records).toEqual(newestFirst.slice(19998));
    const all = await browse(ls, "flowlens-demo", "vpc-flowlog", {}, { limit: 30000 });
    const key = (r: FlowLogEntry) => `${r.srcaddr}|${r.srcport}|${r.window}|${r.direction}`;
    expect(all.records.map(key).sort()).toEqual(list.map(key).sort());
  });

  it("selects by window and by time range", async () => {
    const { ls } = await setup();
    const imp = await ls.beginImport("flowlens-demo", "vpc-flowlog");
    await imp.add(Array.from({ length: 25000 }, (_, i) => entry(i)));
    await imp.commit();
    expect((await browse(ls, "flowlens-demo", "vpc-flowlog", { window: W + 600 })).total).toBe(10000);
    const list = Array.from({ length: 25000 }, (_, i) => entry(i));
    const expected = list.filter((r) => r.end >= W + 1300 && r.start <= W + 1399).length;
    expect(expected).toBe(800);
    expect((await browse(ls, "flowlens-demo", "vpc-flowlog", { from: W + 1300, to: W + 1399 })).total).toBe(expected);
    expect((await ls.windows("flowlens-demo", "vpc-flowlog")).map((w) => [w.window, w.records, w.reject])).toEqual([
      [W + 1200, 5000, 1000],
      [W + 600, 10000, 2000],
      [W, 10000, 2000],
    ]);
  });

  it("shows nothing of an import until it commits, and removes one left half-written", async () => {
    const { ls, db, tick } = await setup();
    const imp = await ls.beginImport("flowlens-demo", "vpc-flowlog");
    await imp.add(Array.from({ length: 9000 }, (_, i) => entry(i))); // one chunk already written
    expect(await db.count("recordChunks")).toBe(1);
    expect((await browse(ls, "flowlens-demo", "vpc-flowlog", {})).total).toBe(0);
    // The tab closes here. At the next open, a fresh import is left alone...
    expect(await ls.cleanUp()).toEqual({ removedImports: 0, expiredChunks: 0 });
    tick(STALE_MS + 1);
    // ...and a stale one is removed with its chunks.
    expect(await ls.cleanUp()).toEqual({ removedImports: 1, expiredChunks: 0 });
    expect(await db.count("recordChunks")).toBe(0);
    expect(await db.count("chunkSummaries")).toBe(0);
    expect(await db.count("imports")).toBe(0);
  });

  it("abort leaves no trace", async () => {
    const { ls, db } = await setup();
    const imp = await ls.beginImport("flowlens-demo", "vpc-flowlog");
    await imp.add(Array.from({ length: 9000 }, (_, i) => entry(i)));
    await imp.abort();
    expect([await db.count("recordChunks"), await db.count("chunkSummaries"), await db.count("imports")]).toEqual([0, 0, 0]);
  });

  it("drops imports older than the logstore's retention, aged from when they were imported", async () => {
    const { ls, tick } = await setup();
    const imp = await ls.beginImport("flowlens-demo", "vpc-flowlog");
    await imp.add(Array.from({ length: 100 }, (_, i) => entry(i)));
    await imp.commit();
    tick(29 * 86400_000);
    expect((await ls.cleanUp()).expiredChunks).toBe(0);
    tick(2 * 86400_000); // 31 days after, past the 30-day retention
    expect((await ls.cleanUp()).expiredChunks).toBe(1);
    expect((await browse(ls, "flowlens-demo", "vpc-flowlog", {})).total).toBe(0);
  });

  it("refuses an import into a logstore that does not exist", async () => {
    const { ls } = await setup();
    await expect(ls.beginImport("flowlens-demo", "nope")).rejects.toThrow("logstore flowlens-demo/nope does not exist");
  });
});

describe("flow-log files into a logstore", () => {
  it("stores every line that parses, as one import, and reports the others", async () => {
    const { ls } = await setup();
    const { importLogFile } = await import("../../src/storage/log-file-import");
    const text =
      "2 1251762227 eni-lq6mkcis 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1700000010 1700000070 " +
      "ACCEPT OK\nbroken line\n2 1251762227 eni-lq6mkcis - - - - - - - 1700000010 1700000070 - NODATA\n";
    const r = await importLogFile(ls, "flowlens-demo", "vpc-flowlog", "flows.log", new Blob([text]).stream());
    expect(r).toMatchObject({
      stored: 2,
      records: 2,
      errorCount: 1,
      errors: [{ file: "flows.log", line: 2, reason: "2 fields where the format has 14" }],
    });
    const page = await browse(ls, "flowlens-demo", "vpc-flowlog", {});
    expect(page.records.map((x) => [x["interface-id"], x.window, x.packets, x["log-status"]])).toEqual([
      ["eni-lq6mkcis", 1700000010, 20, "OK"],
      ["eni-lq6mkcis", 1700000010, null, "NODATA"],
    ]);
  });

  it("leaves no trace of a file that is no flow log", async () => {
    const { ls, db } = await setup();
    const { importLogFile } = await import("../../src/storage/log-file-import");
    await expect(importLogFile(ls, "flowlens-demo", "vpc-flowlog", "notes.txt", new Blob(["hello there\n"]).stream())).rejects.toThrow(
      "notes.txt: line 1: not a flow-log file",
    );
    expect([await db.count("imports"), await db.count("recordChunks")]).toEqual([0, 0]);
  });

  it("runs retention after each import and when the logstores are opened", async () => {
    const { ls, db, tick } = await setup();
    const { openLogstores } = await import("../../src/storage/logstore");
    const imp = await ls.beginImport("flowlens-demo", "vpc-flowlog");
    await imp.add([entry(1)]);
    await imp.commit();
    tick(31 * 86400_000);
    const imp2 = await ls.beginImport("flowlens-demo", "vpc-flowlog");
    await imp2.add([entry(2, { window: W + 31 * 86400, start: W + 31 * 86400, end: W + 31 * 86400 })]);
    await imp2.commit();
    expect((await browse(ls, "flowlens-demo", "vpc-flowlog", {})).total).toBe(1);
    tick(31 * 86400_000);
    let clock = Date.UTC(2023, 10, 15) + 62 * 86400_000;
    await openLogstores(db, () => clock);
    expect(await db.count("recordChunks")).toBe(0);
    clock++;
  });
});

describe("the column cache", () => {
  it("serves repeated reads from memory, and never a deleted or replaced chunk", async () => {
    const { db } = await setup();
    const ls = createLogstoreAccess(db, () => Date.UTC(2023, 10, 15), { cacheBytes: 64 * 2 ** 20 });
    const first = await ls.beginImport("flowlens-demo", "vpc-flowlog");
    await first.add([entry(1)]);
    await first.commit();
    expect((await browse(ls, "flowlens-demo", "vpc-flowlog", {})).records[0].srcport).toBe(entry(1).srcport);
    await browse(ls, "flowlens-demo", "vpc-flowlog", {}); // from the cache now
    await first.abort(); // removes the import: chunk 0 is gone
    expect((await browse(ls, "flowlens-demo", "vpc-flowlog", {})).total).toBe(0);
    const second = await ls.beginImport("flowlens-demo", "vpc-flowlog");
    await second.add([entry(7)]); // reuses chunk number 0
    await second.commit();
    expect((await browse(ls, "flowlens-demo", "vpc-flowlog", {})).records.map((r) => r.srcport)).toEqual([entry(7).srcport]);
  });
});
