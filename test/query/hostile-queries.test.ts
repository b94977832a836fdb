// Hostile searches (docs/history.md #10): wildcards that would backtrack, queries deep and long
// enough to overflow a recursive parser or evaluator, field names that are properties of
// Object, and values no record can hold. Each ends with a result or a positioned error.
import { describe, expect, it } from "vitest";
import type { FlowLogEntry } from "../../src/model/records";
import { compileForChunk } from "../../src/query/execute";
import { MAX_DEPTH, parseQuery, type Query, QueryError } from "../../src/query/parse";
import { wildcardMatcher } from "../../src/query/wildcard";
import { encodeChunk } from "../../src/storage/record-columns";

const entry = (o: Partial<FlowLogEntry>): FlowLogEntry => ({
  flowLogId: "fl-1",
  window: 1700000000,
  version: "2",
  "account-id": "1",
  "interface-id": "eni-a",
  "vpc-id": "",
  "subnet-id": "",
  "instance-id": null,
  srcaddr: "10.0.0.1",
  dstaddr: "10.0.0.2",
  srcport: 40000,
  dstport: 22,
  protocol: 6,
  direction: null,
  packets: 1,
  bytes: 60,
  start: 1700000000,
  end: 1700000059,
  action: "ACCEPT",
  "log-status": "OK",
  "tcp-flags": null,
  "rule-id": null,
  ...o,
});

const matches = (q: string, records: FlowLogEntry[]) => {
  const c = encodeChunk(records);
  const test = compileForChunk(parseQuery(q), c);
  return records.map((_, i) => i).filter((i) => test(i));
};

const positioned = (q: string): [number, string] => {
  try {
    parseQuery(q);
  } catch (e) {
    expect(e).toBeInstanceOf(QueryError);
    return [(e as QueryError).position, (e as Error).message];
  }
  throw new Error(`parsed: ${q.slice(0, 40)}`);
};

const depth = (q: Query): number => {
  // Iterative, so that the test itself cannot overflow on a bad tree.
  let max = 0;
  const stack: [Query, number][] = [[q, 1]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    max = Math.max(max, d);
    if (n.kind === "and" || n.kind === "or") stack.push([n.left, d + 1], [n.right, d + 1]);
    if (n.kind === "not") stack.push([n.query, d + 1]);
  }
  return max;
};

describe("wildcardMatcher", () => {
  it("matches *, ? and literal text in any case", () => {
    const cases: [string, string, boolean][] = [
      ["eni-*", "ENI-abc", true],
      ["eni-*", "xeni-a", false],
      ["*-a", "eni-a", true],
      ["e?i-a", "eni-a", true],
      ["e?i-a", "ei-a", false],
      ["*a*b*", "xxaxxbxx", true],
      ["*a*b*", "xxbxxaxx", false],
      ["a*a", "a", false],
      ["a*a", "aa", true],
      ["*", "", true],
      ["?", "", false],
      ["*ab?d*", "zzabxdzz", true],
      ["**", "x", true],
      ["a*b*c", "abbbc", true],
      ["a*b*c", "acb", false],
    ];
    for (const [p, s, want] of cases) expect([p, s, wildcardMatcher(p)(s)]).toEqual([p, s, want]);
  });

  it("takes no exponential time: 20 stars against a long value, *a*a*a*a*b over 1,000 a's", () => {
    expect(wildcardMatcher(`${"*".repeat(20)}b`)("a".repeat(5000))).toBe(false);
    expect(wildcardMatcher("*a*a*a*a*b")("a".repeat(1000))).toBe(false);
    expect(wildcardMatcher("*a*a*a*a*b")(`${"a".repeat(1000)}b`)).toBe(true);
  });
});

