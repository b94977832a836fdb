// Alibaba Cloud OpenAPI responses (DescribeVpcs, DescribeVSwitches,
// DescribeNetworkInterfaces, DescribeSecurityGroupAttribute; JSON as `aliyun` prints it)
// into the FlowLens inventory, keeping Alibaba's rule semantics: priorities 1-100, the
// lowest wins and drop wins a tie; what no rule matches is dropped inbound and accepted
// outbound. Rules naming a source security group instead of a CIDR cannot be modelled.
import type { Rule } from "../../model/inventory";
import { type Conversion, newConversion, portsOf, protocolOf, rule, upsert } from "./cloud-json";

// biome-ignore lint/suspicious/noExplicitAny: a cloud response is walked by its documented field names, checked by response-shape.ts first
type Json = Record<string, any>;

export function isAlibabaResponse(doc: Json): boolean {
  return !!(
    doc?.Vpcs?.Vpc ||
    doc?.VSwitches?.VSwitch ||
    doc?.NetworkInterfaceSets?.NetworkInterfaceSet ||
    (doc?.SecurityGroupId && doc?.Permissions)
  );
}

const DEFAULT_ACCOUNT = "0";

export function convertAlibaba(docs: Json[], into: Conversion = newConversion()): Conversion {
  const inv = into.inventory;
  const account = (id: unknown) => {
    const a = id !== undefined && /^\d+$/.test(String(id)) ? String(id) : DEFAULT_ACCOUNT;
    upsert(inv.accounts, { id: a, name: a === DEFAULT_ACCOUNT ? "default account" : `Alibaba Cloud ${a}` }, (o) => o);
    return a;
  };
  const region = (id: string) => {
    upsert(inv.regions, { id, name: id }, (o) => o);
    return id;
  };

  for (const d of docs)
    for (const v of d.Vpcs?.Vpc ?? []) {
      const cidrs = [v.CidrBlock, ...(v.SecondaryCidrBlocks?.SecondaryCidrBlock ?? [])].filter(Boolean);
      upsert(inv.vpcs, {
        id: v.VpcId,
        regionId: region(v.RegionId),
        accountId: account(v.OwnerId),
        name: v.VpcName || v.VpcId,
        cidrs,
        ipv6Cidrs: v.Ipv6CidrBlock ? [v.Ipv6CidrBlock] : [],
      });
    }
  for (const d of docs)
    for (const s of d.VSwitches?.VSwitch ?? []) {
      upsert(inv.vswitches, {
        id: s.VSwitchId,
        vpcId: s.VpcId,
        name: s.VSwitchName || s.VSwitchId,
        zone: s.ZoneId ?? "",
        cidr: s.CidrBlock,
        ...(s.Ipv6CidrBlock ? { ipv6Cidr: s.Ipv6CidrBlock } : {}),
      });
      if (s.NetworkAclId)
        into.notes.push(
          `${s.VSwitchId}: bound to network ACL ${s.NetworkAclId}, which these responses do not describe; the binding is left out`,
        );
    }
  for (const d of docs) {
    if (!(d.SecurityGroupId && d.Permissions)) continue;
    const rules: Rule[] = [];
    for (const [i, p] of (d.Permissions.Permission ?? []).entries()) {
      const direction = String(p.Direction).toLowerCase() === "egress" ? "out" : "in";
      const protocol = protocolOf(p.IpProtocol);
      const peer = direction === "in" ? p.SourceCidrIp || p.Ipv6SourceCidrIp : p.DestCidrIp || p.Ipv6DestCidrIp;
      if (protocol === null || !peer) {
        into.notes.push(
          `${d.SecurityGroupId}: rule ${p.SecurityGroupRuleId ?? i} names a security group or prefix list, not a CIDR block; left out`,
        );
        continue;
      }
      const [from, to] = String(p.PortRange ?? "-1/-1").split("/");
      rules.push(
        rule(
          p.SecurityGroupRuleId ?? `rule-${i}`,
          Number(p.Priority ?? 1),
          direction,
          protocol,
          portsOf(protocol, from, to),
          peer,
          String(p.Policy).toLowerCase() === "drop" ? "drop" : "accept",
          p.Description || undefined,
        ),
      );
    }
    upsert(inv.securityGroups, {
      id: d.SecurityGroupId,
      vpcId: d.VpcId,
      name: d.SecurityGroupName || d.SecurityGroupId,
      dialect: "alibaba",
      rules,
      defaultInbound: "drop",
      defaultOutbound: "accept",
    });
  }
  for (const d of docs)
    for (const n of d.NetworkInterfaceSets?.NetworkInterfaceSet ?? []) {
      const sets = (n.PrivateIpSets?.PrivateIpSet ?? [])
        .slice()
        .sort((x: Json, y: Json) => Number(!!y.Primary) - Number(!!x.Primary))
        .map((p: Json) => p.PrivateIpAddress);
      const ips = [
        ...new Set([n.PrivateIpAddress, ...sets].filter(Boolean)),
        ...(n.Ipv6Sets?.Ipv6Set ?? []).map((p: Json) => p.Ipv6Address),
      ];
      if (n.InstanceId) {
        upsert(inv.instances, { id: n.InstanceId, vswitchId: n.VSwitchId, instanceType: "unknown", name: n.InstanceId }, (o) => o);
        if (!into.notes.some((x) => x.startsWith("instances:")))
          into.notes.push("instances: DescribeNetworkInterfaces does not give instance types; they are set to unknown");
      }
      upsert(inv.enis, {
        id: n.NetworkInterfaceId,
        vswitchId: n.VSwitchId,
        ...(n.InstanceId ? { instanceId: n.InstanceId } : {}),
        name: n.NetworkInterfaceName || n.NetworkInterfaceId,
        ips,
        securityGroupIds: n.SecurityGroupIds?.SecurityGroupId ?? [],
      });
    }
  return into;
}
