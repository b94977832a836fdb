// Cloud JSON (the samples in test/files/cloud, shaped as the API references document)
// into the inventory, keeping each cloud's rule semantics.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CloudJsonError, convertCloudJson } from "../../src/formats/cloud/convert";
import { readDocument } from "../../src/model/inventory-document";
import { decidingRule } from "../../src/model/rules";

const sample = (name: string) => ({ name, json: JSON.parse(readFileSync(new URL(`../files/cloud/${name}`, import.meta.url), "utf8")) });
const AWS = [
  "aws-describe-vpcs.json",
  "aws-describe-subnets.json",
  "aws-describe-network-interfaces.json",
  "aws-describe-security-groups.json",
  "aws-describe-network-acls.json",
].map(sample);
const ALIBABA = [
  "alibaba-DescribeVpcs.json",
  "alibaba-DescribeVSwitches.json",
  "alibaba-DescribeNetworkInterfaces.json",
  "alibaba-DescribeSecurityGroupAttribute.json",
].map(sample);

describe("AWS describe-* output", () => {
  const { document, notes } = convertCloudJson(AWS);
  it("gives a valid inventory: region from the zone, primary IP first, ACL bound to its subnet", () => {
    expect(readDocument(document).problems).toEqual([]);
    expect(document.regions).toEqual([{ id: "us-east-1", name: "us-east-1" }]);
    expect(document.vpcs[0]).toEqual({
      id: "vpc-0e9801d129EXAMPLE",
      regionId: "us-east-1",
      accountId: "111122223333",
      name: "production",
      cidrs: ["10.0.0.0/16", "10.1.0.0/16"],
      ipv6Cidrs: ["2001:db8:1234:1a00::/56"],
    });
    expect(document.vswitches[0]).toEqual({
      id: "subnet-0bb1c79de3EXAMPLE",
      vpcId: "vpc-0e9801d129EXAMPLE",
      name: "web",
      zone: "us-east-1a",
      cidr: "10.0.1.0/24",
      ipv6Cidr: "2001:db8:1234:1a00::/64",
      aclId: "acl-9aeb5ef7",
    });
    expect(document.enis[0]).toEqual({
      id: "eni-0b1c2d3e4f5a6b7c8",
      vswitchId: "subnet-0bb1c79de3EXAMPLE",
      instanceId: "i-1234567890abcdef0",
      name: "web server",
      ips: ["10.0.1.17", "10.0.1.18", "2001:db8:1234:1a00::10"],
      securityGroupIds: ["sg-903004f8"],
    });
    expect(notes).toEqual([
      "sg-903004f8: permission 2 refers to security groups or prefix lists, not CIDR blocks; that part is left out",
      "instances: describe-network-interfaces does not give instance types; they are set to unknown",
    ]);
  });

  it("security groups only allow: permissions become accept rules, and a group with no egress rule allows no new outbound flow", () => {
    const sg = document.securityGroups[0];
    expect(sg).toMatchObject({ dialect: "aws", defaultInbound: "drop", defaultOutbound: "drop" });
    expect(sg.rules).toEqual([
      {
        id: "in-0-0",
        priority: 1,
        direction: "in",
        protocol: "tcp",
        ports: [22, 22],
        peer: "203.0.113.0/24",
        policy: "accept",
        description: "admin",
      },
      { id: "in-1-0", priority: 1, direction: "in", protocol: "tcp", ports: [443, 443], peer: "0.0.0.0/0", policy: "accept" },
      { id: "in-1-1", priority: 1, direction: "in", protocol: "tcp", ports: [443, 443], peer: "::/0", policy: "accept" },
      { id: "in-3-0", priority: 1, direction: "in", protocol: "icmp", peer: "10.0.0.0/16", policy: "accept" },
    ]);
    expect(decidingRule(sg.rules, { direction: "out", protocol: 6, port: 443, peer: "93.184.216.34" })).toBeNull();
  });

  it("ACL entries keep their rule numbers, down to the final * deny", () => {
    const acl = document.networkAcls[0];
    expect(acl.rules.map((r) => [r.id, r.priority, r.direction, r.protocol, r.ports ?? null, r.peer, r.policy])).toEqual([
      ["out-100", 100, "out", "all", null, "0.0.0.0/0", "accept"],
      ["out-32767", 32767, "out", "all", null, "0.0.0.0/0", "drop"],
      ["in-90", 90, "in", "tcp", [22, 22], "198.51.100.0/24", "drop"],
      ["in-100", 100, "in", "tcp", null, "0.0.0.0/0", "accept"],
      ["in-32767", 32767, "in", "all", null, "0.0.0.0/0", "drop"],
    ]);
    expect(decidingRule(acl.rules, { direction: "in", protocol: 6, port: 22, peer: "198.51.100.7" })?.rule.id).toBe("in-90");
    expect(decidingRule(acl.rules, { direction: "in", protocol: 6, port: 22, peer: "192.0.2.7" })?.rule.id).toBe("in-100");
    expect(decidingRule(acl.rules, { direction: "in", protocol: 17, port: 53, peer: "192.0.2.7" })?.rule.id).toBe("in-32767");
  });
});

