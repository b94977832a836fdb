// The streaming search of the CLI against the logstore's own: the same total and the same
// newest records, in the same order, for any query, range and limit (equal times included).
import { describe, expect, it } from "vitest";
import type { FlowLogEntry } from "../../src/model/records";
import { search } from "../../src/query/execute";
import { NewestCollector } from "../../src/query/newest-collector";
import { parseQuery } from "../../src/query/parse";
import { CHUNK_RECORDS, encodeChunk } from "../../src/storage/record-columns";
import { storedLogstore } from "../storage/fixture";

const W = 1_700_000_400;
const entry = (i: number): FlowLogEntry => ({
  flowLogId: "fl-1",
  window: W + 600 * ((i * 7) % 5),
  version: "2",
  "account-id": "1",
  "interface-id": `eni-${i % 3}`,
  "vpc-id": "vpc-main",
  "subnet-id": "vsw-web",
  "instance-id": null,
  srcaddr: `10.0.1.${i % 200}`,
  dstaddr: "10.0.1.5",
  srcport: 1024 + (i % 5000),
  dstport: [22, 443, 80][i % 3],
  protocol: 6,
  direction: "in",
  packets: 1,
  bytes: 60 + i,
  start: W + 600 * ((i * 7) % 5) + (i % 4),
  end: W + 600 * ((i * 7) % 5) + (i % 4) + 5,
  action: i % 4 ? "ACCEPT" : "REJECT",
  "log-status": "OK",
  "tcp-flags": null,
  "rule-id": null,
});

describe("NewestCollector", () => {
  it("finds what the logstore's search finds, in its order", async () => {
    const records = Array.from({ length: 3 * CHUNK_RECORDS + 77 }, (_, i) => entry(i));
    const ls = await storedLogstore(records);
    for (const [q, range, limit] of [
      ["", {}, 100],
      ["action: REJECT and dstport: 22", {}, 10],
      ["eni-1", { from: W + 600, to: W + 1300 }, 5000],
      ["bytes > 20000", { window: W + 1200 }, 3],
    ] as const) {
      const want = await search(ls, "flowlens-demo", "vpc-flowlog", parseQuery(q), range, { limit });
      const c = new NewestCollector(parseQuery(q), range, limit);
      for (let k = 0; k < records.length; k += CHUNK_RECORDS) c.add(encodeChunk(records.slice(k, k + CHUNK_RECORDS)));
      expect([q, c.total, c.records()]).toEqual([q, want.total, want.records]);
    }
  });
});
