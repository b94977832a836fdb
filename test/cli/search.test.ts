// `flowlens search` as a user runs it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flowlens as run } from "../support/cli";

const CAPTURE = new URL("../files/tcpdump-veth.pcap", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "flowlens-search-"));

describe("flowlens search", () => {
  it("prints the newest matching records of a capture", () => {
    const r = run("search", CAPTURE, "--query", "dstport: 8080 and interface-id: eni-10-77-0-2");
    expect(r.code).toBe(0);
    expect(
      r.out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l))
        .map((x) => [x["interface-id"], x.srcaddr, x.dstport, x.packets, x.action]),
    ).toEqual([["eni-10-77-0-2", "10.77.0.1", 8080, 5, "ACCEPT"]]);
    // 16 IPv4 and 7 IPv6 records: the proposed network holds fd77::1 and ::2 too (docs/history.md #12).
    expect(r.err.split("\n").at(-2)).toBe("1 of 23 records match; 1 shown, newest first");
  });

  it("runs an analysis over a flow-log file, as JSON lines linking back to their records", () => {
    const log = join(dir, "flows.log");
    writeFileSync(
      log,
      `${[
        "2 1 eni-a 198.51.100.7 10.0.1.5 40000 22 6 3 180 1700000400 1700000459 REJECT OK",
        "2 1 eni-a 198.51.100.7 10.0.1.5 40001 3389 6 3 180 1700000400 1700000459 REJECT OK",
        "2 1 eni-a 10.0.2.9 10.0.1.5 40002 22 6 9 900 1700000400 1700000459 ACCEPT OK",
      ].join("\n")}\n`,
    );
    const r = run("search", log, "--analysis", "rejected", "--query", "dstport in [1 1024]");
    expect(r.code).toBe(0);
    expect(
      r.out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        kind: "source",
        value: "198.51.100.7",
        records: 1,
        bytes: 180,
        search: '(dstport in [1 1024]) and action: REJECT and srcaddr: "198.51.100.7"',
      },
      { kind: "port", value: "22", records: 1, bytes: 180, search: "(dstport in [1 1024]) and action: REJECT and dstport: 22" },
      {
        kind: "rule",
        value: "(no rule recorded)",
        records: 1,
        bytes: 180,
        search: "(dstport in [1 1024]) and action: REJECT and not rule-id: *",
      },
    ]);
    for (const q of [
      '(dstport in [1 1024]) and action: REJECT and srcaddr: "198.51.100.7"',
      "(dstport in [1 1024]) and action: REJECT and not rule-id: *",
    ])
      expect(run("search", log, "--query", q).out.trim().split("\n")).toHaveLength(1);
  });

  it("names the analyses", () => {
    const r = run("search", "--list-analyses");
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toBe("traffic-over-time          bytes, packets and records per time bucket, by action");
    expect(r.out.trim().split("\n")).toHaveLength(13);
  });

  it("a search error exits non-zero with the position and what was expected", () => {
    const r = run("search", CAPTURE, "--query", "action: REJECT and (dstport > 22");
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "flowlens: search: position 33: expected a closing ), found the end of the search\n  action: REJECT " +
        "and (dstport > 22\n                                  ^\n",
    );
    expect(run("search", CAPTURE, "--query", "dst_prot: 22")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^flowlens: search: position 1: unknown field dst_prot; did you mean dstport\?/),
    });
    expect(run("search", CAPTURE, "--analysis", "nope")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/unknown analysis nope; flowlens search --list-analyses names them/),
    });
  });
});
