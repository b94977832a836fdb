// Every rule of the inventory (docs/rules.md §1, §5, docs/history.md #3) checked over a whole snapshot: the
// store runs it on the state a change would leave (refusing the change on any problem),
// and `flowlens inventory check` and the document import run it on a document.
import { type Cidr, cidrContains, ipInCidr, parseCidr, parseIp } from "./cidr";
import { isIdLike } from "./ids";
import type { Inventory, InventoryKind, Policy, RuleDialect } from "./inventory";
import { INVENTORY_KINDS, PRIORITY_MAX } from "./inventory";
import { type Problem, problem } from "./problems";
import { checkRules } from "./rules";
import { text } from "./text";

/** A kind of the inventory named as one of it ("VSwitch"), in the catalogue as entity_<kind>. */
const entityName = (kind: InventoryKind) => text(`entity_${kind}`);

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
      if (!isIdLike(id)) out.push(problem("id.invalid", path(kind, i, "id"), text("id_invalid", JSON.stringify(id))));
      else if (byId.has(id))
        out.push(problem("id.duplicate", path(kind, i, "id"), text("id_duplicate", id, entityName(byId.get(id)!.kind))));
      else byId.set(id, { kind, entity: e });
    });
  }
  const has = (kind: InventoryKind, id: string | undefined) => id !== undefined && byId.get(id)?.kind === kind;
  // Looked up by id, not searched for: a find() per ENI made the check quadratic.
  const entity = <K extends InventoryKind>(kind: K, id: string): Inventory[K][number] | undefined =>
    has(kind, id) ? (byId.get(id)!.entity as Inventory[K][number]) : undefined;
  const missing = (code: string, at: string, kind: InventoryKind, id: unknown) =>
    out.push(problem(code, at, text("not_found_kind", entityName(kind), String(id))));

  inv.accounts.forEach((a, i) => {
    if (!/^\d{1,32}$/.test(a.id)) out.push(problem("account.bad-id", path("accounts", i, "id"), text("account_bad_id", a.id)));
  });

  const vpcCidrs = new Map<string, Cidr[]>();
  inv.vpcs.forEach((v, i) => {
    if (!has("regions", v.regionId)) missing("vpc.region-missing", path("vpcs", i, "regionId"), "regions", v.regionId);
    if (!has("accounts", v.accountId)) missing("vpc.account-missing", path("vpcs", i, "accountId"), "accounts", v.accountId);
    const cidrs: Cidr[] = [];
    if (!Array.isArray(v.cidrs) || v.cidrs.length === 0) out.push(problem("vpc.no-cidr", path("vpcs", i, "cidrs"), text("vpc_no_cidr")));
    (v.cidrs ?? []).forEach((c, j) => {
      const p = parseCidr(c);
      if (p?.family !== 4) out.push(problem("vpc.bad-cidr", path("vpcs", i, `cidrs[${j}]`), text("vpc_bad_cidr", c)));
      else cidrs.push(p);
    });
    (v.ipv6Cidrs ?? []).forEach((c, j) => {
      const p = parseCidr(c);
      if (p?.family !== 6) out.push(problem("vpc.bad-ipv6-cidr", path("vpcs", i, `ipv6Cidrs[${j}]`), text("vpc_bad_ipv6_cidr", c)));
      else cidrs.push(p);
    });
    vpcCidrs.set(v.id, cidrs);
  });

  const vswCidr = new Map<string, Cidr[]>();
  const overlapCandidates: { i: number; vpcId: string; lo: bigint; hi: bigint }[] = [];
  const vswVpc = new Map(inv.vswitches.map((s) => [s.id, s.vpcId]));
  inv.vswitches.forEach((s, i) => {
    if (!has("vpcs", s.vpcId)) {
      missing("vswitch.vpc-missing", path("vswitches", i, "vpcId"), "vpcs", s.vpcId);
      return;
    }
    const own: Cidr[] = [];
    // An IPv6-only VSwitch (AWS allows IPv6-only subnets) has no IPv4 block: its IPv6 block is checked below.
    const v6Only = (s.cidr === undefined || s.cidr === "") && s.ipv6Cidr !== undefined;
    const c = v6Only ? null : parseCidr(s.cidr ?? "");
    if (!v6Only && !s.cidr) out.push(problem("vswitch.bad-cidr", path("vswitches", i, "cidr"), text("vswitch_no_cidr")));
    else if (!v6Only && c?.family !== 4)
      out.push(problem("vswitch.bad-cidr", path("vswitches", i, "cidr"), text("vswitch_bad_cidr", s.cidr)));
    else if (c && !(vpcCidrs.get(s.vpcId) ?? []).some((v) => cidrContains(v, c)))
      out.push(problem("vswitch.cidr-outside-vpc", path("vswitches", i, "cidr"), text("vswitch_cidr_outside_vpc", s.cidr, s.vpcId)));
    else if (c) own.push(c);
    if (s.ipv6Cidr !== undefined) {
      const c6 = parseCidr(s.ipv6Cidr);
      if (c6?.family !== 6 || !(vpcCidrs.get(s.vpcId) ?? []).some((v) => cidrContains(v, c6)))
        out.push(
          problem(
            "vswitch.ipv6-cidr-outside-vpc",
            path("vswitches", i, "ipv6Cidr"),
            text("vswitch_ipv6_cidr_outside_vpc", s.ipv6Cidr, s.vpcId),
          ),
        );
      else own.push(c6);
    }
    if (!s.zone) out.push(problem("vswitch.no-zone", path("vswitches", i, "zone"), text("vswitch_no_zone")));
    if (s.aclId !== undefined) {
      const acl = entity("networkAcls", s.aclId);
      if (!acl) missing("vswitch.acl-missing", path("vswitches", i, "aclId"), "networkAcls", s.aclId);
      else if (acl.vpcId !== s.vpcId)
        out.push(
          problem("vswitch.acl-other-vpc", path("vswitches", i, "aclId"), text("vswitch_acl_other_vpc", s.aclId, acl.vpcId, s.vpcId)),
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
      out.push(problem("vswitch.cidr-overlap", path("vswitches", later, "cidr"), text("vswitch_cidr_overlap", s.cidr, o.id, o.cidr)));
    }
    if (!reach || reach.vpcId !== x.vpcId || x.hi > reach.hi) reach = x;
  }

  inv.instances.forEach((n, i) => {
    if (!has("vswitches", n.vswitchId)) missing("instance.vswitch-missing", path("instances", i, "vswitchId"), "vswitches", n.vswitchId);
    if (typeof n.instanceType !== "string" || !/^[a-z0-9][a-z0-9.-]*$/i.test(n.instanceType))
      out.push(problem("instance.bad-type", path("instances", i, "instanceType"), text("instance_bad_type", n.instanceType)));
  });

  const ipOwner = new Map<string, string>();
  inv.enis.forEach((e, i) => {
    if (!has("vswitches", e.vswitchId)) {
      missing("eni.vswitch-missing", path("enis", i, "vswitchId"), "vswitches", e.vswitchId);
      return;
    }
    const vpcId = vswVpc.get(e.vswitchId)!;
    if (e.instanceId !== undefined) {
      const inst = entity("instances", e.instanceId);
      if (!inst) missing("eni.instance-missing", path("enis", i, "instanceId"), "instances", e.instanceId);
      else if (vswVpc.has(inst.vswitchId) && vswVpc.get(inst.vswitchId) !== vpcId)
        out.push(problem("eni.instance-other-vpc", path("enis", i, "instanceId"), text("eni_instance_other_vpc", e.instanceId)));
    }
    if (!Array.isArray(e.ips) || e.ips.length === 0) out.push(problem("eni.no-ip", path("enis", i, "ips"), text("eni_no_ip")));
    (e.ips ?? []).forEach((ip, j) => {
      const p = parseIp(ip);
      if (!p) {
        out.push(problem("eni.bad-ip", path("enis", i, `ips[${j}]`), text("eni_bad_ip", ip)));
        return;
      }
      if (!(vswCidr.get(e.vswitchId) ?? []).some((c) => ipInCidr(ip, c)))
        out.push(problem("eni.ip-outside-vswitch", path("enis", i, `ips[${j}]`), text("eni_ip_outside_vswitch", ip, e.vswitchId)));
      const key = `${vpcId}|${p.family}|${p.value}`;
      if (ipOwner.has(key)) out.push(problem("eni.ip-in-use", path("enis", i, `ips[${j}]`), text("eni_ip_in_use", ip, ipOwner.get(key))));
      else ipOwner.set(key, e.id);
    });
    (e.securityGroupIds ?? []).forEach((sg, j) => {
      const g = entity("securityGroups", sg);
      if (!g) missing("eni.security-group-missing", path("enis", i, `securityGroupIds[${j}]`), "securityGroups", sg);
      else if (g.vpcId !== vpcId)
        out.push(
          problem(
            "eni.security-group-other-vpc",
            path("enis", i, `securityGroupIds[${j}]`),
            text("eni_security_group_other_vpc", sg, g.vpcId, vpcId),
          ),
        );
    });
  });

  for (const kind of ["securityGroups", "networkAcls"] as const) {
    const what = kind === "securityGroups" ? "security-group" : "acl";
    inv[kind].forEach((g, i) => {
      if (!has("vpcs", g.vpcId)) missing(`${what}.vpc-missing`, path(kind, i, "vpcId"), "vpcs", g.vpcId);
      if (!DIALECTS.includes(g.dialect))
        out.push(problem(`${what}.bad-dialect`, path(kind, i, "dialect"), text("acl_bad_dialect", DIALECTS)));
      else out.push(...checkRules(g.rules ?? [], g.dialect, path(kind, i, "rules")));
      if (!isPolicy(g.defaultInbound))
        out.push(problem(`${what}.bad-default`, path(kind, i, "defaultInbound"), text("acl_bad_default_inbound")));
      if (!isPolicy(g.defaultOutbound))
        out.push(problem(`${what}.bad-default`, path(kind, i, "defaultOutbound"), text("acl_bad_default_outbound")));
    });
  }

  inv.ccns.forEach((c, i) => {
    (c.vpcIds ?? []).forEach((v, j) => {
      if (!has("vpcs", v)) missing("ccn.vpc-missing", path("ccns", i, `vpcIds[${j}]`), "vpcs", v);
    });
    (c.bandwidthLimits ?? []).forEach((b, j) => {
      if (!has("regions", b.fromRegion) || !has("regions", b.toRegion))
        out.push(
          problem("ccn.region-missing", path("ccns", i, `bandwidthLimits[${j}]`), text("ccn_region_missing", b.fromRegion, b.toRegion)),
        );
      if (!(b.mbps > 0))
        out.push(problem("ccn.bad-bandwidth", path("ccns", i, `bandwidthLimits[${j}].mbps`), text("ccn_bad_bandwidth", b.mbps)));
    });
  });
  return out;
}
