// Who decides a packet at an ENI (docs/rules.md §5): inbound, the VSwitch's network ACL then the
// ENI's security groups; outbound, the groups then the ACL. Groups are stateful — traffic
// answering a connection the groups accepted passes them — ACLs are stateless. The result
// names the deciding rule (or default) for REJECT records.
import type { Eni, Inventory, NetworkAcl, Policy, Rule, SecurityGroup } from "./inventory";
import { decidingRule, type PacketView } from "./rules";

export interface Decision {
  action: "ACCEPT" | "REJECT";
  ruleId: string | null;
}

export interface EniPolicy {
  groups: SecurityGroup[];
  acl: NetworkAcl | null;
  /** The groups' rules as one set (docs/rules.md §5: several groups are evaluated as their union). */
  groupRules: (Rule & { owner: string })[];
}

/** Lookups of an inventory by id, built once for many ENIs. */
export function policyIndex(inv: Inventory) {
  return {
    groups: new Map(inv.securityGroups.map((g) => [g.id, g])),
    vswitches: new Map(inv.vswitches.map((s) => [s.id, s])),
    acls: new Map(inv.networkAcls.map((a) => [a.id, a])),
  };
}

export function eniPolicy(inv: Inventory, eni: Eni, index = policyIndex(inv)): EniPolicy {
  const groups = eni.securityGroupIds.map((id) => index.groups.get(id)).filter((g): g is SecurityGroup => !!g);
  const vsw = index.vswitches.get(eni.vswitchId);
  const acl = vsw?.aclId ? (index.acls.get(vsw.aclId) ?? null) : null;
  return { groups, acl, groupRules: groups.flatMap((g) => g.rules.map((r) => ({ ...r, owner: g.id }))) };
}

/** What the groups give traffic no rule of theirs matches, and whose default that is (the rule-id records name). */
export function groupDefault(groups: SecurityGroup[], direction: "in" | "out"): { policy: Policy; owner: string } {
  // A mix of defaults drops when any group's default drops (an AWS group with no egress rule).
  const dropping = groups.find((g) => (direction === "in" ? g.defaultInbound : g.defaultOutbound) === "drop");
  return dropping ? { policy: "drop", owner: dropping.id } : { policy: "accept", owner: groups[0]?.id ?? "" };
}

function judgeAcl(acl: NetworkAcl | null, p: PacketView): Decision {
  if (!acl) return { action: "ACCEPT", ruleId: null }; // a VSwitch with no ACL accepts everything
  const hit = decidingRule(acl.rules, p);
  const policy = hit ? hit.policy : p.direction === "in" ? acl.defaultInbound : acl.defaultOutbound;
  return {
    action: policy === "accept" ? "ACCEPT" : "REJECT",
    ruleId: `${acl.id}/${hit ? hit.rule.id : `default-${p.direction === "in" ? "inbound" : "outbound"}`}`,
  };
}

function judgeGroups(pol: EniPolicy, p: PacketView, answersAccepted: boolean): Decision {
  if (!pol.groups.length || answersAccepted) return { action: "ACCEPT", ruleId: null };
  const hit = decidingRule(pol.groupRules, p);
  if (hit)
    return {
      action: hit.policy === "accept" ? "ACCEPT" : "REJECT",
      ruleId: `${(hit.rule as Rule & { owner: string }).owner}/${hit.rule.id}`,
    };
  const d = groupDefault(pol.groups, p.direction);
  return {
    action: d.policy === "accept" ? "ACCEPT" : "REJECT",
    ruleId: `${d.owner}/default-${p.direction === "in" ? "inbound" : "outbound"}`,
  };
}

export interface Decided {
  decision: Decision;
  /** Whether the groups accepted it (new state). */
  groupsAccepted: boolean;
  /** The groups' rule (or default) that decided, as `sg-…/rule`; null where the groups were not asked, or let an answer through. */
  groupRule: string | null;
  /** The ACL's rule (or default) that decided; null where there is no ACL, or it was not asked. */
  aclRule: string | null;
}

/**
 * Decides a packet at an ENI. `answersAccepted`: the groups accepted the connection this
 * packet answers. Returns the decision, whether the groups accepted it (new state), and
 * the rule of each that decided (the rules in use, the replay's before and after).
 */
export function decide(pol: EniPolicy, p: PacketView, answersAccepted: boolean): Decided {
  const aclRuleOf = (d: Decision) => (pol.acl ? d.ruleId : null);
  if (p.direction === "in") {
    const acl = judgeAcl(pol.acl, p);
    if (acl.action === "REJECT") return { decision: acl, groupsAccepted: false, groupRule: null, aclRule: acl.ruleId };
    const sg = judgeGroups(pol, p, answersAccepted);
    return {
      decision: sg.action === "REJECT" ? sg : { action: "ACCEPT", ruleId: null },
      groupsAccepted: sg.action === "ACCEPT",
      groupRule: sg.ruleId,
      aclRule: aclRuleOf(acl),
    };
  }
  const sg = judgeGroups(pol, p, answersAccepted);
  if (sg.action === "REJECT") return { decision: sg, groupsAccepted: false, groupRule: sg.ruleId, aclRule: null };
  const acl = judgeAcl(pol.acl, p);
  return {
    decision: acl.action === "REJECT" ? acl : { action: "ACCEPT", ruleId: null },
    groupsAccepted: true,
    groupRule: sg.ruleId,
    aclRule: aclRuleOf(acl),
  };
}

/**
 * Whether the ENI's groups accept every packet both ways (no groups, or no dropping rule
 * and accepting defaults): then what they accepted before never changes a decision, and the
 * record pipeline keeps no connection state for the ENI (a proposed network is all such).
 */
export function groupsAcceptAll(pol: EniPolicy): boolean {
  if (!pol.groups.length) return true;
  return (
    pol.groupRules.every((r) => r.policy === "accept") &&
    groupDefault(pol.groups, "in").policy === "accept" &&
    groupDefault(pol.groups, "out").policy === "accept"
  );
}
