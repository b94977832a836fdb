// The workspace's imports of captures in a row and of named interfaces (issue #12): each
// capture's private endpoints offered as an extension of the network, then recorded.
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { emptyInventory } from "../../src/model/inventory";
import type { WorkspaceApi } from "../../src/workspace/api";
import { pairCapture } from "../support/pair-captures";
import { capture, freshWorkspace, labFlowLog, type Plane } from "./workspace-fixture";

let ws: WorkspaceApi;
let plane: Plane;
beforeEach(async () => {
  ({ ws, plane } = await freshWorkspace());
});
const withNetworkAndFlowLog = () => labFlowLog(plane);

describe("importFile: captures in a row (issue #12)", () => {
  const pairs = (name: string, list: [string, string][]) => new File([pairCapture(list) as BlobPart], name);
  const accept = async (r: Awaited<ReturnType<WorkspaceApi["importFile"]>>) => {
    if (r.status !== "proposal") throw new Error(`expected a proposal, got ${r.status}`);
    return ws.acceptProposal(r.token);
  };

  it("offers each capture's new private endpoints and stores their traffic as OK records; public ones stay unattributed", async () => {
    const first = await accept(await ws.importFile(capture(), { jobId: "r1" }));
    expect(first).toMatchObject({ status: "done", stored: [{ project: "flowlens", logstore: "captures", records: 23 }] });
    // Another block: a VPC for 192.168/16 and its flow log. 203.0.113.9 is public: never an ENI.
    const second = await ws.importFile(
      pairs("second.pcap", [
        ["192.168.7.10", "192.168.7.20"],
        ["192.168.7.10", "203.0.113.9"],
      ]),
      { jobId: "r2" },
    );
    expect(second).toMatchObject({
      status: "proposal",
      extension: { addresses: 2, vpcs: [{ id: "vpc-192-168", cidrs: ["192.168.0.0/16"] }], vswitches: 1, enis: 2 },
    });
    const stored2 = await accept(second);
    // Each flow at both of its ENIs; the public peer's side is not recorded.
    // 4 + 2 OK records, and a NODATA row for each of the first capture's four ENIs (two IPv4, two IPv6), idle in this window.
    expect(stored2).toMatchObject({
      status: "done",
      stored: [{ project: "flowlens", logstore: "captures", records: 10, ok: 6, nodata: 4, skipdata: 0 }],
      unattributed: { pairs: 0, packets: 0 },
    });
    // The same block as the first capture: VSwitches and ENIs in vpc-10, whose flow log covers them; no new flow log.
    const third = await ws.importFile(pairs("third.pcap", [["10.20.0.5", "10.30.0.6"]]), { jobId: "r3" });
    expect(third).toMatchObject({ status: "proposal", extension: { addresses: 2, vpcs: [], vswitches: 2, enis: 2, flowLogs: [] } });
    await accept(third);
    expect((await plane.cp.flowLogs()).map((f) => f.name).sort()).toEqual(["capture-vpc-10", "capture-vpc-192-168"]);
    for (const [q, n] of [
      ["srcaddr: 192.168.7.10 and dstaddr: 192.168.7.20", 2],
      ["srcaddr: 192.168.7.10 and dstaddr: 203.0.113.9", 1],
      ["srcaddr: 10.20.0.5", 2],
      ["interface-id: eni-10-30-0-6", 2],
    ] as const) {
      const s = await ws.openSearch("flowlens", "captures", `${q} and log-status: OK`, {});
      expect([q, s.ok && s.total]).toEqual([q, n]);
    }
    // A capture again of what is known needs no extension: stored at once.
    expect(await ws.importFile(pairs("again.pcap", [["10.20.0.5", "192.168.7.20"]]), { jobId: "r4" })).toMatchObject({ status: "done" });
  });

  it("applies the user's edits: the new VPCs' region, the flow logs' logstore and window; a bad name writes nothing", async () => {
    const r = await ws.importFile(capture(), { jobId: "e1" });
    if (r.status !== "proposal") throw new Error(`expected a proposal, got ${r.status}`);
    const bad = await ws.acceptProposal(r.token, { project: "Bad_Name" });
    expect(bad).toMatchObject({
      status: "error",
      error: { message: expect.stringContaining("a project name has 3-63 lowercase letters") },
    });
    expect([await plane.cp.inventory(), await plane.cp.flowLogs(), await plane.cp.projects()]).toEqual([emptyInventory(), [], []]);
    const again = await ws.importFile(capture(), { jobId: "e2" });
    if (again.status !== "proposal") throw new Error(`expected a proposal, got ${again.status}`);
    const done = await ws.acceptProposal(again.token, { regionId: "cn-shanghai", project: "lab2", logstore: "caps", windowSeconds: 60 });
    expect(done).toMatchObject({ status: "done", stored: [{ project: "lab2", logstore: "caps", records: 23 }] });
    expect((await plane.cp.inventory()).vpcs.map((v) => [v.id, v.regionId])).toEqual([["vpc-10", "cn-shanghai"]]);
    expect((await plane.cp.flowLogs()).map((f) => [f.name, f.regionId, f.project, f.logstore, f.windowSeconds])).toEqual([
      ["capture-vpc-10", "cn-shanghai", "lab2", "caps", 60],
    ]);
  });

  it("extends without asking when the setting says so, and undoes the extension as one change", async () => {
    await plane.cp.setAutoExtend(true);
    const before = await plane.cp.inventory();
    const r = await ws.importFile(capture(), { jobId: "a1" });
    expect(r).toMatchObject({
      status: "done",
      stored: [{ project: "flowlens", logstore: "captures", records: 23 }],
      extended: { vpcs: [{ id: "vpc-10" }], vswitches: 2, enis: 4 },
    });
    if (r.status !== "done" || r.kind !== "capture" || !r.extended) return;
    expect((await plane.cp.flowLogs()).map((f) => f.name)).toEqual(["capture-vpc-10"]);
    // Something added since that depends on it: refused, nothing changed.
    await plane.cp.create("enis", {
      id: "eni-mine",
      vswitchId: "vsw-10-77-0",
      name: "mine",
      ips: ["10.77.0.50"],
      securityGroupIds: ["sg-open-10"],
    });
    expect(await ws.undoExtension(r.extended.undo)).toMatchObject({ ok: false, message: expect.stringContaining("vsw-10-77-0") });
    expect((await plane.cp.flowLogs()).length).toBe(1);
    await plane.cp.remove("enis", "eni-mine");
    expect(await ws.undoExtension(r.extended.undo)).toEqual({ ok: true });
    expect(await plane.cp.inventory()).toEqual(before);
    expect(await plane.cp.flowLogs()).toEqual([]);
    expect(await ws.stats()).toEqual([{ project: "flowlens", logstore: "captures", records: 23, imports: 1 }]); // the records stay
    expect(await ws.undoExtension(r.extended.undo)).toMatchObject({ ok: false });
  });

  it("stores what the network covers, without extending it, when the offer is declined", async () => {
    await withNetworkAndFlowLog();
    const r = await ws.importFile(
      pairs("mixed.pcap", [
        ["10.77.0.1", "10.77.0.2"],
        ["10.77.0.1", "10.77.3.1"],
      ]),
      { jobId: "r5" },
    );
    expect(r).toMatchObject({ status: "proposal", extension: { addresses: 1, vswitches: 1, enis: 1, flowLogs: [] } });
    if (r.status !== "proposal") return;
    const before = await plane.cp.inventory();
    // 10.77.3.1 is in the VPC but in no VSwitch: the offer is a VSwitch and an ENI, under the VPC's flow log.
    // Declined: the first connection at both ENIs, the second at the client's only.
    expect(await ws.dropProposal(r.token)).toMatchObject({ status: "done", stored: [{ project: "lab", logstore: "flows", records: 6 }] });
    expect(await plane.cp.inventory()).toEqual(before);
  });

  it("refuses an extension past the flow-log quota before it is shown as acceptable, and accepts it once the quota is raised", async () => {
    await plane.cp.setFlowLogQuota(1);
    const first = await accept(await ws.importFile(capture(), { jobId: "q1" }));
    expect(first).toMatchObject({ status: "done" });
    const r = await ws.importFile(pairs("other.pcap", [["192.168.7.10", "192.168.7.20"]]), { jobId: "q2" });
    expect(r).toMatchObject({ status: "proposal", extension: { overQuota: [{ region: "local", have: 1, adding: 1, quota: 1 }] } });
    if (r.status !== "proposal") return;
    await plane.cp.setFlowLogQuota(2);
    // Two flows at two ENIs each, and a NODATA row for each of the first capture's four idle ENIs.
    expect(await ws.acceptProposal(r.token)).toMatchObject({
      status: "done",
      stored: [{ project: "flowlens", logstore: "captures", records: 8 }],
    });
  });
});

