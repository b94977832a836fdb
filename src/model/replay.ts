// Replaying stored records against a network's rules (docs/rules.md §5, SPEC §8): each record —
// an ENI, a direction, a five-tuple — is decided as its flow's first packet would be, in the
// order of the records' first packets, the security groups keeping the connections they
// accepted (stateful) and the ACLs none. What replaying records cannot know: a connection
// whose first record lies before the replayed range is judged as new, so an answer to it
// that the groups let through today may come out REJECT (the UI says so).

import { type CompiledPolicy, compilePolicy, decideCompiled, type Judged } from "./compiled-rules";
import type { Inventory } from "./inventory";
import { eniPolicy, groupsAcceptAll, policyIndex } from "./security";
import { TupleTable } from "./tuple-table";

/**
 * A record as the replay reads it: IPv4 addresses as their unsigned numbers, IPv6 ones as the
 * caller numbers them (`v6`), and both as text (the rules' peer where it is IPv6).
 */
export interface ReplayView {
  /** The record's interface-id: an ENI of the inventory, or not (then no verdict). */
  eni: string;
  /** The record's direction; null where it has none (AWS's v2 records): then the ENI's addresses tell it. */
  inbound: boolean | null;
  src: number;
  dst: number;
  /** The addresses are IPv6 (src and dst the caller's numbers for them), else IPv4 numbers. */
  v6: boolean;
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
  policy: CompiledPolicy;
  acceptAll: boolean;
  ips: Set<string>;
}

/** A replayer over `inv`: `decide` takes the records in the order of their first packets. */
export function createReplayer(inv: Inventory): { decide(v: ReplayView): Verdict | null } {
  const index = policyIndex(inv);
  // Rule ids as numbers: a verdict is found by numbers, and made an object once per distinct one.
  const ruleIds: string[] = [];
  const ruleNumbers = new Map<string, number>();
  const intern = (id: string) => {
    let n = ruleNumbers.get(id);
    if (n === undefined) {
      n = ruleIds.length;
      ruleIds.push(id);
      ruleNumbers.set(id, n);
    }
    return n;
  };
  const enis = new Map<string, EniState>();
  inv.enis.forEach((e, k) => {
    const policy = eniPolicy(inv, e, index);
    enis.set(e.id, { index: k, policy: compilePolicy(policy, intern), acceptAll: groupsAcceptAll(policy), ips: new Set(e.ips) });
  });
  // (ENI, local, remote, protocol, local port, remote port) -> bits: the connections the ENI's groups accepted (1: in, 2: out).
  const accepted = new TupleTable(6);
  // (reject, group rule, ACL rule, inbound) -> the verdict object, made once.
  const made = new TupleTable(4, 64);
  const verdicts: Verdict[] = [];
  const judged: Judged = { reject: false, groupsAccepted: false, group: -1, acl: -1 };
  return {
    decide(v) {
      const e = enis.get(v.eni);
      if (!e) return null;
      // A record that names no direction: in when its destination is the ENI's, out when its source is.
      const inbound = v.inbound ?? (e.ips.has(v.dstText) ? true : e.ips.has(v.srcText) ? false : null);
      if (inbound === null) return null;
      connectionKey(accepted.key, e.index, v, inbound);
      const seen = e.acceptAll ? 0 : Math.max(0, accepted.get());
      const answers = (seen & (inbound ? 2 : 1)) !== 0;
      const peer = inbound ? v.srcText : v.dstText;
      const peerV4 = v.v6 ? -1 : inbound ? v.src : v.dst;
      decideCompiled(
        e.policy,
        { direction: inbound ? "in" : "out", protocol: v.protocol, port: v.dstport, peer },
        peerV4,
        answers,
        intern,
        judged,
      );
      if (!e.acceptAll && judged.groupsAccepted) accepted.set(seen | (inbound ? 1 : 2)); // its key is still the connection's
      const k = made.key;
      k[0] = judged.reject ? 1 : 0;
      k[1] = judged.group;
      k[2] = judged.acl;
      k[3] = inbound ? 1 : 0;
      let at = made.get();
      if (at < 0) {
        const groupRule = judged.group < 0 ? null : ruleIds[judged.group];
        const aclRule = judged.acl < 0 ? null : ruleIds[judged.acl];
        // The rejecting rule is the last one asked (a drop stops the evaluation); an ACCEPT names the groups' rule, else the ACL's.
        const rejecting = inbound ? (groupRule ?? aclRule) : (aclRule ?? groupRule);
        at = verdicts.length;
        verdicts.push({
          action: judged.reject ? "REJECT" : "ACCEPT",
          rule: judged.reject ? rejecting : (groupRule ?? aclRule),
          groupRule,
          aclRule,
        });
        made.set(at);
      }
      return verdicts[at];
    },
  };
}

/**
 * A connection as the ENI sees it (local end, remote end, protocol, their ports), so that a
 * record and its answer's give one key; ICMP echo by its identifier and request type, as the
 * record pipeline keys it (model/connection-judge.ts).
 */
function connectionKey(k: Int32Array, eni: number, v: ReplayView, inbound: boolean): void {
  const p = v.protocol;
  k[0] = eni;
  k[1] = (inbound ? v.dst : v.src) | 0;
  k[2] = (inbound ? v.src : v.dst) | 0;
  // The family beside the protocol: an IPv6 address's number is no IPv4 address's.
  k[3] = v.v6 ? p | 256 : p;
  let lp = inbound ? v.dstport : v.srcport,
    rp = inbound ? v.srcport : v.dstport;
  if (p === 1 || p === 58) {
    const d = v.dstport;
    lp = v.srcport;
    rp = p === 1 && (d === 0 || d === 0x0800) ? 0x0800 : p === 58 && (d === 0x8000 || d === 0x8100) ? 0x8000 : d;
  }
  k[4] = lp;
  k[5] = rp;
}
