// The search language: every construct, and every error with its position.
import { describe, expect, it } from "vitest";
import { parseQuery, QueryError } from "../../src/query/parse";

const m = (field: string, value: string, quoted = false) => ({ kind: "match", field, value, quoted });

describe("parseQuery", () => {
  it("reads field: value, with both spellings and the clouds' aliases", () => {
    expect(parseQuery("srcaddr: 10.0.0.1")).toEqual(m("srcaddr", "10.0.0.1"));
    expect(parseQuery("log_status:NODATA")).toEqual(m("log-status", "NODATA"));
    expect(parseQuery("ENI-ID: eni-a")).toEqual(m("interface-id", "eni-a"));
    expect(parseQuery('vswitch_id: "vsw-1"')).toEqual(m("subnet-id", "vsw-1", true));
  });
  it("reads IPv4 and IPv6 addresses and CIDR blocks as one value", () => {
    expect(parseQuery("dstaddr: fd00::1")).toEqual(m("dstaddr", "fd00::1"));
    expect(parseQuery("srcaddr: ::/0")).toEqual(m("srcaddr", "::/0"));
    expect(parseQuery("srcaddr:10.0.0.0/8")).toEqual(m("srcaddr", "10.0.0.0/8"));
  });
  it("reads and, or, not, parentheses, and implicit and", () => {
    expect(parseQuery("action: REJECT and not dstport: 22 or (protocol: 1)")).toEqual({
      kind: "or",
      left: { kind: "and", left: m("action", "REJECT"), right: { kind: "not", query: m("dstport", "22") } },
      right: m("protocol", "1"),
    });
    expect(parseQuery("eni-* REJECT")).toEqual({
      kind: "and",
      left: { kind: "text", value: "eni-*", quoted: false },
      right: { kind: "text", value: "REJECT", quoted: false },
    });
  });
  it("reads comparisons and ranges", () => {
    expect(parseQuery("bytes > 1000")).toEqual({ kind: "compare", field: "bytes", op: ">", value: 1000 });
    expect(parseQuery("packets<=5")).toEqual({ kind: "compare", field: "packets", op: "<=", value: 5 });
    expect(parseQuery("dstport in [1024 1]")).toEqual({ kind: "range", field: "dstport", low: 1, high: 1024 });
    expect(parseQuery("  ")).toEqual({ kind: "all" });
  });
  const errors: [string, number, string][] = [
    ["srcadr: 10.0.0.1", 0, "position 1: unknown field srcadr; did you mean srcaddr?"],
    ["dst_prot > 5", 0, "position 1: unknown field dst_prot; did you mean dstport?"],
    ["(action: REJECT", 15, "position 16: expected a closing ), found the end of the search"],
    ["bytes > many", 8, 'position 9: expected a number, found "many"'],
    ["action > 1", 7, "position 8: action is not a number; compare it with action: value"],
    ["srcaddr in [1 2]", 0, "position 1: srcaddr is not a number, so it has no range"],
    ["dstport in 1 2", 11, 'position 12: expected [, found "1"'],
    ['"unclosed', 0, 'position 1: the quoted string is not closed; expected a closing "'],
    ["action: REJECT and", 18, "position 19: expected a search term, a field name or (, found the end of the search"],
    ["srcaddr:", 8, "position 9: expected a value for srcaddr, found the end of the search"],
    ["a ) b", 2, 'position 3: expected and, or, or the end of the search, found ")"'],
  ];
  for (const [q, at, message] of errors) {
    it(`names the position and what was expected: ${q}`, () => {
      try {
        parseQuery(q);
      } catch (e) {
        expect(e).toBeInstanceOf(QueryError);
        expect([(e as QueryError).position, (e as Error).message]).toEqual([at, message]);
        return;
      }
      throw new Error("parsed");
    });
  }
});