describe("capture interfaces mapped to ENIs (issue #12)", () => {
  // dumpcap on one host's two NICs (test/files/make-interfaces-capture.sh): vethHa (the host
  // 10.50.1.5, peers .9 and .10) and vethHb (192.168.60.5, peers .9 and .10).
  const twoNics = () =>
    new File([readFileSync(new URL("../files/dumpcap-two-interfaces.pcapng", import.meta.url))], "dumpcap-two-interfaces.pcapng");
  const hosts = JSON.parse(readFileSync(new URL("../files/nics-network.json", import.meta.url), "utf8"));
  beforeEach(async () => {
    await plane.cp.importDocument(hosts);
    await plane.cp.createProject({ name: "lab", description: "" });
    await plane.cp.createLogstore({ project: "lab", name: "flows", retentionDays: 30 });
    await plane.cp.createFlowLog({
      name: "hosts",
      regionId: "cn-hangzhou",
      resourceType: "VPC",
      resourceId: "vpc-hosts",
      project: "lab",
      logstore: "flows",
      format: "aws",
    });
  });

  it("lists the interfaces the pcapng names, and records each one's traffic at the ENI it is mapped to", async () => {
    const r = await ws.importFile(twoNics(), { jobId: "i1" });
    expect(r).toMatchObject({
      status: "proposal",
      interfaces: [
        { index: 0, name: "vethHa" },
        { index: 1, name: "vethHb" },
      ],
      extension: { addresses: 6 },
    });
    if (r.status !== "proposal") return;
    const bad = await ws.acceptProposal(r.token, { interfaces: [{ index: 0, eniId: "eni-nope" }] });
    expect(bad).toMatchObject({
      status: "error",
      error: { message: "capture interface 0 is mapped to ENI eni-nope, which is not in the network" },
    });
    const done = await ws.acceptProposal(r.token, {
      interfaces: [
        { index: 0, eniId: "eni-a" },
        { index: 1, eniId: "eni-b" },
      ],
    });
    expect(done).toMatchObject({ status: "done" });
    // Each NIC's 8 flows (UDP and a refused TCP connection to each of two peers, their ICMP
    // and RST answers) at its ENI: out when the host sends, in when it receives.
    for (const [eni, host] of [
      ["eni-a", "10.50.1.5"],
      ["eni-b", "192.168.60.5"],
    ]) {
      const out = await ws.openSearch("lab", "flows", `interface-id: ${eni} and direction: out and srcaddr: ${host}`, {});
      const inbound = await ws.openSearch("lab", "flows", `interface-id: ${eni} and direction: in and dstaddr: ${host}`, {});
      const all = await ws.openSearch("lab", "flows", `interface-id: ${eni}`, {});
      expect([eni, out.ok && out.total, inbound.ok && inbound.total, all.ok && all.total]).toEqual([eni, 4, 4, 8]);
    }
    // The host addresses were the ENIs' for the import only; the peers got ENIs of their own.
    const inv = await plane.cp.inventory();
    expect(inv.enis.filter((e) => e.id === "eni-a" || e.id === "eni-b").map((e) => e.ips)).toEqual([["172.16.0.10"], ["172.16.0.11"]]);
    expect(
      inv.enis
        .map((e) => e.ips[0])
        .filter((ip) => !ip.startsWith("172.16."))
        .sort(),
    ).toEqual(["10.50.1.10", "10.50.1.9", "192.168.60.10", "192.168.60.9"]);
  });
});

describe("capture interfaces mapped to ENIs no flow log covers yet", () => {
  it("proposes the flow log over the mapped ENI's VPC, and stores the NIC's traffic there", async () => {
    const network = JSON.parse(readFileSync(new URL("../files/nics-network.json", import.meta.url), "utf8"));
    await plane.cp.importDocument({ ...network, enis: network.enis.slice(0, 1) }); // eni-a only

    const r = await ws.importFile(
      new File([readFileSync(new URL("../files/dumpcap-two-interfaces.pcapng", import.meta.url))], "nics.pcapng"),
      { jobId: "u1" },
    );
    if (r.status !== "proposal") throw new Error(`expected a proposal, got ${r.status}`);
    const done = await ws.acceptProposal(r.token, { interfaces: [{ index: 0, eniId: "eni-a" }] });
    expect(done).toMatchObject({ status: "done" });
    expect((await plane.cp.flowLogs()).map((f) => f.resourceId).sort()).toEqual(["vpc-10", "vpc-192-168", "vpc-hosts"]);
    const s = await ws.openSearch("flowlens", "captures", "interface-id: eni-a", {});
    expect(s).toMatchObject({ ok: true, total: 8 });
  });
});
