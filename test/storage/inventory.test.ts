// Inventory create / read / update / delete with its referential rules (docs/history.md #3).
import { describe, expect, it } from "vitest";
import { chinese, english } from "../support/catalogues";
import { freshPlane, refusal, seed } from "./fixture";

describe("inventory", () => {
  it("creates, reads, updates and deletes, generating ids in each kind's form", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const vpc = await cp.create("vpcs", {
      regionId: "cn-huhehaote",
      accountId: "1234567890",
      name: "second",
      cidrs: ["192.168.0.0/16"],
      ipv6Cidrs: ["2408:4000::/56"],
    });
    expect(vpc.id).toMatch(/^vpc-[a-z0-9]{20}$/);
    const vsw = await cp.create("vswitches", { vpcId: vpc.id, name: "a", zone: "z", cidr: "192.168.3.0/24", ipv6Cidr: "2408:4000::/64" });
    expect(vsw.id).toMatch(/^vsw-[a-z0-9]{20}$/);
    expect(
      (await cp.create("enis", { vswitchId: vsw.id, name: "x", ips: ["192.168.3.9", "2408:4000::9"], securityGroupIds: [] })).id,
    ).toMatch(/^eni-[a-z0-9]{20}$/);
    expect((await cp.update("vswitches", vsw.id, { name: "renamed" })).name).toBe("renamed");
    expect((await cp.get("vswitches", vsw.id))?.name).toBe("renamed");
    expect((await cp.list("vpcs")).map((v) => v.id).sort()).toEqual([vpc.id, "vpc-main"].sort());
    const fresh = await cp.create("enis", { vswitchId: "vsw-web", name: "spare", ips: ["10.0.1.200"], securityGroupIds: [] });
    await cp.remove("enis", fresh.id);
    expect(await cp.get("enis", fresh.id)).toBeUndefined();
  });

  it("refuses a VSwitch whose CIDR is outside its VPC, or overlaps a sibling", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    expect(await refusal(cp.create("vswitches", { vpcId: "vpc-main", name: "b", zone: "z", cidr: "10.1.0.0/24" }))).toMatchObject({
      code: "vswitch.cidr-outside-vpc",
    });
    expect(await refusal(cp.create("vswitches", { vpcId: "vpc-main", name: "b", zone: "z", cidr: "10.0.1.128/25" }))).toMatchObject({
      code: "vswitch.cidr-overlap",
    });
    expect(await refusal(cp.create("vswitches", { vpcId: "vpc-nope", name: "b", zone: "z", cidr: "10.0.2.0/24" }))).toMatchObject({
      code: "vswitch.vpc-missing",
      field: expect.stringMatching(/\.vpcId$/),
    });
    expect(await refusal(cp.create("vswitches", { vpcId: "vpc-main", name: "b", zone: "z", cidr: "10.0.2.1/24" }))).toMatchObject({
      code: "vswitch.bad-cidr",
    });
  });

  it(
    "takes an IPv6-only VSwitch inside its VPC's IPv6 block (as AWS has IPv6-only subnets), and refuses " + "one with no block at all",
    async () => {
      const { cp } = await freshPlane();
      await seed(cp);
      await cp.update("vpcs", "vpc-main", { ipv6Cidrs: ["fd00:1::/48"] });
      const v6 = await cp.create("vswitches", { vpcId: "vpc-main", name: "v6", zone: "z", ipv6Cidr: "fd00:1::/64" });
      expect(await cp.create("enis", { vswitchId: v6.id, name: "v6 host", ips: ["fd00:1::5"], securityGroupIds: [] })).toMatchObject({
        ips: ["fd00:1::5"],
      });
      expect(await refusal(cp.create("vswitches", { vpcId: "vpc-main", name: "v6b", zone: "z", ipv6Cidr: "fd00:2::/64" }))).toMatchObject({
        code: "vswitch.ipv6-cidr-outside-vpc",
      });
      expect(await refusal(cp.create("vswitches", { vpcId: "vpc-main", name: "none", zone: "z" }))).toMatchObject({
        code: "vswitch.bad-cidr",
      });
    },
  );

  it("refuses an ENI whose IP is outside its VSwitch, already used, or whose group is elsewhere", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const e = await refusal(cp.create("enis", { vswitchId: "vsw-web", name: "x", ips: ["10.0.2.5"], securityGroupIds: [] }));
    expect(e).toMatchObject({ code: "eni.ip-outside-vswitch" });
    expect(english(e.problems[0].text)).toBe("10.0.2.5 is not inside VSwitch vsw-web's CIDR block");
    expect(chinese(e.problems[0].text)).toBe("10.0.2.5 不在交换机 vsw-web 的网段内");
    expect(await refusal(cp.create("enis", { vswitchId: "vsw-web", name: "x", ips: ["10.0.1.5"], securityGroupIds: [] }))).toMatchObject({
      code: "eni.ip-in-use",
    });
    expect(await refusal(cp.create("enis", { vswitchId: "vsw-nope", name: "x", ips: ["10.0.1.6"], securityGroupIds: [] }))).toMatchObject({
      code: "eni.vswitch-missing",
    });
    expect(
      await refusal(cp.create("enis", { vswitchId: "vsw-web", name: "x", ips: ["10.0.1.6"], securityGroupIds: ["sg-nope"] })),
    ).toMatchObject({ code: "eni.security-group-missing" });
    expect(await refusal(cp.create("enis", { vswitchId: "vsw-web", name: "x", ips: ["not-an-ip"], securityGroupIds: [] }))).toMatchObject({
      code: "eni.bad-ip",
    });
  });

  it("refuses to delete a VPC that still has VSwitches, listing what blocks it", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const e = await refusal(cp.remove("vpcs", "vpc-main"));
    expect(e.code).toBe("vpc.in-use");
    expect(english(e.problems[0].text)).toBe(
      "vpc-main cannot be deleted while these refer to it: VSwitch vsw-web, security group sg-web, network ACL acl-web",
    );
    expect(await refusal(cp.remove("securityGroups", "sg-web"))).toMatchObject({ code: "security-group.in-use" });
    expect(await refusal(cp.remove("networkAcls", "acl-web"))).toMatchObject({ code: "network-acl.in-use" });
    expect(await refusal(cp.remove("vswitches", "vsw-web"))).toMatchObject({ code: "vswitch.in-use" });
    expect(await cp.get("vpcs", "vpc-main")).toBeDefined();
  });

  it("validates security-group and ACL rules, priorities by dialect", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const rule = {
      id: "r9",
      priority: 101,
      direction: "in" as const,
      protocol: "tcp" as const,
      ports: [22, 22] as [number, number],
      peer: "0.0.0.0/0",
      policy: "accept" as const,
    };
    expect(await refusal(cp.update("securityGroups", "sg-web", { rules: [rule] }))).toMatchObject({
      code: "rule.priority-out-of-range",
      field: "securityGroups[sg-web].rules[0].priority",
    });
    expect(await refusal(cp.update("securityGroups", "sg-web", { rules: [{ ...rule, priority: 1, ports: [30, 20] }] }))).toMatchObject({
      code: "rule.bad-port-range",
    });
    expect(await refusal(cp.update("securityGroups", "sg-web", { rules: [{ ...rule, priority: 1, protocol: "icmp" }] }))).toMatchObject({
      code: "rule.ports-without-ports",
    });
    expect(await refusal(cp.update("securityGroups", "sg-web", { rules: [{ ...rule, priority: 1, peer: "10.0.0.1/8" }] }))).toMatchObject({
      code: "rule.bad-peer",
    });
    expect(
      await refusal(
        cp.update("networkAcls", "acl-web", {
          rules: [
            { ...rule, priority: 1 },
            { ...rule, priority: 2 },
          ],
        }),
      ),
    ).toMatchObject({ code: "rule.duplicate-id" });
    await cp.update("networkAcls", "acl-web", { dialect: "aws", rules: [{ ...rule, priority: 32766 }] });
    expect((await cp.get("networkAcls", "acl-web"))?.rules[0].priority).toBe(32766);
  });

  it("an ENI may hold IPv6 addresses from its VSwitch's IPv6 block only", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const e = await refusal(cp.create("enis", { vswitchId: "vsw-web", name: "x", ips: ["10.0.1.7", "2001:db8::7"], securityGroupIds: [] }));
    expect(e.code).toBe("eni.ip-outside-vswitch");
    expect(e.field).toMatch(/^enis\[eni-[a-z0-9]{20}\]\.ips\[1\]$/);
  });
});
