// The CLI's spill logstore (docs/history.md #10): chunks written to a temporary file and read back
// whole — any text the dictionary holds, numbers, nulls — and searched as a logstore is.
import { describe, expect, it } from "vitest";
import { createSpillLogstore } from "../../src/cli/spill-logstore";
import type { FlowLogEntry } from "../../src/model/records";
import { browse } from "../../src/query/newest-matches";
import { decodeRecord } from "../../src/storage/record-columns";

const entry = (i: number, text: string): FlowLogEntry => ({
  flowLogId: `file:/tmp/a\nb ${text}`,
  window: 1700000000 + 600 * (i % 3),
  version: "2",
  "account-id": "1",
  "interface-id": `eni-${i % 5}`,
  "vpc-id": "",
  "subnet-id": "",
  "instance-id": i % 2 ? null : "i-1",
  srcaddr: "10.0.0.1",
  dstaddr: i % 7 ? "fd00::1" : null,
  srcport: i % 9 ? 40000 : null,
  dstport: 22,
  protocol: 6,
  direction: null,
  packets: 3,
  bytes: 2 ** 40 + i,
  start: 1700000000 + 600 * (i % 3),
  end: 1700000059 + 600 * (i % 3),
  action: i % 4 ? "ACCEPT" : "REJECT",
  "log-status": "OK",
  "tcp-flags": null,
  "rule-id": null,
});

describe("createSpillLogstore", () => {
  it("gives back every record of every chunk as it was added", async () => {
    const store = createSpillLogstore();
    try {
      const texts = ["plain", "数据 流", "emoji 🙂", "lone \ud800 surrogate", ""];
      const all = Array.from({ length: 20000 }, (_, i) => entry(i, texts[i % texts.length]));
      store.add(all.slice(0, 12345));
      store.add(all.slice(12345));
      store.finish();
      expect(store.records()).toBe(20000);
      const back: FlowLogEntry[] = [];
      for (const s of await store.summaries("cli", "search", {})) {
        const c = await store.columns(s);
        for (let i = 0; i < c.count; i++) back.push(decodeRecord(c, i));
      }
      // A lone surrogate cannot be UTF-8: it comes back as U+FFFD, as IndexedDB would not keep it either.
      expect(back).toEqual(all.map((r) => ({ ...r, flowLogId: r.flowLogId.replace("\ud800", "\ufffd") })));
      const newest = await browse(store, "cli", "search", {}, { limit: 3 });
      expect([newest.total, newest.records.map((r) => r.window)]).toEqual([20000, [1700001200, 1700001200, 1700001200]]);
    } finally {
      store.close();
    }
  });

  it("keeps the CCN columns of chunks that have them, and none for chunks that do not", async () => {
    const store = createSpillLogstore();
    try {
      const plain = Array.from({ length: 9000 }, (_, i) => entry(i, "plain"));
      const ccn = Array.from(
        { length: 100 },
        (_, i): FlowLogEntry => ({
          ...entry(i, "ccn"),
          ccnid: "ccn-1",
          "region-id": "ap-guangzhou",
          srcregionid: "ap-guangzhou",
          dstregionid: i % 2 ? "ap-shanghai" : "ap-beijing",
        }),
      );
      store.add(plain);
      store.add(ccn);
      store.finish();
      const chunks = [];
      for (const s of await store.summaries("cli", "search", {})) chunks.push(await store.columns(s));
      // One full chunk of plain records; the other holds the last plain ones and the CCN ones.
      const byCount = chunks.sort((a, b) => b.count - a.count);
      expect(byCount.map((c) => [c.count, !!c.ccn])).toEqual([
        [8192, false],
        [908, true],
      ]);
      const back = Array.from({ length: 908 }, (_, i) => decodeRecord(byCount[1], i));
      expect(back).toEqual([...plain.slice(8192), ...ccn]);
    } finally {
      store.close();
    }
  });
});
