// Searches run over a real logstore (fake-indexeddb): exact matches, chunk skipping,
// the first page early, cancellation.
import { describe, expect, it } from "vitest";
import type { FlowLogEntry } from "../../src/model/records";
import { SearchCancelled, search } from "../../src/query/execute";
import { parseQuery } from "../../src/query/parse";
import { storedLogstore } from "../storage/fixture";

const W = 1_700_000_400;
const rec = (i: number, o: Partial<FlowLogEntry> = {}): FlowLogEntry => ({
  flowLogId: "fl-1",
  window: W + 600 * Math.floor(i / 10000),
  version: "2",
  "account-id": "1234567890",
  "interface-id": `eni-${i % 4}`,
  "vpc-id": "vpc-main",
  "subnet-id": "vsw-web",
  "instance-id": null,
  srcaddr: i % 10 === 0 ? `2001:db8::${(i % 255).toString(16)}` : `10.${i % 3}.${(i >> 8) & 255}.${i & 255}`,
  dstaddr: "10.0.1.5",
  srcport: 1024 + (i % 1000),
  dstport: [22, 443, 3389, 53][i % 4],
  protocol: i % 4 === 3 ? 17 : 6,
  direction: i % 2 ? "in" : "out",
  packets: 1 + (i % 9),
  bytes: 100 * (1 + (i % 9)),
  start: W + 600 * Math.floor(i / 10000) + (i % 600),
  end: W + 600 * Math.floor(i / 10000) + (i % 600),
  action: i % 7 ? "ACCEPT" : "REJECT",
  "log-status": "OK",
  "tcp-flags": 2,
  "rule-id": i % 7 ? null : "sg-web/deny-all",
  ...o,
});
const LIST = Array.from({ length: 30000 }, (_, i) => rec(i));

const store = () => storedLogstore(LIST);

const count = (pred: (r: FlowLogEntry) => boolean) => LIST.filter(pred).length;

describe("search", () => {
  it("matches fields, CIDR blocks (v4 and v6), wildcards, comparisons, ranges, not, or, bare terms", async () => {
    const ls = await store();
    const total = async (q: string) => (await search(ls, "flowlens-demo", "vpc-flowlog", parseQuery(q), {}, { limit: 1 })).total;
    expect(await total("action: REJECT")).toBe(count((r) => r.action === "REJECT"));
    expect(await total("srcaddr: 10.1.0.0/16")).toBe(count((r) => r.srcaddr!.startsWith("10.1.")));
    expect(await total("srcaddr: 2001:db8::/32")).toBe(count((r) => r.srcaddr!.startsWith("2001:db8::")));
    expect(await total("interface-id: eni-1 and dstport: 443")).toBe(count((r) => r["interface-id"] === "eni-1" && r.dstport === 443));
    expect(await total("eni_id: ENI-2")).toBe(count((r) => r["interface-id"] === "eni-2"));
    expect(await total("interface-id: eni-*")).toBe(30000);
    expect(await total("bytes > 500 and packets <= 7")).toBe(count((r) => r.bytes! > 500 && r.packets! <= 7));
    expect(await total("dstport in [1 1024] and not protocol: 17")).toBe(count((r) => r.dstport! <= 1024 && r.protocol !== 17));
    expect(await total("dstport: 22 or dstport: 3389")).toBe(count((r) => r.dstport === 22 || r.dstport === 3389));
    expect(await total("REJECT 3389")).toBe(
      count((r) => r.action === "REJECT" && [r.srcport, r.dstport, r.protocol, r.packets, r.bytes].includes(3389)),
    );
    expect(await total('"sg-web/deny-all"')).toBe(count((r) => r["rule-id"] === "sg-web/deny-all"));
    expect(await total("direction: in and (action: REJECT or dstport: 53)")).toBe(
      count((r) => r.direction === "in" && (r.action === "REJECT" || r.dstport === 53)),
    );
  });

  it("returns the newest first, within the time range given apart from the search", async () => {
    const ls = await store();
    const r = await search(ls, "flowlens-demo", "vpc-flowlog", parseQuery("action: REJECT"), { from: W + 600, to: W + 1199 }, { limit: 3 });
    const expected = LIST.filter((x) => x.action === "REJECT" && x.end >= W + 600 && x.start <= W + 1199).sort(
      (a, b) => b.window - a.window || b.start - a.start,
    );
    expect(r.total).toBe(expected.length);
    expect(r.records.map((x) => [x.window, x.start, x.action])).toEqual(expected.slice(0, 3).map((x) => [x.window, x.start, x.action]));
  });

  it("reads only the chunks whose summaries can match", async () => {
    const ls = await store();
    const r = await search(ls, "flowlens-demo", "vpc-flowlog", parseQuery("interface-id: eni-9"), {});
    expect(r).toMatchObject({ total: 0, chunksRead: 0, chunksSkipped: 4 });
    const w = await search(ls, "flowlens-demo", "vpc-flowlog", parseQuery("action: REJECT"), { window: W + 1200 });
    expect([w.chunksRead, w.chunksSkipped]).toEqual([2, 0]);
  });

  it("hands over the first page before the scan ends, and can be cancelled", async () => {
    const ls = await store();
    let first: FlowLogEntry[] | null = null;
    const r = await search(
      ls,
      "flowlens-demo",
      "vpc-flowlog",
      parseQuery("dstport: 443"),
      {},
      {
        limit: 5,
        onFirstPage: (p) => {
          first = p;
        },
      },
    );
    expect(first).toEqual(r.records);
    const abort = new AbortController();
    abort.abort();
    await expect(search(ls, "flowlens-demo", "vpc-flowlog", parseQuery("dstport: 443"), {}, { signal: abort.signal })).rejects.toThrow(
      SearchCancelled,
    );
  });
});

describe("chunk summaries", () => {
  it("list a chunk's ENIs only when few; with many, a search by ENI reads the chunk and still finds exactly", async () => {
    const ls = await storedLogstore(Array.from({ length: 1000 }, (_, i) => rec(i, { "interface-id": `eni-${i % 100}` })));
    const [summary] = await ls.summaries("flowlens-demo", "vpc-flowlog", {});
    expect(summary.enis).toBeNull();
    const r = await search(ls, "flowlens-demo", "vpc-flowlog", parseQuery("interface-id: eni-7"), {});
    expect([r.total, r.chunksRead, r.chunksSkipped]).toEqual([10, 1, 0]);
  });
});
