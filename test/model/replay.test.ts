// Replaying stored records against edited rules (SPEC §8), the rules in use and shadowed, and
// which rule decides, step by step: on the Tencent seed's ping (docs/rules.md §5), whose reply
// the ACL refuses, and on hand-made rule sets.
import { describe, expect, it } from "vitest";
import type { Inventory, Rule } from "../../src/model/inventory";
import type { FlowLogEntry } from "../../src/model/records";
import { buildRecords } from "../../src/model/records";
import type { Verdict } from "../../src/model/replay";
import { listRules, shadows } from "../../src/model/rule-report";
import { explainDecision } from "../../src/model/rule-steps";
import { replayInOrder } from "../../src/query/replay-records";
import { decodeRecord, encodeChunk } from "../../src/storage/record-columns";
import { allowIcmpOut, flow, flowLog, network, T } from "./seed-network";

const ENI_LOG = [flowLog({ resourceType: "NetworkInterface", resourceId: "eni-lq6mkcis" })];

/** Every record with each network's verdict, in replay order. */
async function replay(records: FlowLogEntry[], networks: Inventory[]) {
  const chunk = encodeChunk(records);
  const out: { record: FlowLogEntry; verdicts: (Verdict | null)[] }[] = [];
  await replayInOrder({ chunks: 1, columns: () => chunk }, networks, (c, i, _k, v) => {
    out.push({ record: decodeRecord(c, i), verdicts: [...v] });
  });
  return out;
}

const withIcmpOut = (inv: Inventory): Inventory => allowIcmpOut(structuredClone(inv));

describe("what if: the seed's ping replayed against edited rules", () => {
  const pings = [
    flow("203.0.113.12", 0x1bf6, "172.31.16.139", 0x0800, 1, T + 27),
    flow("172.31.16.139", 0x1bf6, "203.0.113.12", 0, 1, T + 94),
  ];

  it("gives back the pipeline's own verdicts against the network that made the records", async () => {
    const { records } = buildRecords(pings, ENI_LOG, network());
    const replayed = await replay(records, [network()]);
    expect(replayed.map((r) => [r.record.action, r.verdicts[0]?.action, r.verdicts[0]?.rule])).toEqual([
      ["ACCEPT", "ACCEPT", "sg-seed/icmp-in"],
      ["REJECT", "REJECT", "acl-seed/default-outbound"],
    ]);
  });

  it("allowing ICMP out in the ACL flips exactly the reply's record, REJECT to ACCEPT, naming the rule before and after", async () => {
    const { records } = buildRecords(pings, ENI_LOG, network());
    const replayed = await replay(records, [network(), withIcmpOut(network())]);
    const changed = replayed.filter((r) => r.verdicts[0]?.action !== r.verdicts[1]?.action);
    expect(
      changed.map((r) => [r.record.direction, r.record.srcaddr, r.verdicts[0]!.rule, r.verdicts[1]!.action, r.verdicts[1]!.rule]),
    ).toEqual([
      // The reply passes the groups as an answer (stateful): the ACL's new rule is what lets it out.
      ["out", "172.31.16.139", "acl-seed/default-outbound", "ACCEPT", "acl-seed/out-icmp"],
    ]);
  });

  it("replays records in the order of their first packets, whatever order they are stored in", async () => {
    const { records } = buildRecords(pings, ENI_LOG, network());
    const replayed = await replay([...records].reverse(), [network()]);
    // Stored reply first: replayed request first, so the reply is still an answer the groups let through.
    expect(replayed.map((r) => [r.record.direction, r.verdicts[0]!.groupRule])).toEqual([
      ["in", "sg-seed/icmp-in"],
      ["out", null],
    ]);
  });

  it("replays AWS's records that name no direction by the ENI's addresses, and leaves ENIs of no network out", async () => {
    const { records } = buildRecords(pings, ENI_LOG, network());
    const bare = records.map((r) => ({ ...r, direction: null }));
    const stranger = { ...records[0], "interface-id": "eni-elsewhere" };
    const replayed = await replay([...bare, stranger], [network()]);
    // In time order: the request, the stranger (the request's second, stored after it), the reply.
    expect(replayed.map((r) => [r.record["interface-id"], r.verdicts[0]?.action ?? null])).toEqual([
      ["eni-lq6mkcis", "ACCEPT"],
      ["eni-elsewhere", null],
      ["eni-lq6mkcis", "REJECT"],
    ]);
  });
});

describe("an ENI of several groups: their rules are one set", () => {
  it("decides each record by whichever group's rule wins, and names that group", async () => {
    const inv = network();
    inv.enis[1].securityGroupIds = ["sg-db", "sg-web-too"];
    inv.securityGroups.push({
      id: "sg-web-too",
      vpcId: "vpc-seed",
      name: "web too",
      dialect: "alibaba",
      defaultInbound: "drop",
      defaultOutbound: "accept",
      rules: [{ id: "http", priority: 1, direction: "in", protocol: "tcp", ports: [80, 80], peer: "0.0.0.0/0", policy: "accept" }],
    });
    const log = [flowLog({ resourceType: "NetworkInterface", resourceId: "eni-db" })];
    const flows = [
      flow("172.31.16.139", 40001, "172.31.16.21", 3306, 6, T + 1),
      flow("203.0.113.9", 40002, "172.31.16.21", 80, 6, T + 2),
      flow("203.0.113.9", 40003, "172.31.16.21", 22, 6, T + 3),
    ];
    const { records } = buildRecords(flows, log, inv);
    const replayed = await replay(records, [inv]);
    expect(replayed.map((r) => [r.record.dstport, r.record.action, r.verdicts[0]?.action, r.verdicts[0]?.groupRule])).toEqual([
      [3306, "ACCEPT", "ACCEPT", "sg-db/mysql"],
      [80, "ACCEPT", "ACCEPT", "sg-web-too/http"],
      // Both groups drop what no rule allows: the first dropping group's default names it.
      [22, "REJECT", "REJECT", "sg-db/default-inbound"],
    ]);
  });
});

