// Security-group and network-ACL rules (docs/rules.md §5): their validation, and which rule
// decides a packet (used by the record pipeline and shown for REJECT records).
import { cidrsOverlap, ipInCidr, parseCidr } from "./cidr";
import type { Policy, Rule, RuleDialect } from "./inventory";
import { PRIORITY_MAX } from "./inventory";
import { type Problem, problem } from "./problems";
import { text } from "./text";

const PROTOCOLS = ["all", "tcp", "udp", "icmp", "icmpv6"];

export function checkRule(rule: Rule, dialect: RuleDialect, at: string): Problem[] {
  const out: Problem[] = [];
  const max = PRIORITY_MAX[dialect];
  if (!Number.isInteger(rule.priority) || rule.priority < 1 || rule.priority > max)
    out.push(problem("rule.priority-out-of-range", `${at}.priority`, text("rule_priority_out_of_range", rule.priority, max, dialect)));
  if (rule.direction !== "in" && rule.direction !== "out")
    out.push(problem("rule.bad-direction", `${at}.direction`, text("rule_bad_direction", rule.direction)));
  const p = rule.protocol;
  if (!(PROTOCOLS.includes(p as string) || (Number.isInteger(p) && (p as number) >= 0 && (p as number) <= 255)))
    out.push(problem("rule.bad-protocol", `${at}.protocol`, text("rule_bad_protocol", p)));
  if (rule.ports !== undefined) {
    const [from, to] = rule.ports;
    const portful = p === "tcp" || p === "udp" || p === 6 || p === 17;
    if (!portful) out.push(problem("rule.ports-without-ports", `${at}.ports`, text("rule_ports_without_ports", p)));
    else if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 1 && to <= 65535 && from <= to))
      out.push(problem("rule.bad-port-range", `${at}.ports`, text("rule_bad_port_range", from, to)));
  }
  if (!parseCidr(rule.peer)) out.push(problem("rule.bad-peer", `${at}.peer`, text("rule_bad_peer", rule.peer)));
  if (rule.policy !== "accept" && rule.policy !== "drop")
    out.push(problem("rule.bad-policy", `${at}.policy`, text("rule_bad_policy", rule.policy)));
  return out;
}

export function checkRules(rules: Rule[], dialect: RuleDialect, at: string): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.id)) out.push(problem("rule.duplicate-id", `${at}[${i}].id`, text("rule_duplicate_id", r.id)));
    seen.add(r.id);
    out.push(...checkRule(r, dialect, `${at}[${i}]`));
  });
  return out;
}

export interface PacketView {
  direction: "in" | "out";
  protocol: number;
  port: number;
  peer: string;
}

function protocolMatches(rule: Rule, protocol: number): boolean {
  switch (rule.protocol) {
    case "all":
      return true;
    case "tcp":
      return protocol === 6;
    case "udp":
      return protocol === 17;
    case "icmp":
      return protocol === 1;
    case "icmpv6":
      return protocol === 58;
    default:
      return rule.protocol === protocol;
  }
}

export function ruleMatches(rule: Rule, p: PacketView): boolean {
  if (rule.direction !== p.direction || !protocolMatches(rule, p.protocol)) return false;
  if (rule.ports && (p.port < rule.ports[0] || p.port > rule.ports[1])) return false;
  const peer = parseCidr(rule.peer);
  return peer !== null && ipInCidr(p.peer, peer);
}

/**
 * The rule that decides a packet over a set of rules (several groups are evaluated as
 * the union of their rules): the lowest priority number wins, drop wins a tie. Null when
 * no rule matches (the caller applies the default).
 */
export function decidingRule(rules: Rule[], p: PacketView): { rule: Rule; policy: Policy } | null {
  let best: Rule | null = null;
  for (const r of rules) {
    if (!ruleMatches(r, p)) continue;
    if (!best || r.priority < best.priority || (r.priority === best.priority && r.policy === "drop" && best.policy === "accept")) best = r;
  }
  return best ? { rule: best, policy: best.policy } : null;
}

export { cidrsOverlap };

/**
 * The rules in the order the cloud weighs them — lowest priority number first, drop before accept
 * on a tie, then as listed: the first that matches in it is decidingRule's choice (the replay's
 * compiled rules and the step-by-step evaluation walk it).
 */
export function weighedRules<T extends Rule>(rules: T[]): T[] {
  return rules
    .map((r, k) => ({ r, k }))
    .sort((a, b) => a.r.priority - b.r.priority || (a.r.policy === b.r.policy ? 0 : a.r.policy === "drop" ? -1 : 1) || a.k - b.k)
    .map((x) => x.r);
}
