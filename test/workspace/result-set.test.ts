// The Records table's result set: every match in the logstore's own browsing order
// (newest window, newest start, ties as stored), over several windows and chunks, with
// the records stored out of order.
import { describe, expect, it } from "vitest";
import type { FlowLogEntry } from "../../src/model/records";
import { compileForChunk } from "../../src/query/execute";
import { newestMatches } from "../../src/query/newest-matches";
import { parseQuery } from "../../src/query/parse";
import { collectResult, readRows, sortNewestFirst } from "../../src/workspace/result-set";
import { storedLogstore } from "../storage/fixture";

const W = 1_700_000_400;
// 30 000 records over 5 windows, shuffled by a fixed stride so windows and starts interleave.
const entry = (k: number): FlowLogEntry => {
  const i = (k * 7919) % 30_000;
  const w = W + 600 * (i % 5);
  return {
    flowLogId: "fl-1",
    window: w,
    version: "2",
    "account-id": "1",
    "interface-id": `eni-${i % 3}`,
    "vpc-id": "vpc-main",
    "subnet-id": "vsw-web",
    "instance-id": null,
    srcaddr: `10.0.${(i >> 8) & 255}.${i & 255}`,
    dstaddr: "10.0.1.5",
    srcport: i,
    dstport: i % 2 ? 443 : 22,
    protocol: 6,
    direction: "in",
    packets: 1,
    bytes: 60,
    start: w + (i % 37),
    end: w + (i % 37),
    action: i % 4 ? "ACCEPT" : "REJECT",
    "log-status": "OK",
    "tcp-flags": 0,
    "rule-id": null,
  };
};

describe("collectResult", () => {
  it("orders every match as the logstore's newest-first pages do", async () => {
    const ls = await storedLogstore(Array.from({ length: 30_000 }, (_, k) => entry(k)));
    for (const q of ["", "action: REJECT and dstport: 22"]) {
      const set = await collectResult(ls, "flowlens-demo", "vpc-flowlog", parseQuery(q), {});
      const own = await newestMatches(
        (s) => ls.columns(s),
        await ls.summaries("flowlens-demo", "vpc-flowlog", {}),
        {},
        (c) => compileForChunk(parseQuery(q), c),
        {
          limit: 30_000,
        },
      );
      expect(set.total).toBe(own.total);
      expect(await readRows(ls, set, 0, set.total)).toEqual(own.records);
    }
  });

  it("keeps a time range and a window", async () => {
    const ls = await storedLogstore(Array.from({ length: 30_000 }, (_, k) => entry(k)));
    const set = await collectResult(ls, "flowlens-demo", "vpc-flowlog", parseQuery(""), { window: W + 1200 });
    expect(set.total).toBe(6000);
    const rows = await readRows(ls, set, 0, 6000);
    expect(rows.every((r) => r.window === W + 1200)).toBe(true);
    expect(rows[0].start).toBe(W + 1200 + 36);
    expect(rows.at(-1)!.start).toBe(W + 1200);
  });
});

describe("sortNewestFirst", () => {
  it("gives the same order by counting and by comparison (the path for millions of distinct windows)", () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const n = 50_000;
    const windows = Uint32Array.from({ length: n }, () => W + 60 * Math.floor(rnd() * 40));
    const offsets = Uint32Array.from({ length: n }, () => 1000 + Math.floor(rnd() * 60));
    const counted = sortNewestFirst(windows, offsets, 1000, 1059);
    expect(sortNewestFirst(windows, offsets, 1000, 1059, 0)).toEqual(counted);
    for (let j = 1; j < n; j++) {
      const a = counted[j - 1],
        b = counted[j];
      expect(
        windows[a] > windows[b] || (windows[a] === windows[b] && (offsets[a] > offsets[b] || (offsets[a] === offsets[b] && a < b))),
      ).toBe(true);
    }
  });
});
