// Flows into flow-log records (docs/rules.md §3, §5; docs/history.md #4), with exact expected records.
import { describe, expect, it } from "vitest";
import { buildRecords } from "../../src/model/records";

import { allowIcmpOut, flow, flowLog, network, T } from "./seed-network";

const brief = (r: {
  "interface-id": string;
  direction: string | null;
  srcaddr: string | null;
  dstaddr: string | null;
  action: string | null;
  "log-status": string;
  "rule-id": string | null;
}) => [r["interface-id"], r.direction, r.srcaddr, r.dstaddr, r.action, r["log-status"], r["rule-id"]];

describe("the Tencent seed's ping example (docs/rules.md §5)", () => {
  it("gives exactly its two records: the request accepted, the reply rejected by the ACL", () => {
    const request = flow("203.0.113.12", 0x1bf6, "172.31.16.139", 0x0800, 1, T + 27);
    const reply = flow("172.31.16.139", 0x1bf6, "203.0.113.12", 0, 1, T + 94);
    const { records, unattributed } = buildRecords(
      [reply, request],
      [flowLog({ resourceType: "NetworkInterface", resourceId: "eni-lq6mkcis" })],
      network(),
    );
    expect(records).toEqual([
      {
        flowLogId: "fl-seed",
        window: T,
        version: "2",
        "account-id": "1251762227",
        "interface-id": "eni-lq6mkcis",
        "vpc-id": "vpc-seed",
        "subnet-id": "vsw-seed",
        "instance-id": "ins-1",
        srcaddr: "203.0.113.12",
        dstaddr: "172.31.16.139",
        srcport: 7158,
        dstport: 2048,
        protocol: 1,
        direction: "in",
        packets: 4,
        bytes: 336,
        start: T + 27,
        end: T + 27,
        action: "ACCEPT",
        "log-status": "OK",
        "tcp-flags": 0,
        "rule-id": null,
      },
      {
        flowLogId: "fl-seed",
        window: T,
        version: "2",
        "account-id": "1251762227",
        "interface-id": "eni-lq6mkcis",
        "vpc-id": "vpc-seed",
        "subnet-id": "vsw-seed",
        "instance-id": "ins-1",
        srcaddr: "172.31.16.139",
        dstaddr: "203.0.113.12",
        srcport: 7158,
        dstport: 0,
        protocol: 1,
        direction: "out",
        packets: 4,
        bytes: 336,
        start: T + 94,
        end: T + 94,
        action: "REJECT",
        "log-status": "OK",
        "tcp-flags": 0,
        "rule-id": "acl-seed/default-outbound",
      },
    ]);
    expect(unattributed).toEqual([]);
  });

  it("if the ACL allowed outbound ICMP, both records are ACCEPT; if the group refused inbound ICMP, one REJECT", () => {
    const inv = allowIcmpOut(network());
    const fl = [flowLog({ resourceType: "NetworkInterface", resourceId: "eni-lq6mkcis" })];
    const pings = [flow("203.0.113.12", 9, "172.31.16.139", 0x0800, 1, T + 1), flow("172.31.16.139", 9, "203.0.113.12", 0, 1, T + 2)];
    expect(buildRecords(pings, fl, inv).records.map((r) => r.action)).toEqual(["ACCEPT", "ACCEPT"]);
    inv.securityGroups[0].rules = inv.securityGroups[0].rules.filter((r) => r.id !== "icmp-in");
    expect(buildRecords([pings[0]], fl, inv).records.map(brief)).toEqual([
      ["eni-lq6mkcis", "in", "203.0.113.12", "172.31.16.139", "REJECT", "OK", "sg-seed/default-inbound"],
    ]);
  });
});

