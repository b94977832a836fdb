// The viewer worker's workspace in Node (fake-indexeddb, the WASM engine in-process):
// imports with and without a network, browsing order, search errors, export, cancel.
import { gzipSync } from "fflate";
import { beforeEach, describe, expect, it } from "vitest";
import { browse } from "../../src/query/newest-matches";
import { createLogstoreAccess } from "../../src/storage/logstore";
import type { WorkspaceApi } from "../../src/workspace/api";
import { capture, freshWorkspace, labFlowLog, network, type Plane } from "./workspace-fixture";

let ws: WorkspaceApi;
let plane: Plane;
beforeEach(async () => {
  ({ ws, plane } = await freshWorkspace());
});
const withNetworkAndFlowLog = () => labFlowLog(plane);

describe("importFile: captures", () => {
  it("proposes a network and a flow log when nothing covers the capture, and stores records once accepted", async () => {
    const r = await ws.importFile(capture(), { jobId: "a" });
    expect(r).toMatchObject({ status: "proposal", kind: "capture", file: "tcpdump-veth.pcap", flows: 19 });
    if (r.status !== "proposal") return;
    // One VPC for the private block seen (docs/history.md #12), a VSwitch for the /24, an ENI per address;
    // the unique local fd77::1 and fd77::2 in an IPv6-only VSwitch of the same VPC.
    expect(r.extension).toMatchObject({
      addresses: 4,
      vpcs: [{ id: "vpc-10", cidrs: ["10.0.0.0/8"] }],
      vswitches: 2,
      enis: 4,
      overQuota: [],
    });
    expect(r.extension.flowLogs).toMatchObject([{ resourceType: "VPC", resourceId: "vpc-10", project: "flowlens", logstore: "captures" }]);
    expect(await ws.stats()).toEqual([]); // nothing stored before the user accepts
    const done = await ws.acceptProposal(r.token);
    expect(done).toMatchObject({ status: "done", kind: "capture", stored: [{ project: "flowlens", logstore: "captures" }] });
    if (done.status !== "done") return;
    // By tshark's golden flows: 8 IPv4 flows, each at the sender's ENI (out) and the
    // receiver's (in), and 7 sides of IPv6 flows with a fd77:: end: 23 records.
    expect(done.stored[0]).toMatchObject({ records: 23, ok: 23, nodata: 0, skipdata: 0 });
    // The 7 IPv6 flows between link-local or unspecified sources and multicast (10 packets, 832 bytes) touch no ENI.
    if (done.kind !== "capture") return;
    expect(done.unattributed).toMatchObject({
      pairs: 7,
      packets: 10,
      bytes: 832,
      top: [{ srcaddr: "::", dstaddr: "ff02::16", bytes: 288 }, expect.anything(), expect.anything(), expect.anything(), expect.anything()],
    });
    expect((await plane.db.getAll("imports"))[0].outcome).toEqual({
      ok: 23,
      nodata: 0,
      skipdata: 0,
      unattributedPackets: 10,
      unattributedBytes: 832,
    });
    expect(await ws.stats()).toEqual([{ project: "flowlens", logstore: "captures", records: 23, imports: 1 }]);
    expect((await plane.cp.flowLogs()).map((f) => f.name)).toEqual(["capture-vpc-10"]);
    expect((await plane.cp.inventory()).enis.map((e) => [e.id, e.ips[0]])).toEqual([
      ["eni-10-77-0-1", "10.77.0.1"],
      ["eni-10-77-0-2", "10.77.0.2"],
      ["eni-fd77--1", "fd77::1"],
      ["eni-fd77--2", "fd77::2"],
    ]);
    expect((await plane.cp.inventory()).vpcs[0].ipv6Cidrs).toEqual(["fd77::/48"]);
  });

  it("stores a REJECT with its deciding rule under the flow log's logstore", async () => {
    await withNetworkAndFlowLog();
    const r = await ws.importFile(capture(), { jobId: "b" });
    expect(r).toMatchObject({ status: "done", kind: "capture", flows: 19, stored: [{ project: "lab", logstore: "flows", records: 23 }] });
    const s = await ws.openSearch("lab", "flows", "action: REJECT", {});
    // The pings and the mDNS query die at the server's group; the client's answers pass
    // (stateful). Over IPv6 (the network is dual-stack): the IPv6 ping dies at the server's
    // default (deny-ping is ICMP, not ICMPv6), and the server's neighbour advertisement, which
    // answers no request the client sent it, at the client's.
    expect(s).toMatchObject({ ok: true, total: 5 });
    if (!s.ok) return;
    const rows = await ws.rows(s.id, 0, 10);
    expect(rows.map((x) => [x["interface-id"], x.direction, x.srcaddr, x.protocol, x.dstport, x["rule-id"]])).toEqual([
      ["eni-client", "in", "fd77::2", 58, 136 * 256, "sg-client/default-inbound"],
      ["eni-server", "in", "10.77.0.1", 17, 5353, "sg-server/default-inbound"],
      ["eni-server", "in", "10.77.0.1", 1, 2048, "sg-server/deny-ping"],
      ["eni-server", "in", "fd77::1", 58, 128 * 256, "sg-server/default-inbound"],
      ["eni-server", "in", "10.77.0.1", 1, 2048, "sg-server/deny-ping"],
    ]);
  });

  it("asks before storing the same capture twice (the engine's content hash): one copy by default, or again if asked", async () => {
    await withNetworkAndFlowLog();
    expect(await ws.importFile(capture(), { jobId: "d1" })).toMatchObject({ status: "done" });
    const again = await ws.importFile(new File([await capture().arrayBuffer()], "renamed.pcap"), { jobId: "d2" });
    expect(again).toMatchObject({
      status: "duplicate",
      file: "renamed.pcap",
      earlier: { source: "tcpdump-veth.pcap", stores: ["lab/flows"], records: 23 },
    });
    if (again.status !== "duplicate") return;
    expect(await ws.stats()).toEqual([{ project: "lab", logstore: "flows", records: 23, imports: 1 }]); // nothing stored while it asks
    expect(await ws.resolveDuplicate(again.token, false)).toMatchObject({ status: "skipped", earlier: { stores: ["lab/flows"] } });
    expect(await ws.stats()).toEqual([{ project: "lab", logstore: "flows", records: 23, imports: 1 }]);
    const third = await ws.importFile(capture(), { jobId: "d3" });
    if (third.status !== "duplicate") throw new Error(`expected a duplicate, got ${third.status}`);
    expect(await ws.resolveDuplicate(third.token, true)).toMatchObject({
      status: "done",
      stored: [{ project: "lab", logstore: "flows", records: 23 }],
    });
    expect(await ws.stats()).toEqual([{ project: "lab", logstore: "flows", records: 46, imports: 2 }]);
  });

  it("reports a file that is neither a capture nor a flow log, and stores nothing", async () => {
    await withNetworkAndFlowLog();
    const r = await ws.importFile(new File(["hello world\nnot a log\n"], "notes.txt"), {
      jobId: "c",
      logTarget: { project: "lab", logstore: "flows" },
    });
    expect(r).toMatchObject({ status: "error", kind: "log", file: "notes.txt" });
    if (r.status === "error") expect(r.error.message).toMatch(/^notes\.txt: line 1: /);
    expect((await ws.stats())[0].records).toBe(0);
  });

  it("cancels a capture import and stores nothing", async () => {
    await withNetworkAndFlowLog();
    const pending = ws.importFile(capture(), { jobId: "d" });
    expect(await ws.cancelImport("d")).toBe(true);
    expect(await pending).toEqual({ status: "cancelled", kind: "capture", file: "tcpdump-veth.pcap" });
    expect((await ws.stats())[0].records).toBe(0);
  });
});

