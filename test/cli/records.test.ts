// `flowlens records` as a user runs it: a real capture plus an inventory gives the records
// a cloud would write; without one, a proposed network; flow-log files change format.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flowlens as run } from "../support/cli";

const CAPTURE = new URL("../files/tcpdump-veth.pcap", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "flowlens-records-"));

// The veth capture's network: B (10.77.0.2) serves 8080; its group lets in only TCP 8080
// from A, and A's group allows everything; A's VSwitch ACL refuses outbound ICMP.
const inventory = {
  format: "flowlens-inventory",
  version: 1,
  regions: [{ id: "cn-huhehaote", name: "Hohhot" }],
  accounts: [{ id: "1251762227", name: "lab" }],
  vpcs: [{ id: "vpc-lab", regionId: "cn-huhehaote", accountId: "1251762227", name: "lab", cidrs: ["10.77.0.0/16"], ipv6Cidrs: [] }],
  vswitches: [
    { id: "vsw-a", vpcId: "vpc-lab", name: "a", zone: "z", cidr: "10.77.0.0/31", aclId: "acl-a" },
    { id: "vsw-b", vpcId: "vpc-lab", name: "b", zone: "z", cidr: "10.77.0.2/31" },
  ],
  instances: [],
  enis: [
    { id: "eni-a", vswitchId: "vsw-a", name: "A", ips: ["10.77.0.1"], securityGroupIds: ["sg-a"] },
    { id: "eni-b", vswitchId: "vsw-b", name: "B", ips: ["10.77.0.2"], securityGroupIds: ["sg-b"] },
  ],
  securityGroups: [
    { id: "sg-a", vpcId: "vpc-lab", name: "a", dialect: "alibaba", defaultInbound: "accept", defaultOutbound: "accept", rules: [] },
    {
      id: "sg-b",
      vpcId: "vpc-lab",
      name: "b",
      dialect: "alibaba",
      defaultInbound: "drop",
      defaultOutbound: "accept",
      rules: [{ id: "web", priority: 1, direction: "in", protocol: "tcp", ports: [8080, 8080], peer: "10.77.0.1/32", policy: "accept" }],
    },
  ],
  networkAcls: [
    {
      id: "acl-a",
      vpcId: "vpc-lab",
      name: "a",
      dialect: "alibaba",
      defaultInbound: "accept",
      defaultOutbound: "accept",
      rules: [{ id: "no-icmp-out", priority: 1, direction: "out", protocol: "icmp", peer: "0.0.0.0/0", policy: "drop" }],
    },
  ],
  ccns: [],
};