describe("attribution and actions", () => {
  it("a flow between two covered ENIs gives an out record at the sender and an in record at the receiver", () => {
    const { records } = buildRecords([flow("172.31.16.139", 40000, "172.31.16.21", 3306, 6, T + 5)], [flowLog()], network());
    expect(records.map(brief)).toEqual([
      ["eni-lq6mkcis", "out", "172.31.16.139", "172.31.16.21", "ACCEPT", "OK", null],
      ["eni-db", "in", "172.31.16.139", "172.31.16.21", "ACCEPT", "OK", null],
    ]);
  });

  it("names the deciding rule of a REJECT: lowest priority, drop winning a tie", () => {
    const inv = network();
    inv.securityGroups[1].rules.push({
      id: "block-host",
      priority: 1,
      direction: "in",
      protocol: "tcp",
      ports: [3306, 3306],
      peer: "172.31.16.139/32",
      policy: "drop",
    });
    const { records } = buildRecords(
      [flow("172.31.16.139", 40000, "172.31.16.21", 3306, 6, T + 5)],
      [flowLog({ resourceType: "NetworkInterface", resourceId: "eni-db" })],
      inv,
    );
    expect(records.map(brief)).toEqual([["eni-db", "in", "172.31.16.139", "172.31.16.21", "REJECT", "OK", "sg-db/block-host"]]);
  });

  it("a reply passes the stateful group only after the connection it answers", () => {
    const fl = [flowLog({ resourceType: "NetworkInterface", resourceId: "eni-db" })];
    const reply = flow("172.31.16.21", 3306, "172.31.16.139", 40000, 6, T + 9);
    // eni-db's group accepts no inbound from 172.31.16.139 port 3306 -> 40000 on its own:
    expect(
      buildRecords([reply, flow("172.31.16.21", 40001, "172.31.16.139", 22, 6, T + 1)], fl, network()).records.map((r) => [
        r.direction,
        r.action,
      ]),
    ).toEqual([
      ["out", "ACCEPT"],
      ["out", "ACCEPT"],
    ]);
    const inbound = flow("172.31.16.139", 40000, "172.31.16.21", 3306, 6, T + 1);
    const back = flow("172.31.16.21", 3306, "172.31.16.139", 40000, 6, T + 2);
    const web = [flowLog({ resourceType: "NetworkInterface", resourceId: "eni-lq6mkcis" })];
    // eni-lq6mkcis (AWS group: outbound TCP in the VPC only, inbound 22 and ICMP): its
    // connection out to 3306 makes the answer from 3306 pass inbound; on its own it would not.
    expect(buildRecords([inbound, back], web, network()).records.map((r) => [r.direction, r.action])).toEqual([
      ["out", "ACCEPT"],
      ["in", "ACCEPT"],
    ]);
    expect(buildRecords([back], web, network()).records.map((r) => [r.direction, r.action, r["rule-id"]])).toEqual([
      ["in", "REJECT", "sg-seed/default-inbound"],
    ]);
  });

  it("traffic type Allow keeps ACCEPT records, Drop keeps REJECT records", () => {
    const flows = [flow("203.0.113.12", 9, "172.31.16.139", 0x0800, 1, T + 1), flow("172.31.16.139", 9, "203.0.113.12", 0, 1, T + 2)];
    const eni = { resourceType: "NetworkInterface" as const, resourceId: "eni-lq6mkcis" };
    expect(buildRecords(flows, [flowLog({ ...eni, trafficType: "Allow" })], network()).records.map((r) => r.action)).toEqual(["ACCEPT"]);
    expect(buildRecords(flows, [flowLog({ ...eni, trafficType: "Drop" })], network()).records.map((r) => r.action)).toEqual(["REJECT"]);
  });

  it("counts flows no covered ENI sees as unattributed, and records nothing for inactive flow logs", () => {
    const r = buildRecords([flow("10.9.9.9", 1, "10.8.8.8", 2, 17, T + 1)], [flowLog()], network());
    expect(r.unattributed).toEqual([{ srcaddr: "10.9.9.9", dstaddr: "10.8.8.8", packets: 4, bytes: 336 }]);
    expect(
      buildRecords([flow("172.31.16.139", 40000, "172.31.16.21", 3306, 6, T + 5)], [flowLog({ status: "Inactive" })], network()).records,
    ).toEqual([]);
  });

  it("leaves out DHCP and metadata traffic, counting it; both are settings", () => {
    const flows = [
      flow("172.31.16.139", 68, "172.31.16.1", 67, 17, T + 1),
      flow("172.31.16.139", 50000, "100.100.100.200", 80, 6, T + 2),
      flow("172.31.16.139", 50001, "169.254.169.254", 80, 6, T + 3),
    ];
    const fl = [flowLog({ resourceType: "NetworkInterface", resourceId: "eni-lq6mkcis" })];
    const r = buildRecords(flows, fl, network());
    expect(r.excluded).toEqual({ dhcp: 4, metadata: 8 });
    expect(r.records.map((x) => x["log-status"])).toEqual(["NODATA"]);
    expect(buildRecords(flows, fl, network(), { excludeDhcp: false, excludeMetadata: false }).records.map((x) => x.dstaddr)).toEqual([
      "172.31.16.1",
      "100.100.100.200",
      "169.254.169.254",
    ]);
  });
});

