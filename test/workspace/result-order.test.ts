// A result sorted by a column over all its matches (not the page), ties newest first, and
// its histogram and log-status counts, through the workspace as the viewer calls it.
import { beforeEach, describe, expect, it } from "vitest";
import { stableOrder, textOrder } from "../../src/workspace/result-sort";
import { freshWorkspace } from "./workspace-fixture";

const HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
const T0 = 1_700_000_000 - (1_700_000_000 % 3600);
/** 300 records, one every 12 s over an hour: addresses 10.0.0.1..10.0.0.30, bytes descending with k. */
const lines = Array.from({ length: 300 }, (_, k) => {
  const status = k % 50 === 7 ? "NODATA" : "OK";
  const data =
    status === "OK"
      ? `10.0.0.${(k % 30) + 1} 10.0.1.${(k % 7) + 1} ${40000 + k} ${k % 3 ? 443 : 22} 6 ${k + 1} ${10_000 - k}`
      : "- - - - - - -";
  const action = status === "OK" ? (k % 5 ? "ACCEPT" : "REJECT") : "-";
  return `2 123456789010 eni-${k % 4} ${data} ${T0 + k * 12} ${T0 + k * 12 + 10} ${action} ${status}`;
});

let ws: Awaited<ReturnType<typeof freshWorkspace>>["ws"];
let plane: Awaited<ReturnType<typeof freshWorkspace>>["plane"];
const cpOf = () => plane.cp;
beforeEach(async () => {
  const w = await freshWorkspace();
  ws = w.ws;
  plane = w.plane;
  await w.plane.cp.createProject({ name: "lab", description: "" });
  await w.plane.cp.createLogstore({ project: "lab", name: "flows", retentionDays: 30 });
  const r = await ws.importFile(new File([[HEADER, ...lines].join("\n")], "vpc.log"), {
    jobId: "a",
    logTarget: { project: "lab", logstore: "flows" },
  });
  expect(r).toMatchObject({ status: "done" });
});

async function open(q: string) {
  const s = await ws.openSearch("lab", "flows", q, {});
  if (!s.ok) throw new Error("search failed");
  return s;
}

describe("a result's order", () => {
  it("sorts addresses by number over the whole result, ties newest first", async () => {
    const s = await open("log-status: OK");
    expect(s.total).toBe(294);
    expect(await ws.sortSearch(s.id, "srcaddr", false)).toBe(true);
    const all = await ws.rows(s.id, 0, s.total);
    const addrs = all.map((r) => Number(r.srcaddr!.split(".")[3]));
    expect(addrs).toEqual([...addrs].sort((a, b) => a - b));
    expect(addrs[0]).toBe(1);
    expect(addrs.at(-1)).toBe(30);
    // 10.0.0.2 before 10.0.0.10: by number, not as text.
    expect(addrs.indexOf(2)).toBeLessThan(addrs.indexOf(10));
    const ones = all.filter((r) => r.srcaddr === "10.0.0.1").map((r) => r.start);
    expect(ones).toEqual([...ones].sort((a, b) => b - a));
  });

  it("sorts numbers descending and goes back to newest first", async () => {
    const s = await open("");
    const newest = await ws.rows(s.id, 0, 5);
    await ws.sortSearch(s.id, "bytes", true);
    const top = await ws.rows(s.id, 0, 3);
    expect(top.map((r) => r.bytes)).toEqual([10_000, 9_999, 9_998]);
    // The six NODATA records have no bytes: last when descending.
    const last = await ws.rows(s.id, s.total - 7, 7);
    expect(last.map((r) => r.bytes)).toEqual([9_701, null, null, null, null, null, null]);
    expect(await ws.sortSearch(s.id, null, false)).toBe(true);
    expect(await ws.rows(s.id, 0, 5)).toEqual(newest);
    expect(await ws.sortSearch(s.id, "no-such-column", false)).toBe(false);
  });

  it("counts log-statuses and draws the hour as sixty 1-minute buckets", async () => {
    const s = await open("");
    expect(s.statuses).toEqual([294, 6, 0]);
    expect(s.histogram).toMatchObject({ bucket: 60, start: T0 });
    // The Report's bars: the same count, statuses and histogram without a result to page.
    const counted = await ws.openSearch("lab", "flows", "", {}, { countOnly: true });
    expect(counted).toMatchObject({ ok: true, id: "", total: 300, statuses: [294, 6, 0], histogram: s.histogram });
    const h = s.histogram!;
    expect(h.records.reduce((a, b) => a + b, 0)).toBe(300);
    expect(h.records).toHaveLength(60);
    expect(h.records.every((n) => n === 5)).toBe(true);
    expect(h.bytes[0]).toBe([0, 1, 2, 3, 4].reduce((a, k) => a + (k % 50 === 7 ? 0 : 10_000 - k), 0));
    // Every fifth OK record is a REJECT: one a minute, its bytes apart.
    expect(h.rejectRecords.slice(0, 3)).toEqual([1, 1, 1]);
    expect(h.rejectBytes[0]).toBe(10_000);
  });
});

