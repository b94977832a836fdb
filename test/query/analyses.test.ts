// The analyses on a small logstore whose answers are known, and each row's search finds
// exactly the records the row counted.
import { beforeAll, describe, expect, it } from "vitest";
import type { FlowLogEntry } from "../../src/model/records";
import { ANALYSES, runAnalysis } from "../../src/query/analyses";
import { search } from "../../src/query/execute";
import { parseQuery } from "../../src/query/parse";
import type { LogstoreAccess } from "../../src/storage/logstore";
import { storedLogstore } from "../storage/fixture";

const W = 1_700_000_400;
const r = (src: string, dst: string, dport: number, o: Partial<FlowLogEntry> = {}): FlowLogEntry => ({
  flowLogId: "fl-1",
  window: W,
  version: "2",
  "account-id": "1",
  "interface-id": "eni-web",
  "vpc-id": "vpc-main",
  "subnet-id": "vsw-web",
  "instance-id": null,
  srcaddr: src,
  dstaddr: dst,
  srcport: 40000,
  dstport: dport,
  protocol: 6,
  direction: "in",
  packets: 10,
  bytes: 1000,
  start: W + 10,
  end: W + 20,
  action: "ACCEPT",
  "log-status": "OK",
  "tcp-flags": 2,
  "rule-id": null,
  ...o,
});

const DATA: FlowLogEntry[] = [
  r("198.51.100.7", "10.0.1.5", 22, { action: "REJECT", "rule-id": "sg-web/default-inbound" }),
  r("198.51.100.7", "10.0.1.5", 3389, { action: "REJECT", "rule-id": "sg-web/default-inbound" }),
  r("203.0.113.9", "10.0.1.5", 22, { bytes: 5000, packets: 40 }),
  r("10.0.2.8", "10.0.1.5", 22),
  r("10.0.1.5", "10.0.2.8", 443, {
    direction: "out",
    bytes: 9000,
    packets: 60,
    "interface-id": "eni-web",
    start: W + 700,
    end: W + 700,
    window: W + 600,
  }),
  r("2001:db8::5", "fd00::1", 443, { bytes: 3000 }),
  r("10.0.1.5", "8.8.8.8", 53, { protocol: 17, direction: "out", bytes: 200, packets: 2 }),
  r("10.0.1.5", "10.0.9.9", 0, { protocol: 47, direction: "out", bytes: 100, packets: 1 }),
  ...Array.from({ length: 25 }, (_, k) =>
    r("192.0.2.66", `10.0.3.${k + 1}`, 1000 + k, { bytes: 60, packets: 1, action: "REJECT", "rule-id": "acl-web/in-90" }),
  ),
];

let ls: LogstoreAccess;
beforeAll(async () => {
  ls = await storedLogstore(DATA);
});

const run = (name: string, query = "", o = {}) => runAnalysis(ls, "flowlens-demo", "vpc-flowlog", name, parseQuery(query), query, {}, o);
const strip = (rows: Record<string, unknown>[]) => rows.map(({ search: _, ...rest }) => rest);