describe("windows, NODATA and SKIPDATA", () => {
  it("aggregates the engine's 60-s flows into the flow log's window", () => {
    const a = flow("172.31.16.139", 40000, "172.31.16.21", 3306, 6, T + 5, { tcpFlags: 2 });
    const b = flow("172.31.16.139", 40000, "172.31.16.21", 3306, 6, T + 125, { tcpFlags: 16 });
    const { records } = buildRecords(
      [a, b],
      [flowLog({ resourceType: "NetworkInterface", resourceId: "eni-db", windowSeconds: 300 })],
      network(),
    );
    expect(records.map((r) => [r.window, r.packets, r.bytes, r.start, r.end, r["tcp-flags"]])).toEqual([[T, 8, 672, T + 5, T + 125, 18]]);
  });

  it("gives each covered ENI a NODATA record for every window of the span it has no record in", () => {
    const fl = [flowLog({ windowSeconds: 60 })];
    const { records } = buildRecords([flow("172.31.16.139", 40000, "172.31.16.21", 3306, 6, T + 70)], fl, network(), {
      span: { from: T, to: T + 179 },
    });
    expect(records.map((r) => [r["interface-id"], r.window - T, r["log-status"], r.start - T, r.end - T])).toEqual([
      ["eni-lq6mkcis", 60, "OK", 70, 70],
      ["eni-db", 60, "OK", 70, 70],
      ["eni-lq6mkcis", 0, "NODATA", 0, 60],
      ["eni-db", 0, "NODATA", 0, 60],
      ["eni-lq6mkcis", 120, "NODATA", 120, 180],
      ["eni-db", 120, "NODATA", 120, 180],
    ]);
  });

  it("keeps at most N records per ENI and window, then one SKIPDATA record saying how many were left out", () => {
    const flows = [1, 2, 3, 4].map((i) => flow("203.0.113.9", 1000 + i, "172.31.16.21", 3306, 6, T + i));
    const { records } = buildRecords(flows, [flowLog({ resourceType: "NetworkInterface", resourceId: "eni-db" })], network(), {
      maxRecordsPerEniWindow: 3,
    });
    expect(records.map((r) => [r.srcport, r["log-status"], r.skipped ?? 0])).toEqual([
      [1001, "OK", 0],
      [1002, "OK", 0],
      [1003, "OK", 0],
      [null, "SKIPDATA", 1],
    ]);
  });

  it("gives every covered ENI a SKIPDATA record for a window whose flow table was full", () => {
    const fl = [flowLog({ windowSeconds: 600 })];
    const { records } = buildRecords([flow("172.31.16.139", 40000, "172.31.16.21", 3306, 6, T + 5)], fl, network(), {
      tableFull: [
        { window: T + 60, flows: 37 },
        { window: T + 120, flows: 5 },
      ],
    });
    expect(records.map((r) => [r["interface-id"], r.direction, r["log-status"], r.skipped ?? null, r.start - T, r.end - T])).toEqual([
      ["eni-lq6mkcis", "out", "OK", null, 5, 5],
      ["eni-db", "in", "OK", null, 5, 5],
      ["eni-lq6mkcis", null, "SKIPDATA", 42, 0, 600],
      ["eni-db", null, "SKIPDATA", 42, 0, 600],
    ]);
  });
});
