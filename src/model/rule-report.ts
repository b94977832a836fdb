// The rules of a network as a report lists them (SPEC §8): every rule of every security group
// and network ACL, and each one's two defaults, by the id records name them with
// (`sg-…/rule`, `acl-…/default-inbound`); and which rules can never decide because a rule
// before them covers them (shadowed), found from the rules themselves. Groups are judged one
// by one: on an ENI of several groups their rules are one set (docs/rules.md §5), so a rule
// may also be covered by another group's there — that depends on the ENI, and is not told.
import { cidrContains, parseCidr } from "./cidr";
import type { Inventory, Policy, Rule } from "./inventory";

export interface ListedRule {
  /** As records name it: `OWNER/RULE-ID`, or `OWNER/default-inbound|outbound`. */
  id: string;
  owner: string;
  kind: "security-group" | "network-acl";
  direction: "in" | "out";
  policy: Policy;
  /** The rule itself; null for a default. */
  rule: Rule | null;
  /** The rule that covers it and decides first, where one does. */
  shadowedBy: string | null;
}

const PROTOCOL_NUMBERS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };
const protocolOf = (r: Rule): number | "all" =>
  r.protocol === "all" ? "all" : typeof r.protocol === "number" ? r.protocol : PROTOCOL_NUMBERS[r.protocol];

/** Whether every packet `inner` matches, `outer` matches too. */
function covers(outer: Rule, inner: Rule): boolean {
  if (outer.direction !== inner.direction) return false;
  const po = protocolOf(outer),
    pi = protocolOf(inner);
  if (po !== "all" && po !== pi) return false;
  if (outer.ports) {
    const [a, b] = inner.ports ?? [0, 65535];
    if (pi === "all" || a < outer.ports[0] || b > outer.ports[1]) return false;
  }
  const o = parseCidr(outer.peer),
    i = parseCidr(inner.peer);
  return o !== null && i !== null && cidrContains(o, i);
}

/** Whether `a` (at index ia) is chosen over `b` (at ib) when both match, as decidingRule chooses (rules.ts). */
function winsOver(a: Rule, ia: number, b: Rule, ib: number): boolean {
  if (a.priority !== b.priority) return a.priority < b.priority;
  if (a.policy !== b.policy) return a.policy === "drop";
  return ia < ib;
}

/** Each rule's shadowing rule (by rule id), for the rules of one group or ACL. */
export function shadows(rules: Rule[]): Map<string, string> {
  const out = new Map<string, string>();
  rules.forEach((r, j) => {
    let by: { rule: Rule; at: number } | null = null;
    rules.forEach((s, i) => {
      if (i === j || !covers(s, r) || !winsOver(s, i, r, j)) return;
      if (!by || winsOver(s, i, by.rule, by.at)) by = { rule: s, at: i };
    });
    if (by) out.set(r.id, (by as { rule: Rule }).rule.id);
  });
  return out;
}

/** Every rule and default of the network, in the order of its groups, then its ACLs. */
export function listRules(inv: Inventory): ListedRule[] {
  const out: ListedRule[] = [];
  const owners = [
    ...inv.securityGroups.map((g) => ({ ...g, kind: "security-group" as const })),
    ...inv.networkAcls.map((a) => ({ ...a, kind: "network-acl" as const })),
  ];
  for (const o of owners) {
    const shadowed = shadows(o.rules);
    for (const r of o.rules)
      out.push({
        id: `${o.id}/${r.id}`,
        owner: o.id,
        kind: o.kind,
        direction: r.direction,
        policy: r.policy,
        rule: r,
        shadowedBy: shadowed.has(r.id) ? `${o.id}/${shadowed.get(r.id)}` : null,
      });
    for (const direction of ["in", "out"] as const)
      out.push({
        id: `${o.id}/default-${direction === "in" ? "inbound" : "outbound"}`,
        owner: o.id,
        kind: o.kind,
        direction,
        policy: direction === "in" ? o.defaultInbound : o.defaultOutbound,
        rule: null,
        shadowedBy: null,
      });
  }
  return out;
}