describe("Alibaba Cloud Describe* responses", () => {
  const { document, notes } = convertCloudJson(ALIBABA);
  it("gives a valid inventory with secondary CIDRs, IPv6, and the primary private IP first", () => {
    expect(readDocument(document).problems).toEqual([]);
    expect(document.vpcs[0]).toEqual({
      id: "vpc-hp3xmqcmqekyq3yb****",
      regionId: "cn-huhehaote",
      accountId: "1776185279882315",
      name: "prod",
      cidrs: ["192.168.0.0/16", "172.16.0.0/16"],
      ipv6Cidrs: ["2408:4002:10c4:4e00::/56"],
    });
    expect(document.enis[0].ips).toEqual(["192.168.1.10", "192.168.1.11", "2408:4002:10c4:4e03::a"]);
    expect(notes).toEqual([
      "vsw-hp3ph5vgf6vb40t9x****: bound to network ACL nacl-hp3bm3cnzd1otj4z****, which these responses do " +
        "not describe; the binding is left out",
      "sg-hp3c8nwzbv2wxblx****: rule sgr-web-group names a security group or prefix list, not a CIDR block; left out",
      "instances: DescribeNetworkInterfaces does not give instance types; they are set to unknown",
    ]);
  });

  it("keeps priorities 1-100 where the lowest wins and drop wins a tie", () => {
    const sg = document.securityGroups[0];
    expect(sg).toMatchObject({ dialect: "alibaba", defaultInbound: "drop", defaultOutbound: "accept" });
    expect(sg.rules.map((r) => [r.id, r.priority, r.direction, r.protocol, r.ports ?? null, r.peer, r.policy])).toEqual([
      ["sgr-web-https", 1, "in", "tcp", [443, 443], "0.0.0.0/0", "accept"],
      ["sgr-web-ssh-drop", 100, "in", "tcp", [22, 22], "0.0.0.0/0", "drop"],
      ["sgr-web-icmp", 1, "in", "icmp", null, "203.0.113.12/32", "accept"],
      ["sgr-web-v6", 1, "in", "tcp", [443, 443], "::/0", "accept"],
      ["sgr-web-out-db", 1, "out", "tcp", [3306, 3306], "192.168.2.0/24", "drop"],
    ]);
    const tie = [
      ...sg.rules,
      {
        id: "tie",
        priority: 1,
        direction: "in" as const,
        protocol: "tcp" as const,
        ports: [443, 443] as [number, number],
        peer: "0.0.0.0/0",
        policy: "drop" as const,
      },
    ];
    expect(decidingRule(tie, { direction: "in", protocol: 6, port: 443, peer: "198.51.100.1" })?.rule.id).toBe("tie");
  });

  it("merges both clouds' responses into one document", () => {
    const both = convertCloudJson([...AWS, ...ALIBABA]).document;
    expect(both.vpcs.map((v) => v.id)).toEqual(["vpc-0e9801d129EXAMPLE", "vpc-hp3xmqcmqekyq3yb****"]);
    expect(readDocument(both).problems).toEqual([]);
  });

  it("names a file that is no response it reads", () => {
    expect(() => convertCloudJson([{ name: "x.json", json: { Reservations: [] } }])).toThrow(CloudJsonError);
    expect(() => convertCloudJson([{ name: "x.json", json: { Reservations: [] } }])).toThrow(/^x\.json: not a response FlowLens reads/);
  });
});
