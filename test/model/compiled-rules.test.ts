// The replay's compiled rules decide every packet as security.ts decide does: the same verdict, the
// same rules named, the same state for the groups — over random groups, ACLs and packets (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ipv4Number } from "../../src/model/cidr";
import { compilePolicy, decideCompiled, type Judged } from "../../src/model/compiled-rules";
import type { Rule, SecurityGroup } from "../../src/model/inventory";
import type { PacketView } from "../../src/model/rules";
import { decide, type EniPolicy } from "../../src/model/security";

const PEERS = ["0.0.0.0/0", "10.0.0.0/8", "10.1.2.0/24", "10.1.2.3/32", "192.0.2.0/24", "::/0", "2001:db8::/32"];
const ADDRESSES = ["10.1.2.3", "10.1.2.4", "10.9.9.9", "192.0.2.7", "203.0.113.1", "2001:db8::1", "2001:db9::1"];

const rule = fc.record({
  id: fc.constantFrom("a", "b", "c", "d", "e"),
  priority: fc.integer({ min: 1, max: 4 }),
  direction: fc.constantFrom("in" as const, "out" as const),
  protocol: fc.constantFrom("all" as const, "tcp" as const, "udp" as const, "icmp" as const, 6, 17, 1),
  ports: fc.option(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 30 })), { nil: undefined }),
  peer: fc.constantFrom(...PEERS),
  policy: fc.constantFrom("accept" as const, "drop" as const),
});
const rules = fc.uniqueArray(rule, { selector: (r) => r.id, maxLength: 5 }).map((rs) =>
  rs.map((r): Rule => {
    const portful = r.protocol === "tcp" || r.protocol === "udp" || r.protocol === 6 || r.protocol === 17;
    const { ports, ...rest } = r;
    return portful && ports ? { ...rest, ports: [ports[0], ports[0] + ports[1]] } : rest;
  }),
);
const policy = fc.constantFrom("accept" as const, "drop" as const);
const group = (id: string) =>
  fc
    .record({ rules, defaultInbound: policy, defaultOutbound: policy })
    .map((g): SecurityGroup => ({ id, vpcId: "v", name: id, dialect: "flowlens", ...g }));
const eniPolicy = fc
  .record({
    groups: fc.tuple(group("sg-1"), group("sg-2"), group("sg-3")).chain((gs) => fc.integer({ min: 0, max: 3 }).map((n) => gs.slice(0, n))),
    acl: fc.option(fc.record({ rules, defaultInbound: policy, defaultOutbound: policy }), { nil: null }),
  })
  .map(
    ({ groups, acl }): EniPolicy => ({
      groups,
      acl: acl ? { id: "acl-1", vpcId: "v", name: "acl", dialect: "flowlens", ...acl } : null,
      groupRules: groups.flatMap((g) => g.rules.map((r) => ({ ...r, owner: g.id }))),
    }),
  );
const packet = fc.record({
  direction: fc.constantFrom("in" as const, "out" as const),
  protocol: fc.constantFrom(6, 17, 1, 58),
  port: fc.integer({ min: 0, max: 40 }),
  peer: fc.constantFrom(...ADDRESSES),
});

describe("compiled rules", () => {
  it("decide as decide does, rule for rule", () => {
    fc.assert(
      fc.property(eniPolicy, packet, fc.boolean(), (pol, p: PacketView, answers) => {
        const ids: string[] = [];
        const intern = (id: string) => {
          const k = ids.indexOf(id);
          return k >= 0 ? k : ids.push(id) - 1;
        };
        const out: Judged = { reject: false, groupsAccepted: false, group: -1, acl: -1 };
        const v4 = ipv4Number(p.peer) ?? -1;
        decideCompiled(compilePolicy(pol, intern), p, v4, answers, intern, out);
        const want = decide(pol, p, answers);
        expect({
          reject: out.reject,
          groupsAccepted: out.groupsAccepted,
          group: out.group < 0 ? null : ids[out.group],
          acl: out.acl < 0 ? null : ids[out.acl],
        }).toEqual({
          reject: want.decision.action === "REJECT",
          groupsAccepted: want.groupsAccepted,
          group: want.groupRule,
          acl: want.aclRule,
        });
      }),
      { numRuns: 3000 },
    );
  });
});
