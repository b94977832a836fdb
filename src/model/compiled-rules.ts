// An ENI's policy made ready for many packets (the replay of millions of records, model/replay.ts):
// each rule's protocol, ports and IPv4 block as numbers, in the order the cloud weighs them
// (the first that matches decides: rules.ts decidingRule's choice), so that an IPv4 packet is
// matched without parsing a CIDR or an address per rule. The verdicts are security.ts decide's
// (a property test holds the two to each other); IPv6 peers go through decide itself.
import { parseCidr } from "./cidr";
import type { Policy, Rule } from "./inventory";
import { type PacketView, weighedRules } from "./rules";
import { type Decided, decide, type EniPolicy, groupDefault } from "./security";

interface CompiledRule {
  /** The rule's id as the registry numbers it (`intern`). */
  n: number;
  inbound: boolean;
  /** -1: any protocol. */
  protocol: number;
  /** -1: any port. */
  lo: number;
  hi: number;
  /** The IPv4 block (base and mask as unsigned 32-bit numbers); null for an IPv6 peer, which no IPv4 packet matches. */
  base: number;
  mask: number;
  v4: boolean;
  policy: Policy;
}

interface CompiledSet {
  rules: CompiledRule[];
  defaults: { in: { policy: Policy; n: number }; out: { policy: Policy; n: number } };
}

export interface CompiledPolicy {
  source: EniPolicy;
  groups: CompiledSet | null;
  acl: CompiledSet | null;
}

const PROTOCOLS: Record<string, number> = { all: -1, tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };

function compileRule(r: Rule, n: number): CompiledRule {
  const c = parseCidr(r.peer);
  const v4 = c?.family === 4;
  const mask = v4 && c.prefix ? (0xffffffff << (32 - c.prefix)) >>> 0 : 0;
  return {
    n,
    inbound: r.direction === "in",
    protocol: typeof r.protocol === "number" ? r.protocol : PROTOCOLS[r.protocol],
    lo: r.ports ? r.ports[0] : -1,
    hi: r.ports ? r.ports[1] : -1,
    base: v4 ? Number(c.base) >>> 0 : 0,
    mask,
    v4: !!v4,
    policy: r.policy,
  };
}

/** Compiles a policy; `intern` numbers each rule id (the same number for the same id across policies). */
export function compilePolicy(p: EniPolicy, intern: (id: string) => number): CompiledPolicy {
  let groups: CompiledSet | null = null;
  if (p.groups.length) {
    const fallback = (d: "in" | "out") => {
      const g = groupDefault(p.groups, d);
      return {
        policy: g.policy,
        n: intern(`${g.owner}/default-${d === "in" ? "inbound" : "outbound"}`),
      };
    };
    const rules = weighedRules(p.groupRules).map((r) => compileRule(r, intern(`${r.owner}/${r.id}`)));
    groups = { rules, defaults: { in: fallback("in"), out: fallback("out") } };
  }
  const a = p.acl;
  const acl = a
    ? {
        rules: weighedRules(a.rules).map((r) => compileRule(r, intern(`${a.id}/${r.id}`))),
        defaults: {
          in: { policy: a.defaultInbound, n: intern(`${a.id}/default-inbound`) },
          out: { policy: a.defaultOutbound, n: intern(`${a.id}/default-outbound`) },
        },
      }
    : null;
  return { source: p, groups, acl };
}

/** The first rule of the set an IPv4 packet matches, else the default. */
function judge(set: CompiledSet, inbound: boolean, protocol: number, port: number, peer: number): { policy: Policy; n: number } {
  for (const r of set.rules) {
    if (r.inbound !== inbound || (r.protocol >= 0 && r.protocol !== protocol)) continue;
    if (r.lo >= 0 && (port < r.lo || port > r.hi)) continue;
    if (!r.v4 || (peer & r.mask) >>> 0 !== r.base) continue;
    return r;
  }
  return inbound ? set.defaults.in : set.defaults.out;
}

/** A verdict as numbers (rule ids as `intern` numbers them, -1: none), written into one object per replayer. */
export interface Judged {
  reject: boolean;
  groupsAccepted: boolean;
  group: number;
  acl: number;
}

/**
 * Decides a packet as security.ts decide does, into `out`. `peerV4` is the peer's IPv4 address
 * as an unsigned number, or -1 for any other: then decide itself answers.
 */
export function decideCompiled(
  cp: CompiledPolicy,
  p: PacketView,
  peerV4: number,
  answersAccepted: boolean,
  intern: (id: string) => number,
  out: Judged,
): void {
  if (peerV4 < 0) {
    const d: Decided = decide(cp.source, p, answersAccepted);
    out.reject = d.decision.action === "REJECT";
    out.groupsAccepted = d.groupsAccepted;
    out.group = d.groupRule === null ? -1 : intern(d.groupRule);
    out.acl = d.aclRule === null ? -1 : intern(d.aclRule);
    return;
  }
  const inbound = p.direction === "in";
  out.reject = false;
  out.group = -1;
  out.acl = -1;
  // Inbound the ACL first, outbound the groups first; a drop stops the other from being asked.
  for (let stage = 0; stage < 2; stage++) {
    const aclStage = inbound === (stage === 0);
    if (aclStage) {
      if (!cp.acl) continue;
      const a = judge(cp.acl, inbound, p.protocol, p.port, peerV4);
      out.acl = a.n;
      if (a.policy === "drop") {
        out.reject = true;
        // An outbound drop by the ACL comes after the groups accepted: their state stands.
        out.groupsAccepted = !inbound;
        return;
      }
    } else {
      if (!cp.groups || answersAccepted) continue;
      const g = judge(cp.groups, inbound, p.protocol, p.port, peerV4);
      out.group = g.n;
      if (g.policy === "drop") {
        out.reject = true;
        out.groupsAccepted = false;
        return;
      }
    }
  }
  out.groupsAccepted = true;
}