describe("sort keys", () => {
  it("orders text as addresses by family and number, then as text", () => {
    const v = ["b", "10.0.0.10", "::1", "10.0.0.9", "a"].sort((x, y) => (textOrder(x) < textOrder(y) ? -1 : 1));
    expect(v).toEqual(["10.0.0.9", "10.0.0.10", "::1", "a", "b"]);
  });
  it("is stable, by counting for whole keys and by comparison for the rest", () => {
    expect([...stableOrder(Float64Array.from([3, 1, 3, -1, 1]), false)]).toEqual([3, 1, 4, 0, 2]);
    expect([...stableOrder(Float64Array.from([3, 1, 3, -1, 1]), true)]).toEqual([0, 2, 1, 4, 3]);
    expect([...stableOrder(Float64Array.from([2.5, 1e12, 2.5, 0]), false)]).toEqual([3, 0, 2, 1]);
    // Whole keys past the counting range but within 32 bits (IPv4 numbers): the radix path, stable too.
    const wide = Float64Array.from([4_000_000_000, 7, 4_000_000_000, -1, 70_000, 7]);
    expect([...stableOrder(wide, false)]).toEqual([3, 1, 5, 4, 0, 2]);
    expect([...stableOrder(wide, true)]).toEqual([0, 2, 4, 1, 5, 3]);
  });
});

describe("histogram buckets", () => {
  it("never split a capture window, and mark a partial last bucket", async () => {
    const { histogram } = await import("../../src/query/timeline");
    const t = { windows: Uint32Array.from([600, 660, 720]), records: Float64Array.from([1, 2, 3]), bytes: Float64Array.from([10, 20, 30]) };
    expect(histogram(t, 60)).toMatchObject({ bucket: 60, start: 600, records: [1, 2, 3], bytes: [10, 20, 30], partialLast: false });
    expect(histogram(t, 2)).toMatchObject({ bucket: 120, start: 600, records: [3, 3], bytes: [30, 30], partialLast: true });
    const one = { windows: Uint32Array.from([1_700_000_040]), records: Float64Array.from([4]), bytes: Float64Array.from([1]) };
    expect(histogram(one, 60, 60)).toMatchObject({ bucket: 60, start: 1_700_000_040, records: [4] });
    expect(histogram(one)).toMatchObject({ bucket: 60, records: [4] }); // one window alone: the flow-log length it is a multiple of
  });
});

describe("hiding NODATA and SKIPDATA", () => {
  it("leaves them out of the result and still counts them", async () => {
    const s = await ws.openSearch("lab", "flows", "", {}, { okOnly: true });
    if (!s.ok) throw new Error("search failed");
    expect([s.total, s.statuses]).toEqual([294, [294, 6, 0]]);
    expect((await ws.rows(s.id, 0, s.total)).every((r) => r["log-status"] === "OK")).toBe(true);
  });
});

describe("pivots", () => {
  it("find what Filter and Exclude append, quoted IPv6 included", async () => {
    const { pivotQuery } = await import("../../src/ui/models/records-url");
    const v6 = [
      `2 123456789010 eni-6 fd77::2 fd77::1 5353 5353 17 1 80 ${T0} ${T0 + 5} ACCEPT OK`,
      `2 123456789010 eni-6 fd77::1 fd77::2 5353 5353 17 1 80 ${T0} ${T0 + 5} ACCEPT OK`,
    ];
    await ws.importFile(new File([[HEADER, ...v6].join("\n")], "v6.log"), { jobId: "b", logTarget: { project: "lab", logstore: "flows" } });
    const count = async (q: string) => ((await ws.openSearch("lab", "flows", q, {})) as { total: number }).total;
    expect(await count(pivotQuery("", "srcaddr", "fd77::2", false))).toBe(1);
    expect(await count(pivotQuery("protocol: 17", "srcaddr", "fd77::2", true))).toBe(1);
    expect(await count(pivotQuery("", "dstport", "22", false))).toBe(98);
    expect(await count(pivotQuery("log-status: OK", "dstport", "22", true))).toBe(294 - 98 + 2);
    expect(await count(pivotQuery("", "interface-id", "eni-3", false))).toBe(75);
  });
});

describe("a search over several logstores", () => {
  it("is one result, newest first across them, each row naming its logstore", async () => {
    const w = ws;
    // A second logstore, whose records are an hour newer than lab/flows's.
    const later = [`2 123456789010 eni-9 10.9.0.1 10.9.0.2 1 2 6 1 40 ${T0 + 7200} ${T0 + 7210} ACCEPT OK`];
    await cpOf().createLogstore({ project: "lab", name: "other", retentionDays: 30 });
    await w.importFile(new File([[HEADER, ...later].join("\n")], "other.log"), {
      jobId: "c",
      logTarget: { project: "lab", logstore: "other" },
    });
    const s = await w.openSearch("lab", "flows", "", {}, { also: [{ project: "lab", logstore: "other" }] });
    if (!s.ok) throw new Error("search failed");
    expect(s.total).toBe(301);
    const rows = await w.rows(s.id, 0, 2);
    expect(rows.map((r) => [r.logstore, r["interface-id"]])).toEqual([
      ["lab/other", "eni-9"],
      ["lab/flows", "eni-3"],
    ]);
    const one = await w.openSearch("lab", "flows", "", {});
    if (one.ok) expect((await w.rows(one.id, 0, 1))[0].logstore).toBeUndefined();
  });
});
