// AWS CLI output (`aws ec2 describe-vpcs | describe-subnets | describe-network-interfaces
// | describe-security-groups | describe-network-acls`, JSON) into the FlowLens inventory,
// keeping AWS's rule semantics:
// - security groups only allow: every permission becomes an accept rule, and what no rule
//   allows is dropped both ways (a group with no egress rule allows no new outbound flow;
//   replies still pass because groups are stateful);
// - network ACL entries keep their rule numbers as priorities, down to the final `*` deny
//   (rule 32767), and are stateless.
// AWS has no region in these responses: it is taken from a subnet's availability zone.
import type { Rule, Vpc } from "../../model/inventory";
import { type Conversion, nameTag, newConversion, portsOf, protocolOf, rule, upsert } from "./cloud-json";

// biome-ignore lint/suspicious/noExplicitAny: a cloud response is walked by its documented field names, checked by response-shape.ts first
type Json = Record<string, any>;

const regionOfZone = (az: string) => az.replace(/[a-z]$/, "");

export function isAwsResponse(doc: Json): boolean {
  return ["Vpcs", "Subnets", "NetworkInterfaces", "SecurityGroups", "NetworkAcls"].some((k) => Array.isArray(doc?.[k]));
}

export function convertAws(docs: Json[], into: Conversion = newConversion()): Conversion {
  const inv = into.inventory;
  const account = (id: unknown) => {
    const a = typeof id === "string" && /^\d+$/.test(id) ? id : "0";
    upsert(inv.accounts, { id: a, name: a === "0" ? "unknown AWS account" : `AWS ${a}` });
    return a;
  };
  const vpcRegion = new Map<string, string>();
  for (const d of docs) for (const s of d.Subnets ?? []) if (s.AvailabilityZone) vpcRegion.set(s.VpcId, regionOfZone(s.AvailabilityZone));
  for (const d of docs)
    for (const n of d.NetworkInterfaces ?? []) if (n.AvailabilityZone && n.VpcId) vpcRegion.set(n.VpcId, regionOfZone(n.AvailabilityZone));
  const region = (vpcId: string) => {
    const r = vpcRegion.get(vpcId) ?? "aws-unknown";
    upsert(inv.regions, { id: r, name: r === "aws-unknown" ? "AWS region not in the input" : r });
    return r;
  };

  for (const d of docs)
    for (const v of d.Vpcs ?? []) {
      const cidrs = [
        ...new Set([v.CidrBlock, ...(v.CidrBlockAssociationSet ?? []).map((a: Json) => a.CidrBlock)].filter(Boolean)),
      ] as string[];
      const ipv6 = (v.Ipv6CidrBlockAssociationSet ?? []).map((a: Json) => a.Ipv6CidrBlock).filter(Boolean) as string[];
      const vpc: Vpc = {
        id: v.VpcId,
        regionId: region(v.VpcId),
        accountId: account(v.OwnerId),
        name: nameTag(v.Tags) ?? v.VpcId,
        cidrs,
        ipv6Cidrs: ipv6,
      };
      upsert(inv.vpcs, vpc);
    }
  for (const d of docs)
    for (const s of d.Subnets ?? []) {
      const ipv6 = (s.Ipv6CidrBlockAssociationSet ?? [])[0]?.Ipv6CidrBlock;
      upsert(inv.vswitches, {
        id: s.SubnetId,
        vpcId: s.VpcId,
        name: nameTag(s.Tags) ?? s.SubnetId,
        zone: s.AvailabilityZone ?? "",
        cidr: s.CidrBlock,
        ...(ipv6 ? { ipv6Cidr: ipv6 } : {}),
      });
    }
  for (const d of docs)
    for (const g of d.SecurityGroups ?? []) {
      const rules: Rule[] = [];
      for (const [list, direction] of [
        [g.IpPermissions, "in"],
        [g.IpPermissionsEgress, "out"],
      ] as const) {
        for (const [i, p] of (list ?? []).entries()) {
          const protocol = protocolOf(p.IpProtocol);
          if (protocol === null) {
            into.notes.push(`${g.GroupId}: permission ${i} has protocol ${p.IpProtocol}, which FlowLens cannot model; left out`);
            continue;
          }
          const ports = portsOf(protocol, p.FromPort, p.ToPort);
          const peers = [
            ...(p.IpRanges ?? []).map((r: Json) => [r.CidrIp, r.Description]),
            ...(p.Ipv6Ranges ?? []).map((r: Json) => [r.CidrIpv6, r.Description]),
          ];
          for (const [j, [peer, description]] of (peers as [string, string | undefined][]).entries())
            rules.push(rule(`${direction}-${i}-${j}`, 1, direction, protocol, ports, peer, "accept", description));
          if ((p.UserIdGroupPairs ?? []).length || (p.PrefixListIds ?? []).length)
            into.notes.push(
              `${g.GroupId}: permission ${i} refers to security groups or prefix lists, not CIDR blocks; that part is left out`,
            );
        }
      }
      upsert(inv.securityGroups, {
        id: g.GroupId,
        vpcId: g.VpcId,
        name: g.GroupName ?? g.GroupId,
        dialect: "aws",
        rules,
        defaultInbound: "drop",
        defaultOutbound: "drop",
      });
    }
  for (const d of docs)
    for (const a of d.NetworkAcls ?? []) {
      const rules = (a.Entries ?? []).flatMap((e: Json) => {
        const protocol = protocolOf(e.Protocol);
        const peer = e.CidrBlock ?? e.Ipv6CidrBlock;
        if (protocol === null || !peer) {
          into.notes.push(`${a.NetworkAclId}: entry ${e.RuleNumber} cannot be modelled (protocol ${e.Protocol}); left out`);
          return [];
        }
        const direction = e.Egress ? "out" : "in";
        return [
          rule(
            `${direction}-${e.RuleNumber}${e.Ipv6CidrBlock ? "-v6" : ""}`,
            e.RuleNumber,
            direction,
            protocol,
            portsOf(protocol, e.PortRange?.From, e.PortRange?.To),
            peer,
            e.RuleAction === "allow" ? "accept" : "drop",
          ),
        ];
      });
      upsert(inv.networkAcls, {
        id: a.NetworkAclId,
        vpcId: a.VpcId,
        name: nameTag(a.Tags) ?? a.NetworkAclId,
        dialect: "aws",
        rules,
        defaultInbound: "drop",
        defaultOutbound: "drop",
      });
      for (const assoc of a.Associations ?? []) {
        const s = inv.vswitches.find((x) => x.id === assoc.SubnetId);
        if (s) s.aclId = a.NetworkAclId;
      }
    }
  for (const d of docs)
    for (const n of d.NetworkInterfaces ?? []) {
      const ips = [
        ...(n.PrivateIpAddresses ?? [])
          .slice()
          .sort((x: Json, y: Json) => Number(!!y.Primary) - Number(!!x.Primary))
          .map((p: Json) => p.PrivateIpAddress),
        ...(n.Ipv6Addresses ?? []).map((p: Json) => p.Ipv6Address),
      ];
      if (!ips.length && n.PrivateIpAddress) ips.push(n.PrivateIpAddress);
      const instanceId = n.Attachment?.InstanceId as string | undefined;
      if (instanceId) {
        upsert(inv.instances, { id: instanceId, vswitchId: n.SubnetId, instanceType: "unknown", name: instanceId }, (o) => o);
        if (!into.notes.some((x) => x.startsWith("instances:")))
          into.notes.push("instances: describe-network-interfaces does not give instance types; they are set to unknown");
      }
      upsert(inv.enis, {
        id: n.NetworkInterfaceId,
        vswitchId: n.SubnetId,
        ...(instanceId ? { instanceId } : {}),
        name: n.Description || n.NetworkInterfaceId,
        ips,
        securityGroupIds: (n.Groups ?? []).map((g: Json) => g.GroupId),
      });
    }
  return into;
}
