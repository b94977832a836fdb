// Which rule decides one packet at an ENI, step by step (SPEC §8, docs/rules.md §5): inbound the
// VSwitch's ACL then the ENI's security groups, outbound the groups then the ACL; within each,
// the rules in the order they are weighed (lowest priority number first, drop before accept
// on a tie), each said to match or not and why, the first that matches deciding, else the
// default. The same verdict as the record pipeline's (security.ts decide), told.
import { parseIp } from "./cidr";
import type { Inventory, Rule } from "./inventory";
import { type PacketView, ruleMatches, weighedRules } from "./rules";
import { decide, eniPolicy, groupDefault } from "./security";

export interface RuleStep {
  id: string;
  matches: boolean;
  /** What the rule says, as a reviewer reads it. */
  says: string;
}

export interface Stage {
  stage: "network-acl" | "security-groups";
  owner: string;
  /** Rules weighed, in order, up to the one that decided. */
  steps: RuleStep[];
  /** The rule (or default) that decided; "answer" where the groups let an answer to an accepted connection through. */
  decidedBy: string;
  policy: "accept" | "drop";
}

export interface Explained {
  action: "ACCEPT" | "REJECT";
  rule: string | null;
  stages: Stage[];
  lines: string[];
}

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, all: -1 };

const describe = (r: Rule) =>
  `${r.policy} ${r.protocol}${r.ports ? ` ${r.ports[0]}-${r.ports[1]}` : ""} ${r.direction === "in" ? "from" : "to"} ${r.peer}`;

function stage(
  kind: Stage["stage"],
  owner: string,
  rules: (Rule & { owner?: string })[],
  p: PacketView,
  fallback: "accept" | "drop",
): Stage {
  const steps: RuleStep[] = [];
  for (const r of weighedRules(rules)) {
    const id = `${r.owner ?? owner}/${r.id}`;
    const matches = ruleMatches(r, p);
    steps.push({ id, matches, says: `priority ${r.priority}: ${describe(r)}` });
    if (matches) return { stage: kind, owner, steps, decidedBy: id, policy: r.policy };
  }
  return { stage: kind, owner, steps, decidedBy: `${owner}/default-${p.direction === "in" ? "inbound" : "outbound"}`, policy: fallback };
}

export interface Question {
  eni: string;
  direction: string;
  protocol: string;
  peer: string;
  port?: string;
  /** The packet answers a connection the ENI's groups accepted. */
  answer?: boolean;
}

export function explainDecision(inv: Inventory, q: Question): Explained | { error: string } {
  const eni = inv.enis.find((e) => e.id === q.eni);
  if (!eni) return { error: `--eni ${q.eni}: no such ENI in the inventory` };
  if (q.direction !== "in" && q.direction !== "out") return { error: `--direction takes in or out, not ${q.direction}` };
  const protocol = Object.hasOwn(PROTOCOLS, q.protocol) ? PROTOCOLS[q.protocol] : /^\d{1,3}$/.test(q.protocol) ? Number(q.protocol) : NaN;
  if (!(protocol >= 0 && protocol <= 255)) return { error: `--protocol takes tcp, udp, icmp, icmpv6 or a number 0-255, not ${q.protocol}` };
  if (!parseIp(q.peer)) return { error: `--peer takes an IPv4 or IPv6 address, not ${q.peer}` };
  const port = q.port === undefined ? 0 : Number(q.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { error: `--port takes 0-65535, not ${q.port}` };
  const p: PacketView = { direction: q.direction, protocol, port, peer: q.peer };
  const policy = eniPolicy(inv, eni);
  const verdict = decide(policy, p, !!q.answer).decision;
  const stages: Stage[] = [];
  const acl = () => {
    if (!policy.acl) return true;
    const a = policy.acl;
    const s = stage("network-acl", a.id, a.rules, p, q.direction === "in" ? a.defaultInbound : a.defaultOutbound);
    stages.push(s);
    return s.policy === "accept";
  };
  const groups = () => {
    if (!policy.groups.length) return true;
    const owner = policy.groups.map((g) => g.id).join("+");
    if (q.answer) {
      stages.push({ stage: "security-groups", owner, steps: [], decidedBy: "answer", policy: "accept" });
      return true;
    }
    const d = groupDefault(policy.groups, q.direction as "in" | "out");
    const s = stage("security-groups", d.owner, policy.groupRules, p, d.policy);
    stages.push({ ...s, owner });
    return s.policy === "accept";
  };
  if (q.direction === "in") acl() && groups();
  else groups() && acl();
  const lines = [
    `${eni.id} ${q.direction}, protocol ${protocol}${port ? ` port ${port}` : ""}, peer ${q.peer}${q.answer ? " (an answer)" : ""}:`,
  ];
  for (const s of stages) {
    lines.push(`  ${s.stage === "network-acl" ? "network ACL" : "security groups"} ${s.owner}:`);
    for (const st of s.steps) lines.push(`    ${st.id} (${st.says}): ${st.matches ? "matches" : "does not match"}`);
    lines.push(
      s.decidedBy === "answer"
        ? "    answers a connection the groups accepted: let through (stateful)"
        : `    decided by ${s.decidedBy}: ${s.policy}`,
    );
  }
  lines.push(`verdict: ${verdict.action}${verdict.ruleId ? ` (${verdict.ruleId})` : ""}`);
  return { action: verdict.action, rule: verdict.ruleId, stages, lines };
}