describe("analyses", () => {
  it("names thirteen analyses", () => {
    expect(Object.keys(ANALYSES)).toHaveLength(13);
  });

  it("admin ports from outside: SSH and RDP from public addresses, not from inside", async () => {
    // Equal hits: more bytes first.
    expect(strip((await run("admin-ports-from-outside")).rows)).toEqual([
      { srcaddr: "203.0.113.9", dstport: 22, service: "SSH", action: "ACCEPT", records: 1, bytes: 5000 },
      { srcaddr: "198.51.100.7", dstport: 22, service: "SSH", action: "REJECT", records: 1, bytes: 1000 },
      { srcaddr: "198.51.100.7", dstport: 3389, service: "RDP", action: "REJECT", records: 1, bytes: 1000 },
    ]);
  });

  it("rejected: top sources, ports and the deciding rules with hit counts", async () => {
    const rows = strip((await run("rejected", "", { top: 2 })).rows);
    expect(rows).toEqual([
      { kind: "source", value: "192.0.2.66", records: 25, bytes: 1500 },
      { kind: "source", value: "198.51.100.7", records: 2, bytes: 2000 },
      { kind: "port", value: "22", records: 1, bytes: 1000 },
      { kind: "port", value: "3389", records: 1, bytes: 1000 },
      { kind: "rule", value: "acl-web/in-90", records: 25, bytes: 1500 },
      { kind: "rule", value: "sg-web/default-inbound", records: 2, bytes: 2000 },
    ]);
  });

  it("scans: a source reaching many destinations or ports in a window", async () => {
    expect(strip((await run("scans")).rows)).toEqual([{ srcaddr: "192.0.2.66", window: W, destinations: 25, ports: 25 }]);
    expect((await run("scans", "", { scanDestinations: 30, scanPorts: 30 })).rows).toEqual([]);
  });

  it("threat list: any address on it, plain or CIDR", async () => {
    expect(strip((await run("threat-list", "", { threatList: ["203.0.113.9", "8.8.8.0/24,known resolver"] })).rows)).toEqual([
      { listed: "203.0.113.9", peer: "10.0.1.5", records: 1, bytes: 5000 },
      { listed: "8.8.8.8", peer: "10.0.1.5", records: 1, bytes: 200 },
    ]);
  });

  it("IPv4 against IPv6, inbound against outbound, protocols, rare protocols", async () => {
    expect(strip((await run("ip-versions")).rows)).toEqual([
      { version: "IPv4", bytes: 18800, packets: 158, records: 32 },
      { version: "IPv6", bytes: 3000, packets: 10, records: 1 },
    ]);
    expect(strip((await run("in-out")).rows)).toEqual([
      { direction: "in", bytes: 12500, packets: 105, records: 30 },
      { direction: "out", bytes: 9300, packets: 63, records: 3 },
    ]);
    expect(strip((await run("protocols")).rows).map((x) => [x.protocol, x.name, x.records])).toEqual([
      [6, "TCP", 31],
      [17, "UDP", 1],
      [47, "GRE", 1],
    ]);
    expect(strip((await run("rare-protocols", "", { rareShare: 0.05 })).rows).map((x) => [x.protocol, x.records])).toEqual([
      [47, 1],
      [17, 1],
    ]);
  });

  it("traffic over time, top talkers and ports, per ENI, traffic with one address — within a search", async () => {
    expect(strip((await run("traffic-over-time", "action: ACCEPT")).rows)).toEqual([
      { bucket: W, action: "ACCEPT", bytes: 9300, packets: 63, records: 5 },
      { bucket: W + 600, action: "ACCEPT", bytes: 9000, packets: 60, records: 1 },
    ]);
    expect(strip((await run("top-ports", "", { top: 2 })).rows)).toEqual([
      { dstport: 443, bytes: 12000, packets: 70, records: 2 },
      { dstport: 22, bytes: 7000, packets: 60, records: 3 },
    ]);
    expect(strip((await run("top-talkers", "", { top: 1 })).rows).map((x) => [x.kind, x.address, x.bytes])).toEqual([
      ["source", "10.0.1.5", 9300],
      ["destination", "10.0.2.8", 9000],
      ["pair", "10.0.1.5 > 10.0.2.8", 9000],
    ]);
    expect(strip((await run("per-eni")).rows).map((x) => [x.eni, x.direction, x.records])).toEqual([
      ["eni-web", "in", 30],
      ["eni-web", "out", 3],
    ]);
    expect(strip((await run("traffic-with", "", { address: "10.0.2.8" })).rows)).toEqual([
      { direction: "to", peer: "10.0.1.5", bytes: 9000, packets: 60, records: 1 },
      { direction: "from", peer: "10.0.1.5", bytes: 1000, packets: 10, records: 1 },
    ]);
  });

  it("links each row back to the search that shows exactly its records", async () => {
    for (const name of ["admin-ports-from-outside", "rejected", "top-ports", "per-eni", "threat-list"]) {
      const result = await run(name, "", { threatList: ["203.0.113.9"] });
      for (const row of result.rows) {
        const found = await search(ls, "flowlens-demo", "vpc-flowlog", parseQuery(row.search), {}, { limit: 1 });
        expect([name, row.search, found.total]).toEqual([name, row.search, row.records]);
      }
    }
  });

  it("says which analyses there are when asked for one that is not", async () => {
    await expect(run("nope")).rejects.toThrow("unknown analysis nope; the analyses are traffic-over-time, top-talkers");
  });
});

