// Every rule of the inventory (docs/rules.md §1, §5, docs/history.md #3) checked over a whole snapshot: the
// store runs it on the state a change would leave (refusing the change on any problem),
// and `flowlens inventory check` and the document import run it on a document.
import { type Cidr, cidrContains, ipInCidr, parseCidr, parseIp } from "./cidr";
import { isIdLike } from "./ids";
import type { Inventory, InventoryKind, Policy, RuleDialect } from "./inventory";
import { INVENTORY_KINDS, PRIORITY_MAX } from "./inventory";
import { type Problem, problem } from "./problems";
import { checkRules } from "./rules";

/** How a problem names an entity: by index (documents) or by id (the store). */
export type PathStyle = "index" | "id";

const DIALECTS: RuleDialect[] = Object.keys(PRIORITY_MAX) as RuleDialect[];
const isPolicy = (p: unknown): p is Policy => p === "accept" || p === "drop";

export function checkInventory(inv: Inventory, style: PathStyle = "index"): Problem[] {
  const out: Problem[] = [];
  const path = (kind: InventoryKind, i: number, field?: string) => {
    const e = inv[kind][i] as { id?: string };
    return `${kind}[${style === "id" && e?.id ? e.id : i}]${field ? `.${field}` : ""}`;
  };
  const byId = new Map<string, { kind: InventoryKind; entity: unknown }>();
  for (const kind of INVENTORY_KINDS) {
    inv[kind].forEach((e, i) => {
      const id = (e as { id: unknown }).id;
      if (!isIdLike(id))
        out.push(problem("id.invalid", path(kind, i, "id"), `id ${JSON.stringify(id)} is not a valid id`, `ID ${JSON.stringify(id)} 无效`));
      else if (byId.has(id))
        out.push(
          problem(
            "id.duplicate",
            path(kind, i, "id"),
            `id ${id} is used by another ${byId.get(id)!.kind.replace(/s$/, "")}`,
            `ID ${id} 已被另一个资源使用`,
          ),
        );
      else byId.set(id, { kind, entity: e });
    });
  }
  const has = (kind: InventoryKind, id: string | undefined) => id !== undefined && byId.get(id)?.kind === kind;
  // Looked up by id, not searched for: a find() per ENI made the check quadratic.
  const entity = <K extends InventoryKind>(kind: K, id: string): Inventory[K][number] | undefined =>
    has(kind, id) ? (byId.get(id)!.entity as Inventory[K][number]) : undefined;
  const missing = (code: string, at: string, what: string, id: unknown) =>
    out.push(problem(code, at, `${what} ${id} does not exist`, `${what} ${id} 不存在`));

  inv.accounts.forEach((a, i) => {
    if (!/^\d{1,32}$/.test(a.id))
      out.push(problem("account.bad-id", path("accounts", i, "id"), `account id ${a.id} must be digits`, `账号 ID ${a.id} 必须是数字`));
  });

  const vpcCidrs = new Map<string, Cidr[]>();
  inv.vpcs.forEach((v, i) => {
    if (!has("regions", v.regionId)) missing("vpc.region-missing", path("vpcs", i, "regionId"), "region", v.regionId);
    if (!has("accounts", v.accountId)) missing("vpc.account-missing", path("vpcs", i, "accountId"), "account", v.accountId);
    const cidrs: Cidr[] = [];
    if (!Array.isArray(v.cidrs) || v.cidrs.length === 0)
      out.push(problem("vpc.no-cidr", path("vpcs", i, "cidrs"), "a VPC needs at least one IPv4 CIDR block", "VPC 至少需要一个 IPv4 网段"));
    (v.cidrs ?? []).forEach((c, j) => {
      const p = parseCidr(c);
      if (p?.family !== 4)
        out.push(problem("vpc.bad-cidr", path("vpcs", i, `cidrs[${j}]`), `${c} is not an IPv4 CIDR block`, `${c} 不是合法的 IPv4 网段`));
      else cidrs.push(p);
    });
    (v.ipv6Cidrs ?? []).forEach((c, j) => {
      const p = parseCidr(c);
      if (p?.family !== 6)
        out.push(
          problem("vpc.bad-ipv6-cidr", path("vpcs", i, `ipv6Cidrs[${j}]`), `${c} is not an IPv6 CIDR block`, `${c} 不是合法的 IPv6 网段`),
        );
      else cidrs.push(p);
    });
    vpcCidrs.set(v.id, cidrs);
  });

  const vswCidr = new Map<string, Cidr[]>();
  const overlapCandidates: { i: number; vpcId: string; lo: bigint; hi: bigint }[] = [];
  const vswVpc = new Map(inv.vswitches.map((s) => [s.id, s.vpcId]));
  inv.vswitches.forEach((s, i) => {
    if (!has("vpcs", s.vpcId)) {
      missing("vswitch.vpc-missing", path("vswitches", i, "vpcId"), "VPC", s.vpcId);
      return;
    }
    const own: Cidr[] = [];
    // An IPv6-only VSwitch (AWS allows IPv6-only subnets) has no IPv4 block: its IPv6 block is checked below.
    const v6Only = (s.cidr === undefined || s.cidr === "") && s.ipv6Cidr !== undefined;
    const c = v6Only ? null : parseCidr(s.cidr ?? "");
    if (!v6Only && !s.cidr)
      out.push(
        problem(
          "vswitch.bad-cidr",
          path("vswitches", i, "cidr"),
          "a VSwitch needs an IPv4 CIDR block (or, IPv6-only, just an IPv6 one)",
          "交换机需要 IPv4 网段（仅 IPv6 的交换机只需 IPv6 网段）",
        ),
      );
    else if (!v6Only && c?.family !== 4)
      out.push(
        problem("vswitch.bad-cidr", path("vswitches", i, "cidr"), `${s.cidr} is not an IPv4 CIDR block`, `${s.cidr} 不是合法的 IPv4 网段`),
      );
    else if (c && !(vpcCidrs.get(s.vpcId) ?? []).some((v) => cidrContains(v, c)))
      out.push(
        problem(
          "vswitch.cidr-outside-vpc",
          path("vswitches", i, "cidr"),
          `${s.cidr} is not inside a CIDR block of VPC ${s.vpcId}`,
          `${s.cidr} 不在 VPC ${s.vpcId} 的网段内`,
        ),
      );
    else if (c) own.push(c);
    if (s.ipv6Cidr !== undefined) {
      const c6 = parseCidr(s.ipv6Cidr);
      if (c6?.family !== 6 || !(vpcCidrs.get(s.vpcId) ?? []).some((v) => cidrContains(v, c6)))
        out.push(
          problem(
            "vswitch.ipv6-cidr-outside-vpc",
            path("vswitches", i, "ipv6Cidr"),
            `${s.ipv6Cidr} is not an IPv6 block inside VPC ${s.vpcId}`,
            `${s.ipv6Cidr} 不是 VPC ${s.vpcId} 内的 IPv6 网段`,
          ),
        );
      else own.push(c6);
    }
    if (!s.zone) out.push(problem("vswitch.no-zone", path("vswitches", i, "zone"), "a VSwitch needs a zone", "交换机需要可用区"));
    if (s.aclId !== undefined) {
      const acl = entity("networkAcls", s.aclId);
      if (!acl) missing("vswitch.acl-missing", path("vswitches", i, "aclId"), "network ACL", s.aclId);
      else if (acl.vpcId !== s.vpcId)
        out.push(
          problem(
            "vswitch.acl-other-vpc",
            path("vswitches", i, "aclId"),
            `network ACL ${s.aclId} belongs to VPC ${acl.vpcId}, not ${s.vpcId}`,
            `网络 ACL ${s.aclId} 属于 VPC ${acl.vpcId}，而不是 ${s.vpcId}`,
          ),
        );
    }
    if (c && c.family === 4) overlapCandidates.push({ i, vpcId: s.vpcId, lo: c.base, hi: c.base + (1n << BigInt(32 - c.prefix)) - 1n });
    vswCidr.set(s.id, own);
  });
  // Overlaps by a sweep over each VPC's blocks in address order (docs/history.md #10: comparing every
  // pair made 10,000 VSwitches take 47 s, and the check runs on every change).
  overlapCandidates.sort((a, b) => (a.vpcId < b.vpcId ? -1 : a.vpcId > b.vpcId ? 1 : a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : a.i - b.i));
  let reach: (typeof overlapCandidates)[number] | null = null;
  for (const x of overlapCandidates) {
    if (reach && reach.vpcId === x.vpcId && x.lo <= reach.hi) {
      const [later, earlier] = x.i > reach.i ? [x.i, reach.i] : [reach.i, x.i];
      const s = inv.vswitches[later],
        o = inv.vswitches[earlier];
      out.push(
        problem(
          "vswitch.cidr-overlap",
          path("vswitches", later, "cidr"),
          `${s.cidr} overlaps VSwitch ${o.id} (${o.cidr})`,
          `${s.cidr} 与交换机 ${o.id}（${o.cidr}）重叠`,
        ),
      );
    }
    if (!reach || reach.vpcId !== x.vpcId || x.hi > reach.hi) reach = x;
  }

  inv.instances.forEach((n, i) => {
    if (!has("vswitches", n.vswitchId)) missing("instance.vswitch-missing", path("instances", i, "vswitchId"), "VSwitch", n.vswitchId);
    if (typeof n.instanceType !== "string" || !/^[a-z0-9][a-z0-9.-]*$/i.test(n.instanceType))
      out.push(
        problem(
          "instance.bad-type",
          path("instances", i, "instanceType"),
          `instance type ${n.instanceType} is not a type name such as ecs.g6.large`,
          `实例规格 ${n.instanceType} 无效，应形如 ecs.g6.large`,
        ),
      );
  });

  const ipOwner = new Map<string, string>();
  inv.enis.forEach((e, i) => {
    if (!has("vswitches", e.vswitchId)) {
      missing("eni.vswitch-missing", path("enis", i, "vswitchId"), "VSwitch", e.vswitchId);
      return;
    }
    const vpcId = vswVpc.get(e.vswitchId)!;
    if (e.instanceId !== undefined) {
      const inst = entity("instances", e.instanceId);
      if (!inst) missing("eni.instance-missing", path("enis", i, "instanceId"), "instance", e.instanceId);
      else if (vswVpc.has(inst.vswitchId) && vswVpc.get(inst.vswitchId) !== vpcId)
        out.push(
          problem(
            "eni.instance-other-vpc",
            path("enis", i, "instanceId"),
            `instance ${e.instanceId} is in another VPC`,
            `实例 ${e.instanceId} 属于其他 VPC`,
          ),
        );
    }
    if (!Array.isArray(e.ips) || e.ips.length === 0)
      out.push(problem("eni.no-ip", path("enis", i, "ips"), "an ENI needs a primary private IP", "弹性网卡需要一个主私网 IP"));
    (e.ips ?? []).forEach((ip, j) => {
      const p = parseIp(ip);
      if (!p) {
        out.push(problem("eni.bad-ip", path("enis", i, `ips[${j}]`), `${ip} is not an IP address`, `${ip} 不是合法的 IP 地址`));
        return;
      }
      if (!(vswCidr.get(e.vswitchId) ?? []).some((c) => ipInCidr(ip, c)))
        out.push(
          problem(
            "eni.ip-outside-vswitch",
            path("enis", i, `ips[${j}]`),
            `${ip} is not inside VSwitch ${e.vswitchId}'s CIDR block`,
            `${ip} 不在交换机 ${e.vswitchId} 的网段内`,
          ),
        );
      const key = `${vpcId}|${p.family}|${p.value}`;
      if (ipOwner.has(key))
        out.push(
          problem(
            "eni.ip-in-use",
            path("enis", i, `ips[${j}]`),
            `${ip} is already used by ENI ${ipOwner.get(key)}`,
            `${ip} 已被弹性网卡 ${ipOwner.get(key)} 使用`,
          ),
        );
      else ipOwner.set(key, e.id);
    });
    (e.securityGroupIds ?? []).forEach((sg, j) => {
      const g = entity("securityGroups", sg);
      if (!g) missing("eni.security-group-missing", path("enis", i, `securityGroupIds[${j}]`), "security group", sg);
      else if (g.vpcId !== vpcId)
        out.push(
          problem(
            "eni.security-group-other-vpc",
            path("enis", i, `securityGroupIds[${j}]`),
            `security group ${sg} belongs to VPC ${g.vpcId}, not ${vpcId}`,
            `安全组 ${sg} 属于 VPC ${g.vpcId}，而不是 ${vpcId}`,
          ),
        );
    });
  });

  for (const kind of ["securityGroups", "networkAcls"] as const) {
    const what = kind === "securityGroups" ? "security-group" : "acl";
    inv[kind].forEach((g, i) => {
      if (!has("vpcs", g.vpcId)) missing(`${what}.vpc-missing`, path(kind, i, "vpcId"), "VPC", g.vpcId);
      if (!DIALECTS.includes(g.dialect))
        out.push(
          problem(
            `${what}.bad-dialect`,
            path(kind, i, "dialect"),
            `dialect must be one of ${DIALECTS.join(", ")}`,
            `规则语义必须是 ${DIALECTS.join("、")} 之一`,
          ),
        );
      else out.push(...checkRules(g.rules ?? [], g.dialect, path(kind, i, "rules")));
      if (!isPolicy(g.defaultInbound))
        out.push(
          problem(
            `${what}.bad-default`,
            path(kind, i, "defaultInbound"),
            "defaultInbound must be accept or drop",
            "入方向默认策略必须是 accept 或 drop",
          ),
        );
      if (!isPolicy(g.defaultOutbound))
        out.push(
          problem(
            `${what}.bad-default`,
            path(kind, i, "defaultOutbound"),
            "defaultOutbound must be accept or drop",
            "出方向默认策略必须是 accept 或 drop",
          ),
        );
    });
  }

  inv.ccns.forEach((c, i) => {
    (c.vpcIds ?? []).forEach((v, j) => {
      if (!has("vpcs", v)) missing("ccn.vpc-missing", path("ccns", i, `vpcIds[${j}]`), "VPC", v);
    });
    (c.bandwidthLimits ?? []).forEach((b, j) => {
      if (!has("regions", b.fromRegion) || !has("regions", b.toRegion))
        out.push(
          problem(
            "ccn.region-missing",
            path("ccns", i, `bandwidthLimits[${j}]`),
            `regions ${b.fromRegion} and ${b.toRegion} must both exist`,
            `地域 ${b.fromRegion} 和 ${b.toRegion} 必须都存在`,
          ),
        );
      if (!(b.mbps > 0))
        out.push(
          problem(
            "ccn.bad-bandwidth",
            path("ccns", i, `bandwidthLimits[${j}].mbps`),
            `bandwidth ${b.mbps} Mbps must be above 0`,
            `带宽 ${b.mbps} Mbps 必须大于 0`,
          ),
        );
    });
  });
  return out;
}
