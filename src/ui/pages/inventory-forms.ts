// The inventory forms' fields per kind, and how a form's text becomes an entity:
// lists are comma-separated, rules one per line as `priority direction protocol ports
// peer policy [id]` (the consoles' rule table, row by row).
import type { Inventory, InventoryKind, Rule } from "../../model/inventory";
import { t } from "../i18n";

export interface FormField {
  key: string;
  label: string;
  kind: "text" | "optional-text" | "list" | "rules" | "select" | "optional-select";
  /** select: the inventory kind offering the ids, or fixed options. */
  from?: InventoryKind;
  options?: string[];
}

/** Security groups and network ACLs: the same fields, the inbound default offered first differs. */
function rulesetFields(defaultIn: "drop" | "accept"): FormField[] {
  return [
    { key: "name", label: "fieldName", kind: "text" },
    { key: "vpcId", label: "fieldVpc", kind: "select", from: "vpcs" },
    { key: "dialect", label: "fieldDialect", kind: "select", options: ["alibaba", "aws", "tencent", "flowlens"] },
    {
      key: "defaultInbound",
      label: "fieldDefaultIn",
      kind: "select",
      options: defaultIn === "drop" ? ["drop", "accept"] : ["accept", "drop"],
    },
    { key: "defaultOutbound", label: "fieldDefaultOut", kind: "select", options: ["accept", "drop"] },
    { key: "rules", label: "fieldRules", kind: "rules" },
  ];
}

export const FORM_FIELDS: Partial<Record<InventoryKind, FormField[]>> = {
  regions: [
    { key: "id", label: "fieldId", kind: "text" },
    { key: "name", label: "fieldName", kind: "text" },
  ],
  accounts: [
    { key: "id", label: "fieldId", kind: "text" },
    { key: "name", label: "fieldName", kind: "text" },
  ],
  vpcs: [
    { key: "name", label: "fieldName", kind: "text" },
    { key: "regionId", label: "fieldRegion", kind: "select", from: "regions" },
    { key: "accountId", label: "fieldAccount", kind: "select", from: "accounts" },
    { key: "cidrs", label: "fieldCidrs", kind: "list" },
    { key: "ipv6Cidrs", label: "fieldIpv6Cidrs", kind: "list" },
  ],
  vswitches: [
    { key: "name", label: "fieldName", kind: "text" },
    { key: "vpcId", label: "fieldVpc", kind: "select", from: "vpcs" },
    // Either block may be left empty, not both: an IPv6-only VSwitch has only the IPv6 one.
    { key: "zone", label: "fieldZone", kind: "text" },
    { key: "cidr", label: "fieldCidr", kind: "optional-text" },
    { key: "ipv6Cidr", label: "fieldIpv6Cidr", kind: "optional-text" },
    { key: "aclId", label: "fieldAcl", kind: "optional-select", from: "networkAcls" },
  ],
  instances: [
    { key: "name", label: "fieldName", kind: "text" },
    { key: "vswitchId", label: "fieldVSwitch", kind: "select", from: "vswitches" },
    { key: "instanceType", label: "fieldInstanceType", kind: "text" },
  ],
  enis: [
    { key: "name", label: "fieldName", kind: "text" },
    { key: "vswitchId", label: "fieldVSwitch", kind: "select", from: "vswitches" },
    { key: "instanceId", label: "fieldInstance", kind: "optional-select", from: "instances" },
    { key: "ips", label: "fieldIps", kind: "list" },
    { key: "securityGroupIds", label: "fieldSecurityGroups", kind: "list" },
  ],
  // Groups drop unmatched inbound traffic by default (docs/rules.md §5); an ACL accepts it.
  securityGroups: rulesetFields("drop"),
  networkAcls: rulesetFields("accept"),
  ccns: [
    { key: "name", label: "fieldName", kind: "text" },
    { key: "vpcIds", label: "fieldVpcs", kind: "list" },
  ],
};

export class FormError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** One rule line: `1 in tcp 22-22 0.0.0.0/0 accept [id]`; ports `-` for none. */
export function parseRuleLine(line: string, n: number): Rule {
  const parts = line.trim().split(/\s+/);
  if (parts.length < 6) throw new FormError("rules", t("ruleLineValues", n, line.trim(), parts.length));
  const [priority, direction, protocol, ports, peer, policy, id] = parts;
  const range = ports === "-" ? undefined : /^(\d+)(?:-(\d+))?$/.exec(ports);
  if (range === null) throw new FormError("rules", t("ruleLinePorts", n, ports));
  if (direction !== "in" && direction !== "out") throw new FormError("rules", t("ruleLineDirection", n, direction));
  if (policy !== "accept" && policy !== "drop") throw new FormError("rules", t("ruleLinePolicy", n, policy));
  return {
    id: id ?? `rule-${n}`,
    priority: Number(priority),
    direction,
    peer,
    policy,
    protocol: /^\d+$/.test(protocol) ? Number(protocol) : (protocol as Rule["protocol"]),
    ...(range ? { ports: [Number(range[1]), Number(range[2] ?? range[1])] as [number, number] } : {}),
  };
}

/** A draft's rules, a rule a line (parseRuleLine): blank lines, and lines starting with # (a rule switched off), left out. */
export function draftRules(text: string): Rule[] {
  return text
    .split("\n")
    .map((l, i) => [l.trim(), i + 1] as const)
    .filter(([l]) => l && !l.startsWith("#"))
    .map(([l, i]) => parseRuleLine(l, i));
}

export const formatRule = (r: Rule): string =>
  `${r.priority} ${r.direction} ${r.protocol} ${r.ports ? `${r.ports[0]}-${r.ports[1]}` : "-"} ${r.peer} ${r.policy} ${r.id}`;

/** The entity a form's values describe (without an id unless the kind has no generated ids). */
export function entityFromForm(kind: InventoryKind, values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FORM_FIELDS[kind] ?? []) {
    const v = (values[f.key] ?? "").trim();
    if (f.kind === "list") out[f.key] = v ? v.split(/[\s,]+/).filter(Boolean) : [];
    else if (f.kind === "rules")
      out[f.key] = v
        .split("\n")
        .map((l, i) => [l, i + 1] as const)
        .filter(([l]) => l.trim())
        .map(([l, i]) => parseRuleLine(l, i));
    else if (f.kind === "optional-select" || f.kind === "optional-text") {
      if (v) out[f.key] = v;
    } else out[f.key] = v;
  }
  if (kind === "ccns") out.bandwidthLimits ??= [];
  return out;
}

/** The form's values for an entity being edited: the inverse of entityFromForm. */
export function formFromEntity(kind: InventoryKind, e: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FORM_FIELDS[kind] ?? []) {
    const v = e[f.key];
    if (v === undefined || v === null) out[f.key] = "";
    else if (f.kind === "rules") out[f.key] = (v as Rule[]).map(formatRule).join("\n");
    else if (f.kind === "list") out[f.key] = (v as string[]).join(", ");
    else out[f.key] = String(v);
  }
  return out;
}

/** The first value a select offers, preselected when it is the only one (one region, one account, one VPC). */
export function preselected(kind: InventoryKind, inv: Inventory): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FORM_FIELDS[kind] ?? []) {
    if (f.options) out[f.key] = f.options[0];
    else if (f.kind === "select" && f.from && idsOf(inv, f.from).length === 1) out[f.key] = idsOf(inv, f.from)[0];
  }
  return out;
}

export const idsOf = (inv: Inventory, kind: InventoryKind): string[] => (inv[kind] as { id: string }[]).map((e) => e.id);