describe("parseQuery on hostile input", () => {
  it("keeps deep chains shallow: 20,000 ORs, 8,000 ANDed terms, 10,000 nots", () => {
    const ors = parseQuery(Array.from({ length: 20000 }, (_, i) => `dstport: ${i % 65536}`).join(" or "));
    expect(depth(ors)).toBeLessThanOrEqual(16);
    const ands = parseQuery("a ".repeat(8000));
    expect(depth(ands)).toBeLessThanOrEqual(14);
    expect(parseQuery(`${"not ".repeat(10000)}a`)).toEqual({ kind: "text", value: "a", quoted: false });
    expect(parseQuery(`${"not ".repeat(10001)}a`)).toEqual({ kind: "not", query: { kind: "text", value: "a", quoted: false } });
  });

  it("evaluates 8,000 ANDed terms and 20,000 ORs without overflowing the stack", () => {
    const records = [entry({}), entry({ "interface-id": "eni-b", srcaddr: "10.0.0.9" })];
    expect(matches("eni-a ".repeat(8000), records)).toEqual([0]);
    expect(
      matches(`${Array.from({ length: 20000 }, (_, i) => `interface-id: eni-x${i}`).join(" or ")} or interface-id: eni-b`, records),
    ).toEqual([1]);
  });

  it("turns a long or of values over one field into one set lookup", () => {
    const q = parseQuery(Array.from({ length: 10 }, (_, i) => `interface-id: ENI-${i}`).join(" or "));
    expect(q.kind).toBe("one-of");
    expect(q.kind === "one-of" && [q.field, [...q.values]]).toEqual(["interface-id", Array.from({ length: 10 }, (_, i) => `eni-${i}`)]);
    const bare = parseQuery(`${Array.from({ length: 9 }, (_, i) => `v${i}`).join(" or ")} or eni-b or REJECT`);
    expect(bare.kind).toBe("one-of");
    const records = [entry({}), entry({ "interface-id": "eni-b" }), entry({ action: "REJECT" })];
    expect(matches(`${Array.from({ length: 9 }, (_, i) => `v${i}`).join(" or ")} or eni-b or reject`, records)).toEqual([1, 2]);
  });

  it("refuses parentheses nested past the limit, with the position", () => {
    expect(parseQuery(`${"(".repeat(MAX_DEPTH)}a${")".repeat(MAX_DEPTH)}`)).toEqual({ kind: "text", value: "a", quoted: false });
    expect(positioned(`${"(".repeat(2500)}a${")".repeat(2500)}`)).toEqual([
      MAX_DEPTH,
      `position ${MAX_DEPTH + 1}: parentheses nest deeper than ${MAX_DEPTH}`,
    ]);
  });

  it("knows no field named after a property of Object", () => {
    expect(positioned("constructor: x")).toEqual([0, "position 1: unknown field constructor; did you mean srcport?"]);
    expect(positioned("__proto__: x")[1]).toMatch(/^position 1: unknown field __proto__; did you mean /);
    expect(positioned("toString > 1")[1]).toMatch(/^position 1: unknown field toString; did you mean /);
  });

  it("refuses values no record can hold, with their position", () => {
    expect(positioned("srcaddr: 10.0.0.0/33")).toEqual([
      9,
      'position 10: "10.0.0.0/33" is not a CIDR block (an address, /0-/32 for IPv4 or /0-/128 for IPv6, host bits zero)',
    ]);
    expect(positioned("dstaddr: ::/129")[0]).toBe(9);
    expect(positioned("srcaddr: 999.1.1.1")).toEqual([9, 'position 10: "999.1.1.1" is not an IPv4 or IPv6 address']);
    expect(positioned(`bytes > ${"9".repeat(400)}`)).toEqual([
      8,
      "position 9: bytes runs from 0 to 9007199254740991, so no record has bytes that large",
    ]);
    expect(positioned("dstport: 70000")).toEqual([9, "position 10: dstport runs from 0 to 65535, so no record has dstport 70000"]);
    expect(positioned("protocol in [1 300]")).toEqual([15, "position 16: protocol runs from 0 to 255, so no record has protocol 300"]);
    expect(positioned("dstport: http")).toEqual([9, 'position 10: dstport is a whole number, not "http"']);
    // What can match is still taken.
    expect(parseQuery("dstport: 2*").kind).toBe("match");
    expect(parseQuery("srcaddr: 10.0.*").kind).toBe("match");
  });
});
