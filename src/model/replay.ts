// Replaying stored records against a network's rules (docs/rules.md §5, SPEC §8): each record —
// an ENI, a direction, a five-tuple — is decided as its flow's first packet would be, in the
// order of the records' first packets, the security groups keeping the connections they
// accepted (stateful) and the ACLs none. What replaying records cannot know: a connection
// whose first record lies before the replayed range is judged as new, so an answer to it
// that the groups let through today may come out REJECT (the UI says so).
import type { Inventory } from "./inventory";
import { decide, type EniPolicy, eniPolicy, groupsAcceptAll, policyIndex } from "./security";
import { TupleTable } from "./tuple-table";

/** A record as the replay reads it: addresses as numbers (any interning the caller keeps) and as text (the rules' peer). */
export interface ReplayView {
  /** The record's interface-id: an ENI of the inventory, or not (then no verdict). */
  eni: string;
  /** The record's direction; null where it has none (AWS's v2 records): then the ENI's addresses tell it. */
  inbound: boolean | null;
  src: number;
  dst: number;
  srcText: string;
  dstText: string;
  protocol: number;
  /** As records hold them; for ICMP the identifier and type << 8 | code (AWS's records: 0 and 0). */
  srcport: number;
  dstport: number;
}

export interface Verdict {
  action: "ACCEPT" | "REJECT";
  /** The rule that decided the verdict: the rejecting one, or for an ACCEPT the groups' (else the ACL's); null where nothing did. */
  rule: string | null;
  groupRule: string | null;
  aclRule: string | null;
}

interface EniState {
  index: number;
  policy: EniPolicy;
  acceptAll: boolean;
  ips: Set<string>;
}

/** A replayer over `inv`: `decide` takes the records in the order of their first packets. */
export function createReplayer(inv: Inventory): { decide(v: ReplayView): Verdict | null } {
  const index = policyIndex(inv);
  const enis = new Map<string, EniState>();
  inv.enis.forEach((e, k) => {
    const policy = eniPolicy(inv, e, index);
    enis.set(e.id, { index: k, policy, acceptAll: groupsAcceptAll(policy), ips: new Set(e.ips) });
  });
  // (ENI, local, remote, protocol, local port, remote port) -> bits: the connections the ENI's groups accepted (1: in, 2: out).
  const accepted = new TupleTable(6);
  // (ENI, inbound, protocol, port, peer, answers) -> a verdict already found: the rules are asked once per distinct question.
  const asked = new TupleTable(6);
  const verdicts: { verdict: Verdict; groupsAccepted: boolean }[] = [];
  return {
    decide(given) {
      const e = enis.get(given.eni);
      if (!e) return null;
      let v = given;
      if (v.inbound === null) {
        // A record that names no direction: in when its destination is the ENI's, out when its source is.
        const inbound = e.ips.has(v.dstText) ? true : e.ips.has(v.srcText) ? false : null;
        if (inbound === null) return null;
        v = { ...v, inbound };
      }
      connectionKey(accepted.key, e.index, v);
      const seen = e.acceptAll ? 0 : Math.max(0, accepted.get());
      const answers = (seen & (v.inbound ? 2 : 1)) !== 0;
      const q = asked.key;
      q[0] = e.index;
      q[1] = v.inbound ? 1 : 0;
      q[2] = v.protocol;
      q[3] = v.dstport;
      q[4] = v.inbound ? v.src : v.dst;
      q[5] = answers ? 1 : 0;
      let at = asked.get();
      if (at < 0) {
        const peer = v.inbound ? v.srcText : v.dstText;
        const r = decide(e.policy, { direction: v.inbound ? "in" : "out", protocol: v.protocol, port: v.dstport, peer }, answers);
        const verdict: Verdict = {
          action: r.decision.action,
          rule: r.decision.action === "REJECT" ? r.decision.ruleId : (r.groupRule ?? r.aclRule),
          groupRule: r.groupRule,
          aclRule: r.aclRule,
        };
        at = verdicts.length;
        verdicts.push({ verdict, groupsAccepted: r.groupsAccepted });
        asked.set(at);
      }
      const found = verdicts[at];
      if (!e.acceptAll && found.groupsAccepted) accepted.set(seen | (v.inbound ? 1 : 2)); // its key is still the connection's
      return found.verdict;
    },
  };
}

/**
 * A connection as the ENI sees it (local end, remote end, protocol, their ports), so that a
 * record and its answer's give one key; ICMP echo by its identifier and request type, as the
 * record pipeline keys it (model/connection-judge.ts).
 */
function connectionKey(k: Int32Array, eni: number, v: ReplayView): void {
  const p = v.protocol;
  k[0] = eni;
  k[1] = v.inbound ? v.dst : v.src;
  k[2] = v.inbound ? v.src : v.dst;
  k[3] = p;
  let lp = v.inbound ? v.dstport : v.srcport,
    rp = v.inbound ? v.srcport : v.dstport;
  if (p === 1 || p === 58) {
    const d = v.dstport;
    lp = v.srcport;
    rp = p === 1 && (d === 0 || d === 0x0800) ? 0x0800 : p === 58 && (d === 0x8000 || d === 0x8100) ? 0x8000 : d;
  }
  k[4] = lp;
  k[5] = rp;
}