describe("flowlens records", () => {
  it("gives, for a real capture and an inventory, the records a cloud would write", () => {
    const inv = join(dir, "inv.json");
    writeFileSync(inv, JSON.stringify(inventory));
    const fl = join(dir, "fl.json");
    writeFileSync(fl, JSON.stringify({ resourceType: "VPC", resourceId: "vpc-lab", windowSeconds: 600, trafficType: "All" }));
    const r = run("records", CAPTURE, "--inventory", inv, "--flowlog", fl, "--format", "tencent");
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => l.split(" "));
    const view = lines.map((t) => `${t[2]} ${t[3]}:${t[5]} > ${t[4]}:${t[6]} p${t[7]} n${t[8]} b${t[9]} ${t[12]}`);
    // One second for all of it (1795323983): ordered by ENI, then out before in, then arrival.
    expect(view).toEqual([
      "eni-a 10.77.0.1:59436 > 10.77.0.2:8080 p6 n5 b286 ACCEPT",
      "eni-a 10.77.0.1:49671 > 10.77.0.2:5353 p17 n1 b33 ACCEPT",
      "eni-a 10.77.0.1:7158 > 10.77.0.2:2048 p1 n2 b168 REJECT",
      "eni-a 10.77.0.1:7160 > 10.77.0.2:2048 p1 n3 b3068 REJECT",
      "eni-a 10.77.0.2:8080 > 10.77.0.1:59436 p6 n5 b3287 ACCEPT",
      "eni-a 10.77.0.2:5353 > 10.77.0.1:49671 p17 n1 b33 ACCEPT",
      "eni-a 10.77.0.2:7158 > 10.77.0.1:0 p1 n2 b168 ACCEPT",
      "eni-a 10.77.0.2:7160 > 10.77.0.1:0 p1 n3 b3068 ACCEPT",
      "eni-b 10.77.0.2:8080 > 10.77.0.1:59436 p6 n5 b3287 ACCEPT",
      "eni-b 10.77.0.2:5353 > 10.77.0.1:49671 p17 n1 b33 ACCEPT",
      "eni-b 10.77.0.2:7158 > 10.77.0.1:0 p1 n2 b168 ACCEPT",
      "eni-b 10.77.0.2:7160 > 10.77.0.1:0 p1 n3 b3068 ACCEPT",
      "eni-b 10.77.0.1:59436 > 10.77.0.2:8080 p6 n5 b286 ACCEPT",
      "eni-b 10.77.0.1:49671 > 10.77.0.2:5353 p17 n1 b33 REJECT",
      "eni-b 10.77.0.1:7158 > 10.77.0.2:2048 p1 n2 b168 REJECT",
      "eni-b 10.77.0.1:7160 > 10.77.0.2:2048 p1 n3 b3068 REJECT",
    ]);
    expect(r.err).toMatch(
      new RegExp(
        "^16 records \\(0 NODATA\\) for 1 flow log\\(s\\); 0 packets of DHCP and metadata traffic left out\\n" +
          "unattributed \\(no covered ENI\\): :: > ff02::16 \\(3 packets\\)",
      ),
    );
  });

  it("proposes a network when none is given, and says so", () => {
    const r = run("records", CAPTURE, "--format", "jsonl");
    expect(r.code).toBe(0);
    // One VPC for the private block seen (docs/history.md #12), not one per /16.
    // An IPv6-only VSwitch and ENIs for fd77::1 and ::2 in the same VPC.
    expect(r.err.split("\n")[0]).toBe(
      "no inventory given: proposed 1 VPC(s) (10.0.0.0/8), 2 VSwitch(es), 4 ENI(s) from the private " +
        "addresses seen; save it with --save-inventory and edit, or give --inventory",
    );
    const first = JSON.parse(r.out.split("\n")[0]);
    expect(first).toMatchObject({
      "interface-id": "eni-10-77-0-1",
      "vpc-id": "vpc-10",
      "subnet-id": "vsw-10-77-0",
      srcaddr: "10.77.0.1",
      dstaddr: "10.77.0.2",
      dstport: 8080,
      action: "ACCEPT",
      "log-status": "OK",
    });
  });

  it("extends a given network to the capture's private endpoints and writes it (--extend --save-inventory)", () => {
    // The lab network without B: 10.77.0.2 is in no VSwitch of vpc-lab, so it gets one (a /31
    // beside vsw-a's, narrowed from the /24 that would overlap) and an ENI there; fd77::1 and
    // ::2 an IPv6-only VSwitch and ENIs in vpc-lab, which gets their /48.
    const partial = {
      ...inventory,
      vswitches: [inventory.vswitches[0]],
      enis: [inventory.enis[0]],
      securityGroups: [inventory.securityGroups[0]],
    };
    const given = join(dir, "partial.json"),
      saved = join(dir, "extended.json");
    writeFileSync(given, JSON.stringify(partial));
    const before = run("records", CAPTURE, "--inventory", given, "--format", "jsonl");
    expect(
      before.out
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l)["interface-id"]),
    ).not.toContain("eni-10-77-0-2");
    const r = run("records", CAPTURE, "--inventory", given, "--extend", "--save-inventory", saved, "--format", "jsonl");
    expect(r.code).toBe(0);
    expect(r.err.split("\n").slice(0, 2)).toEqual([
      "extended the network for 3 private address(es): 0 VPC(s), 2 VSwitch(es), 3 ENI(s), 0 flow log(s)",
      `network written to ${saved}`,
    ]);
    const doc = JSON.parse(readFileSync(saved, "utf8"));
    expect(doc.vpcs[0].ipv6Cidrs).toEqual(["fd77::/48"]);
    expect(doc.vswitches.map((s: { id: string; cidr?: string; ipv6Cidr?: string }) => [s.id, s.cidr ?? s.ipv6Cidr])).toEqual([
      ["vsw-a", "10.77.0.0/31"],
      ["vsw-10-77-0-2", "10.77.0.2/31"],
      ["vsw-fd77", "fd77::/64"],
    ]);
    expect(doc.enis.map((e: { id: string; ips: string[] }) => [e.id, e.ips])).toEqual([
      ["eni-a", ["10.77.0.1"]],
      ["eni-10-77-0-2", ["10.77.0.2"]],
      ["eni-fd77--1", ["fd77::1"]],
      ["eni-fd77--2", ["fd77::2"]],
    ]);
    const records = r.out
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(records.filter((x) => x["interface-id"] === "eni-10-77-0-2" && x.dstport === 8080)).toMatchObject([
      { direction: "in", srcaddr: "10.77.0.1", action: "ACCEPT", "log-status": "OK" },
    ]);
    // The saved network is complete: given back, it needs no more.
    const again = run("records", CAPTURE, "--inventory", saved, "--extend", "--format", "jsonl");
    expect([again.code, again.err.includes("extended the network")]).toEqual([0, false]);
    expect(again.out).toBe(r.out);
  });

  it("refuses --extend without --inventory, and a quota that is no number", () => {
    expect(run("records", CAPTURE, "--extend")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--extend extends the network of --inventory"),
    });
    expect(run("records", CAPTURE, "--quota", "ten")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--quota takes a whole number of at least 1, not ten"),
    });
  });

  it("records a pcapng's named interfaces at the ENIs they are mapped to (--interface NAME=ENI, or an index)", () => {
    // dumpcap on one host's two NICs (make-interfaces-capture.sh): vethHa 10.50.1.5 and vethHb
    // 192.168.60.5, neither address on an ENI; each NIC's 4 flows (UDP and a refused TCP to two
    // peers) are its ENI's, out and in.
    const nics = new URL("../files/dumpcap-two-interfaces.pcapng", import.meta.url).pathname;
    const network = new URL("../files/nics-network.json", import.meta.url).pathname;
    const r = run("records", nics, "--inventory", network, "--interface", "vethHa=eni-a", "--interface", "1=eni-b", "--format", "jsonl");
    expect(r.code).toBe(0);
    const records = r.out
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const at = (eni: string) =>
      records
        .filter((x) => x["interface-id"] === eni)
        .map((x) => `${x.direction} ${x.srcaddr}>${x.dstaddr} ${x.protocol}`)
        .sort();
    // By the golden flows (tshark's, per interface): each is its NIC's host's, out when the host sends.
    const golden = JSON.parse(readFileSync(nics.replace(/\.pcapng$/, ".flows.json"), "utf8")) as {
      interface: number;
      srcaddr: string;
      dstaddr: string;
      protocol: number;
    }[];
    const expected = (iface: number, host: string) =>
      golden
        .filter((f) => f.interface === iface)
        .map((f) => `${f.srcaddr === host ? "out" : "in"} ${f.srcaddr}>${f.dstaddr} ${f.protocol}`)
        .sort();
    expect(at("eni-a")).toEqual(expected(0, "10.50.1.5"));
    expect(at("eni-b")).toEqual(expected(1, "192.168.60.5"));
    expect(records).toHaveLength(16);
    expect(run("records", nics, "--inventory", network, "--interface", "ethX=eni-a")).toMatchObject({
      code: 2,
      err: "flowlens: --interface ethX: no capture names an interface ethX (they name: 0 vethHa, 1 vethHb)\n",
    });
    expect(run("records", nics, "--inventory", network, "--interface", "vethHa=eni-z")).toMatchObject({
      code: 2,
      err: expect.stringContaining("mapped to ENI eni-z, which is not in the network"),
    });
    expect(run("records", nics, "--interface", "vethHa=eni-a")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--interface maps a capture interface to an ENI of --inventory"),
    });
    expect(run("records", nics, "--inventory", network, "--interface", "vethHa")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--interface takes NAME=ENI"),
    });
  });

  it("writes a flow-log file again in another format, reporting the lines it skipped", () => {
    const log = join(dir, "flows.log");
    writeFileSync(
      log,
      "2 1251762227 eni-lq6mkcis 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\nnot a record at all\n",
    );
    const r = run("records", log, "--format", "alibaba");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      "eni-id": "eni-lq6mkcis",
      srcport: "20641",
      dstport: "22",
      packets: "20",
      bytes: "4249",
      action: "ACCEPT",
      "log-status": "OK",
      "vswitch-id": "-",
    });
    expect(r.err).toBe(`${log}: aws, 1 records, 1 lines skipped\n  line 2: 5 fields where the format has 14\n`);
  });

  it("gives CCN records for traffic between regions, rejecting what exceeds the pair's bandwidth", () => {
    const inv = join(dir, "ccn.json");
    writeFileSync(
      inv,
      JSON.stringify({
        ...inventory,
        regions: [...inventory.regions, { id: "ap-shanghai", name: "Shanghai" }],
        enis: [],
        securityGroups: [],
        instances: [],
        networkAcls: [],
        vswitches: [],
        vpcs: [
          { ...inventory.vpcs[0], id: "vpc-a", cidrs: ["10.77.0.0/31"] },
          { ...inventory.vpcs[0], id: "vpc-b", regionId: "ap-shanghai", cidrs: ["10.77.0.2/31"] },
        ],
        ccns: [
          {
            id: "ccn-lab",
            name: "lab",
            vpcIds: ["vpc-a", "vpc-b"],
            bandwidthLimits: [{ fromRegion: "ap-shanghai", toRegion: "cn-huhehaote", mbps: 0.0004 }],
          },
        ],
      }),
    );
    const fl = join(dir, "ccn-fl.json");
    writeFileSync(fl, JSON.stringify({ resourceType: "CCN", resourceId: "ccn-lab", regionId: "cn-huhehaote" }));
    const r = run("records", CAPTURE, "--inventory", inv, "--flowlog", fl, "--format", "ccn");
    expect(r.code).toBe(0);
    // 0.0004 Mbps is 3000 bytes a minute from Shanghai (10.77.0.2) to Hohhot (10.77.0.1).
    expect(
      r.out
        .trim()
        .split("\n")
        .map((l) => l.split(" "))
        .map((t) => [t[0], t[1], t[9], t[6], t[10], t[11]]),
    ).toEqual([
      ["10.77.0.1", "ap-shanghai", "cn-huhehaote", "5", "286", "ACCEPT"],
      ["10.77.0.2", "cn-huhehaote", "ap-shanghai", "4", "3000", "ACCEPT"],
      ["10.77.0.2", "cn-huhehaote", "ap-shanghai", "1", "287", "REJECT"],
      ["10.77.0.1", "ap-shanghai", "cn-huhehaote", "1", "33", "ACCEPT"],
      ["10.77.0.2", "cn-huhehaote", "ap-shanghai", "1", "33", "REJECT"],
      ["10.77.0.1", "ap-shanghai", "cn-huhehaote", "5", "3236", "ACCEPT"],
      ["10.77.0.2", "cn-huhehaote", "ap-shanghai", "5", "3236", "REJECT"],
    ]);
    expect(r.err).toBe("7 records (0 NODATA) for 1 flow log(s); 0 packets of DHCP and metadata traffic left out\n");
  });

  it("refuses what it cannot use, saying what and where", () => {
    expect(run("records")).toMatchObject({ code: 2, err: expect.stringMatching(/^flowlens: no capture or flow-log file given/) });
    expect(run("records", CAPTURE, "--format", "xml")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--format takes tencent, aws, alibaba, alibaba-csv, ccn, jsonl, not xml/),
    });
    const bad = join(dir, "bad-inv.json");
    writeFileSync(bad, JSON.stringify({ ...inventory, enis: [{ ...inventory.enis[0], ips: ["10.99.0.1"] }] }));
    expect(run("records", CAPTURE, "--inventory", bad)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/bad-inv\.json: enis\[0\]\.ips\[0\]: 10\.99\.0\.1 is not inside VSwitch vsw-a's CIDR block/),
    });
  });
});
