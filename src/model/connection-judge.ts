// The security decision of one side of a flow (model/record-rows.ts): the ENI's security
// groups (stateful: an answer to an accepted connection is accepted, docs/rules.md §5) and its
// VSwitch's ACL (stateless), through security.ts. Flows come in order of their first packet,
// so the connections an ENI's groups accepted are known when their answers come.
import type { FlowColumns } from "./flow-columns";
import type { Inventory } from "./inventory";
import { DIRECTION_IN } from "./record-codes";
import { eniPolicies } from "./record-index";
import { type Decision, decide } from "./security";
import { TupleTable } from "./tuple-table";

const ACCEPTED: Decision = { action: "ACCEPT", ruleId: null };

/** A judge of flow `i` at ENI `eni` in `direction` (DIRECTION_IN or DIRECTION_OUT), each flow and side decided once. */
export function connectionJudge(
  flows: FlowColumns,
  inv: Inventory,
  eniVswitch: Int32Array,
): (eni: number, i: number, direction: number) => Decision {
  const policyOf = eniPolicies(inv, eniVswitch);
  const f = flows.cols,
    texts = flows.addresses.texts;
  // (eni, local, remote, protocol, port or ICMP id, port or ICMP type) -> bits: the
  // connections an ENI's groups accepted, by direction (1: in, 2: out).
  const accepted = new TupleTable(6);
  let cachedFor = -1,
    cached = 0;
  const cacheEni: number[] = [],
    cacheDirection: number[] = [],
    cacheDecision: Decision[] = [];
  return (eni: number, i: number, direction: number): Decision => {
    if (cachedFor !== i) {
      cachedFor = i;
      cached = 0;
    }
    for (let k = 0; k < cached; k++) if (cacheEni[k] === eni && cacheDirection[k] === direction) return cacheDecision[k];
    const { policy, acceptAll } = policyOf(eni);
    const inbound = direction === DIRECTION_IN;
    if (acceptAll && !policy.acl) return ACCEPTED;
    if (acceptAll)
      return decide(
        policy,
        { direction: inbound ? "in" : "out", protocol: f.protocol[i], port: f.dstport[i], peer: texts[inbound ? f.src[i] : f.dst[i]] },
        false,
      ).decision;
    connectionKey(accepted.key, f, i, eni, inbound);
    const seen = Math.max(0, accepted.get());
    const peer = texts[inbound ? f.src[i] : f.dst[i]];
    const r = decide(
      policy,
      { direction: inbound ? "in" : "out", protocol: f.protocol[i], port: f.dstport[i], peer },
      (seen & (inbound ? 2 : 1)) !== 0,
    );
    if (r.groupsAccepted) accepted.set(seen | (inbound ? 1 : 2));
    cacheEni[cached] = eni;
    cacheDirection[cached] = direction;
    cacheDecision[cached++] = r.decision;
    return r.decision;
  };
}

/** A connection as the ENI sees it (local end, remote end, protocol), so that a packet and its answer give one key. */
function connectionKey(k: Int32Array, f: FlowColumns["cols"], i: number, eni: number, inbound: boolean): void {
  const p = f.protocol[i];
  k[0] = eni;
  k[1] = inbound ? f.dst[i] : f.src[i];
  k[2] = inbound ? f.src[i] : f.dst[i];
  k[3] = p;
  let lp = inbound ? f.dstport[i] : f.srcport[i],
    rp = inbound ? f.srcport[i] : f.dstport[i];
  if (p === 1 || p === 58) {
    // ICMP echo keeps the identifier as srcport both ways and answers type 8 with 0 (ICMPv6
    // 128 with 129): its key is (identifier, request type).
    const d = f.dstport[i];
    lp = f.srcport[i];
    rp = p === 1 && (d === 0 || d === 0x0800) ? 0x0800 : p === 58 && (d === 0x8000 || d === 0x8100) ? 0x8000 : d;
  }
  k[4] = lp;
  k[5] = rp;
}