const rule = (id: string, priority: number, o: Partial<Rule> = {}): Rule => ({
  id,
  priority,
  direction: "in",
  protocol: "tcp",
  peer: "0.0.0.0/0",
  policy: "accept",
  ...o,
});

describe("shadowed rules, found from the rules themselves", () => {
  it("a narrower rule after a broader one of the same policy", () => {
    const s = shadows([rule("web-all", 10, { ports: [1, 65535] }), rule("web-443", 20, { ports: [443, 443], peer: "10.0.0.0/8" })]);
    expect([...s]).toEqual([["web-443", "web-all"]]);
  });

  it("a deny after an allow that covers it; not an allow after a narrower deny", () => {
    const s = shadows([
      rule("allow-vpc", 1, { protocol: "all", peer: "10.0.0.0/8" }),
      rule("deny-db", 5, { ports: [5432, 5432], peer: "10.0.3.0/24", policy: "drop" }),
      rule("deny-ssh", 1, { ports: [22, 22], peer: "0.0.0.0/0", policy: "drop" }),
      rule("allow-ssh-office", 9, { ports: [22, 22], peer: "198.51.100.0/24" }),
    ]);
    expect(Object.fromEntries(s)).toEqual({ "deny-db": "allow-vpc", "allow-ssh-office": "deny-ssh" });
  });

  it("priority ties: drop wins over accept, and of two alike the first listed", () => {
    const s = shadows([
      rule("accept-80", 7, { ports: [80, 80] }),
      rule("drop-80", 7, { ports: [80, 80], policy: "drop" }),
      rule("accept-443", 7, { ports: [443, 443] }),
      rule("accept-443-again", 7, { ports: [443, 443] }),
    ]);
    expect(Object.fromEntries(s)).toEqual({ "accept-80": "drop-80", "accept-443-again": "accept-443" });
  });

  it("lists every rule with both defaults of each group and ACL, shadowed ones named", () => {
    const inv = network();
    inv.securityGroups[0].rules.push(rule("ssh-again", 2, { ports: [22, 22], peer: "172.31.16.0/20" }));
    const listed = listRules(inv);
    expect(listed.map((r) => r.id)).toEqual([
      "sg-seed/icmp-in",
      "sg-seed/ssh-in",
      "sg-seed/all-out-vpc",
      "sg-seed/ssh-again",
      "sg-seed/default-inbound",
      "sg-seed/default-outbound",
      "sg-db/mysql",
      "sg-db/default-inbound",
      "sg-db/default-outbound",
      "acl-seed/in-100",
      "acl-seed/out-100",
      "acl-seed/default-inbound",
      "acl-seed/default-outbound",
    ]);
    expect(listed.filter((r) => r.shadowedBy).map((r) => [r.id, r.shadowedBy])).toEqual([["sg-seed/ssh-again", "sg-seed/ssh-in"]]);
  });
});

describe("which rule decides, step by step", () => {
  it("walks the ACL then the groups inbound, each rule weighed in order, to the verdict", () => {
    const e = explainDecision(network(), { eni: "eni-lq6mkcis", direction: "in", protocol: "tcp", peer: "172.31.16.21", port: "22" });
    if ("error" in e) throw new Error(e.error);
    expect(e.action).toBe("ACCEPT");
    expect(e.stages.map((s) => [s.stage, s.decidedBy, s.steps.map((x) => `${x.id} ${x.matches}`)])).toEqual([
      ["network-acl", "acl-seed/in-100", ["acl-seed/in-100 true"]],
      ["security-groups", "sg-seed/ssh-in", ["sg-seed/icmp-in false", "sg-seed/ssh-in true"]],
    ]);
  });

  it("an outbound reply: the groups let the answer through, the ACL's default refuses it", () => {
    const e = explainDecision(network(), { eni: "eni-lq6mkcis", direction: "out", protocol: "icmp", peer: "203.0.113.12", answer: true });
    if ("error" in e) throw new Error(e.error);
    expect([e.action, e.rule]).toEqual(["REJECT", "acl-seed/default-outbound"]);
    expect(e.lines.at(-2)).toBe("    decided by acl-seed/default-outbound: drop");
    expect(e.lines).toContain("    answers a connection the groups accepted: let through (stateful)");
  });

  it("says what is wrong with a question", () => {
    expect(explainDecision(network(), { eni: "eni-x", direction: "in", protocol: "tcp", peer: "10.0.0.1" })).toEqual({
      error: "--eni eni-x: no such ENI in the inventory",
    });
    expect(explainDecision(network(), { eni: "eni-lq6mkcis", direction: "up", protocol: "tcp", peer: "10.0.0.1" })).toEqual({
      error: "--direction takes in or out, not up",
    });
  });
});