describe("importFile: flow-log files", () => {
  const lines = [
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status",
    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
    "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK",
    "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 REJECT OK",
  ];
  it("stores every line that parses and reports the others by number", async () => {
    await withNetworkAndFlowLog();
    const r = await ws.importFile(new File([lines.join("\n")], "vpc.log"), {
      jobId: "e",
      logTarget: { project: "lab", logstore: "flows" },
    });
    expect(r).toMatchObject({ status: "done", kind: "log", stored: [{ project: "lab", logstore: "flows", records: 2 }] });
    if (r.status === "done" && r.kind === "log")
      expect(r.report.errors).toEqual([{ file: "vpc.log", line: 4, reason: expect.any(String) }]);
  });

  it(
    "asks before storing the same flow-log file twice (its text's hash, gzip or not): held uncommitted " + "meanwhile, one copy by default",
    async () => {
      await withNetworkAndFlowLog();
      const target = { project: "lab", logstore: "flows" };
      const text = lines.join("\n");
      expect(await ws.importFile(new File([text], "vpc.log"), { jobId: "h1", logTarget: target })).toMatchObject({
        status: "done",
        stored: [{ records: 2 }],
      });
      const again = await ws.importFile(new File([gzipSync(new TextEncoder().encode(text))], "vpc.log.gz"), {
        jobId: "h2",
        logTarget: target,
      });
      expect(again).toMatchObject({
        status: "duplicate",
        kind: "log",
        file: "vpc.log.gz",
        flows: 2,
        earlier: { source: "vpc.log", stores: ["lab/flows"], records: 2 },
      });
      if (again.status !== "duplicate") return;
      expect(await ws.stats()).toEqual([{ project: "lab", logstore: "flows", records: 2, imports: 1 }]); // held: not visible
      expect(await ws.resolveDuplicate(again.token, false)).toMatchObject({
        status: "skipped",
        kind: "log",
        earlier: { stores: ["lab/flows"] },
      });
      expect((await plane.db.getAll("imports")).map((i) => i.status)).toEqual(["committed"]); // the held one is gone
      const third = await ws.importFile(new File([text], "copy.log"), { jobId: "h3", logTarget: target });
      if (third.status !== "duplicate") throw new Error(`expected a duplicate, got ${third.status}`);
      expect(await ws.resolveDuplicate(third.token, true)).toMatchObject({
        status: "done",
        kind: "log",
        stored: [{ project: "lab", logstore: "flows", records: 2 }],
      });
      expect(await ws.stats()).toEqual([{ project: "lab", logstore: "flows", records: 4, imports: 2 }]);
      // Another file is no duplicate.
      expect(await ws.importFile(new File([lines.slice(0, 2).join("\n")], "one.log"), { jobId: "h4", logTarget: target })).toMatchObject({
        status: "done",
      });
    },
  );

  it("stores nothing from a file none of whose lines is a record, and says so", async () => {
    await withNetworkAndFlowLog();
    const bad = [lines[0], "2 123456789010 eni-1 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 REJECT OK"].join("\n");
    const r = await ws.importFile(new File([bad], "bad.log"), { jobId: "e2", logTarget: { project: "lab", logstore: "flows" } });
    expect(r).toMatchObject({
      status: "error",
      kind: "log",
      error: { message: expect.stringMatching(/^bad\.log: line 2: no line could be read as a flow-log record \(the first: /) },
    });
    expect(await plane.db.getAll("imports")).toEqual([]);
  });

  it("cancels a flow-log import and stores nothing", async () => {
    await withNetworkAndFlowLog();
    const big = [lines[0], ...Array.from({ length: 200_000 }, () => lines[1])].join("\n");
    // Cancelled from its first progress report, not from a timer: a fast machine once
    // finished the import before a 20 ms timer fired (docs/history.md #10).
    let cancelled: Promise<boolean> | undefined;
    const pending = ws.importFile(new File([big], "big.log"), { jobId: "e3", logTarget: { project: "lab", logstore: "flows" } }, () => {
      cancelled ??= ws.cancelImport("e3");
    });
    expect(await pending).toEqual({ status: "cancelled", kind: "log", file: "big.log" });
    expect(await cancelled).toBe(true);
    expect(await plane.db.getAll("imports")).toEqual([]);
  });

  it("asks for a logstore when none is given", async () => {
    const r = await ws.importFile(new File([lines.join("\n")], "vpc.log"), { jobId: "f" });
    expect(r).toMatchObject({ status: "error", error: { code: "no-logstore" } });
  });
});

describe("search results", () => {
  it("pages in the logstore's own newest-first order", async () => {
    await withNetworkAndFlowLog();
    await ws.importFile(capture(), { jobId: "g" });
    const s = await ws.openSearch("lab", "flows", "", {});
    if (!s.ok) throw new Error("search failed");
    const own = await browse(createLogstoreAccess(plane.db), "lab", "flows", {}, { limit: 16 });
    expect(await ws.rows(s.id, 0, 16)).toEqual(own.records);
    expect(await ws.rows(s.id, 5, 3)).toEqual(own.records.slice(5, 8));
  });

  it("returns a parse error with its position instead of results", async () => {
    expect(await ws.openSearch("lab", "flows", "dstport > ", {})).toEqual({
      ok: false,
      error: { message: expect.stringContaining("position 11"), position: 10, expected: expect.any(String) },
    });
  });

  it("exports the whole result in a cloud format, with its header", async () => {
    await withNetworkAndFlowLog();
    await ws.importFile(capture(), { jobId: "h" });
    const s = await ws.openSearch("lab", "flows", "dstport: 8080", {});
    if (!s.ok) throw new Error("search failed");
    const out = await ws.exportSearch(s.id, "aws");
    const text = out.text.trim().split("\n");
    expect(out.records).toBe(2);
    expect(text[0]).toBe(
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status",
    );
    expect(
      text
        .slice(1)
        .map((l) => l.split(" ").slice(2, 8).join(" "))
        .sort(),
    ).toEqual(["eni-client 10.77.0.1 10.77.0.2 59436 8080 6", "eni-server 10.77.0.1 10.77.0.2 59436 8080 6"]);
  });
});

describe("CCN flow logs in the viewer", () => {
  // The capture's two hosts in two VPCs of two regions, attached to one CCN.
  const ccnNetwork = {
    ...network,
    regions: [
      { id: "cn-hangzhou", name: "Hangzhou" },
      { id: "cn-shanghai", name: "Shanghai" },
    ],
    vpcs: [
      { id: "vpc-hz", regionId: "cn-hangzhou", accountId: "1234567890", name: "hz", cidrs: ["10.77.0.1/32"], ipv6Cidrs: [] },
      { id: "vpc-sh", regionId: "cn-shanghai", accountId: "1234567890", name: "sh", cidrs: ["10.77.0.2/32"], ipv6Cidrs: [] },
    ],
    vswitches: [],
    instances: [],
    enis: [],
    securityGroups: [],
    ccns: [{ id: "ccn-lab", name: "lab", vpcIds: ["vpc-hz", "vpc-sh"], bandwidthLimits: [] }],
  };
  async function withCcnFlowLog() {
    await plane.cp.importDocument(ccnNetwork);
    await plane.cp.createProject({ name: "lab", description: "" });
    await plane.cp.createLogstore({ project: "lab", name: "ccn", retentionDays: 30 });
    return plane.cp.createFlowLog({
      name: "lab-ccn",
      regionId: "cn-hangzhou",
      resourceType: "CCN",
      resourceId: "ccn-lab",
      project: "lab",
      logstore: "ccn",
      format: "ccn",
      windowSeconds: 60,
    });
  }

  it("stores a capture's cross-region records, searchable by their regions, and exports them as CCN lines", async () => {
    const fl = await withCcnFlowLog();
    const offer = await ws.importFile(capture(), { jobId: "ccn1" });
    // The two hosts (10.77.0.1 and .2, fd77::1 and ::2) are on no ENI: the network's extension is offered, and declined here.
    expect(offer).toMatchObject({ status: "proposal", extension: { addresses: 4, enis: 4 } });
    if (offer.status !== "proposal") return;
    const r = await ws.dropProposal(offer.token);
    // The capture's 8 IPv4 flows run between the two hosts; a CCN record has no ports for ICMP,
    // so each direction's two pings (ICMP ids 7158 and 7160) are one record: 6 (no ENI sides).
    expect(r).toMatchObject({ status: "done", kind: "capture", stored: [{ project: "lab", logstore: "ccn", records: 6 }] });
    const s = await ws.openSearch("lab", "ccn", "srcregionid: cn-shanghai and dstregionid: cn-hangzhou", {});
    if (!s.ok) throw new Error("search failed");
    const rows = await ws.rows(s.id, 0, 10);
    expect(rows.length).toBeGreaterThan(0);
    for (const x of rows)
      expect(x).toMatchObject({
        flowLogId: fl.id,
        ccnid: "ccn-lab",
        "region-id": "cn-hangzhou",
        srcregionid: "cn-shanghai",
        dstregionid: "cn-hangzhou",
        srcaddr: "10.77.0.2",
        dstaddr: "10.77.0.1",
      });
    const all = await ws.openSearch("lab", "ccn", "ccn-lab", {});
    expect(all).toMatchObject({ ok: true, total: 6 });
    if (!all.ok) return;
    // What tshark -z conv,ip counts for 10.77.0.1 <-> 10.77.0.2: 22 frames, 10419 bytes with their 14-byte Ethernet headers.
    const every = await ws.rows(all.id, 0, 10);
    expect(every.reduce((n, x) => n + x.packets!, 0)).toBe(22);
    expect(every.reduce((n, x) => n + x.bytes!, 0)).toBe(10419 - 22 * 14);
    expect(await ws.openSearch("lab", "ccn", "ccnid: ccn-other", {})).toMatchObject({ ok: true, total: 0 });
    const out = await ws.exportSearch(all.id, "ccn");
    const lines = out.text.trim().split("\n");
    expect(lines).toHaveLength(6);
    // CCN_FIELDS order: srcaddr dstregionid dstport start dstaddr version packets ccnid protocol srcregionid
    // bytes action region-id srcport end log-status
    for (const l of lines) {
      const f = l.split(" ");
      expect(f).toHaveLength(16);
      expect([f[7], f[12], f[15]]).toEqual(["ccn-lab", "cn-hangzhou", "OK"]);
      expect([f[9], f[1]]).toEqual(f[0] === "10.77.0.1" ? ["cn-hangzhou", "cn-shanghai"] : ["cn-shanghai", "cn-hangzhou"]);
    }
  });

  it("keeps a CCN log file's CCN and regions, read fast or by the string reader, and writes its lines back as they were", async () => {
    await withCcnFlowLog();
    const lines = [
      "10.0.1.5 ap-shanghai 443 1700000400 10.8.0.9 2 3 ccn-abcd1234 6 ap-guangzhou 252 ACCEPT ap-guangzhou 40000 1700000459 OK",
      "10.0.1.6 ap-beijing - 1700000460 10.9.0.9 2 5 ccn-abcd1234 1 ap-guangzhou 420 REJECT ap-guangzhou - 1700000519 OK",
      // A NODATA line (no addresses) is not the byte reader's: the string reader takes it, and keeps the CCN too.
      "- - - 1700000520 - 2 - ccn-abcd1234 - - - - ap-guangzhou - 1700000579 NODATA",
    ];
    const r = await ws.importFile(new File([`${lines.join("\n")}\n`], "ccn.log"), {
      jobId: "ccn2",
      logTarget: { project: "lab", logstore: "ccn" },
    });
    expect(r).toMatchObject({ status: "done", kind: "log", stored: [{ project: "lab", logstore: "ccn", records: 3 }] });
    const s = await ws.openSearch("lab", "ccn", "dstregionid: ap-beijing", {});
    expect(s).toMatchObject({ ok: true, total: 1 });
    if (!s.ok) return;
    expect((await ws.rows(s.id, 0, 1))[0]).toMatchObject({
      ccnid: "ccn-abcd1234",
      "region-id": "ap-guangzhou",
      srcregionid: "ap-guangzhou",
      dstregionid: "ap-beijing",
      srcaddr: "10.0.1.6",
      action: "REJECT",
    });
    const all = await ws.openSearch("lab", "ccn", "ccnid: ccn-abcd1234", {});
    expect(all).toMatchObject({ ok: true, total: 3 });
    if (!all.ok) return;
    expect((await ws.exportSearch(all.id, "ccn")).text.trim().split("\n").sort()).toEqual([...lines].sort());
  });
});