describe("analyses in bounded memory", () => {
  it("keep the heavy talkers right past the tally's capacity, and say the counts are approximate", async () => {
    // 30,000 distinct one-record sources of 60 bytes, and three heavy ones.
    const big = await storedLogstore([
      ...Array.from({ length: 30000 }, (_, k) =>
        r(`10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`, "10.0.1.5", 443, { bytes: 60, packets: 1 }),
      ),
      ...[1, 2, 3].flatMap((h) => Array.from({ length: 50 }, () => r(`198.51.100.${h}`, "10.0.1.5", 443, { bytes: 1000 * h, packets: 1 }))),
    ]);
    const res = await runAnalysis(big, "flowlens-demo", "vpc-flowlog", "top-talkers", parseQuery(""), "", {}, { top: 3 });
    expect(res.approximate).toBe(true);
    expect(res.rows.filter((x) => x.kind === "source").map((x) => x.address)).toEqual(["198.51.100.3", "198.51.100.2", "198.51.100.1"]);
    expect(res.rows.find((x) => x.address === "198.51.100.3")!.bytes).toBeGreaterThanOrEqual(150000);
  });
});

describe("analyses of logs without a direction field (AWS v2, Tencent)", () => {
  it("per-eni and in-out total per interface-id with the direction unknown, and their searches find those records", async () => {
    const aws = await storedLogstore([
      r("10.0.1.5", "10.0.2.8", 443, { direction: null, bytes: 700 }),
      r("10.0.2.8", "10.0.1.5", 40000, { direction: null, bytes: 300 }),
      r("10.0.2.8", "10.0.1.5", 40000, { direction: null, bytes: 50, "interface-id": "eni-db" }),
    ]);
    const go = (name: string) => runAnalysis(aws, "flowlens-demo", "vpc-flowlog", name, parseQuery(""), "", {}, {});
    const perEni = (await go("per-eni")).rows;
    expect(strip(perEni)).toEqual([
      { eni: "eni-web", direction: "unknown", bytes: 1000, packets: 20, records: 2 },
      { eni: "eni-db", direction: "unknown", bytes: 50, packets: 10, records: 1 },
    ]);
    const inOut = (await go("in-out")).rows;
    expect(strip(inOut)).toEqual([{ direction: "unknown", bytes: 1050, packets: 30, records: 3 }]);
    for (const row of [...perEni, ...inOut])
      expect((await search(aws, "flowlens-demo", "vpc-flowlog", parseQuery(row.search), {})).total).toBe(row.records);
  });
});

describe("cidrTester", () => {
  it("agrees with ipInCidr for IPv4 and IPv6", async () => {
    const { cidrTester, ipInCidr, parseCidr } = await import("../../src/model/cidr");
    const blocks = ["10.0.0.0/8", "192.168.1.0/24", "203.0.113.7/32", "0.0.0.0/1", "fd00::/8"].map((b) => parseCidr(b)!);
    const test = cidrTester(blocks);
    for (const ip of [
      "10.1.2.3",
      "11.0.0.1",
      "192.168.1.255",
      "192.168.2.1",
      "203.0.113.7",
      "203.0.113.8",
      "127.0.0.1",
      "200.1.1.1",
      "fd00::1",
      "fe80::1",
      "255.255.255.255",
    ])
      expect([ip, test(ip)]).toEqual([ip, blocks.some((b) => ipInCidr(ip, b))]);
  });
});
