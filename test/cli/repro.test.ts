// The reproducers of docs/history.md #10 (test/files/repro, copied from shared/repro with its
// README): each ends with a result or a one-line error naming the file and the line,
// offset or JSON path, and what was expected.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { flowlens as run } from "../support/cli";

const repro = (f: string) => new URL(`../files/repro/${f}`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "flowlens-repro-"));

describe("flow-log reproducers", () => {
  it("mixed.log: the 21 good lines are records, each of the 20 bad ones is reported by number", () => {
    const expected = readFileSync(repro("mixed.expect"), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(" "));
    const r = run("records", repro("mixed.log"), "--format", "jsonl");
    expect(r.code).toBe(0);
    const stored = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l)["interface-id"]);
    expect(stored).toHaveLength(expected.filter(([, k]) => k === "good").length);
    expect(stored.every((id: string) => id.startsWith("eni-good"))).toBe(true);
    const reported = [...r.err.matchAll(/^ {2}line (\d+): /gm)].map((m) => Number(m[1]));
    expect(reported).toEqual(expected.filter(([, k]) => k !== "good").map(([n]) => Number(n)));
    expect(r.err.split("\n")[0]).toBe(`${repro("mixed.log")}: aws, 21 records, 20 lines skipped`);
    for (const reason of [
      "line 8: srcport is 70000, past its largest value 65535",
      "line 12: protocol is 300, past its largest value 255",
      "line 20: start 1418530070 is after end 1418530010",
      "line 22: start is 99999999999, past its largest value 4294967295",
      'line 24: srcaddr is "fe80::1%eth0", not an IPv4 or IPv6 address',
      'line 26: srcaddr is "999.1.1.1", not an IPv4 or IPv6 address',
    ])
      expect(r.err).toContain(reason);
    expect(r.err).toMatch(/line 40: interface-id is "eni-<img\/src=x\/onerror=alert\(1\)>": an id holds letters/);
  });

  it("start-beyond-u32.log: a start past 32 bits is refused, never stored as another time", () => {
    const r = run("search", repro("start-beyond-u32.log"), "--query", "");
    expect([r.code, r.out]).toEqual([0, ""]);
    expect(r.err).toContain("line 1: start is 99999999999, past its largest value 4294967295");
  });

  it("proto_header.log: a header of Object's property names is no AWS format", () => {
    const r = run("records", repro("proto_header.log"));
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `flowlens: ${repro("proto_header.log")}: line 1: not a flow-log file: 5 fields, which fits no ` +
        `flow-log format (AWS/Tencent 14, CCN 16, a header line, JSON or CSV)\n`,
    );
  });

  it("small.log and longid.log: wildcards and Object's property names end at once", () => {
    const stars = run("search", repro("small.log"), "--query", `${"*".repeat(20)}b`);
    expect([stars.code, stars.err.trim().split("\n").at(-1)]).toEqual([0, "0 of 50 records match; 0 shown, newest first"]);
    const ctor = run("search", repro("small.log"), "--query", "constructor: x");
    expect([ctor.code, ctor.err.split("\n")[0]]).toEqual([
      2,
      "flowlens: search: position 1: unknown field constructor; did you mean srcport?",
    ]);
    const long = run("search", repro("longid.log"), "--query", "interface-id: *a*a*a*a*b");
    expect(long.code).toBe(0);
    expect(long.err).toContain('line 3: interface-id is "eni-aaaa');
  });

  it("deep and long queries end with a result or a positioned error", () => {
    const deep = run("search", repro("small.log"), "--query", `${"(".repeat(2500)}a${")".repeat(2500)}`);
    expect([deep.code, deep.err.split("\n")[0]]).toEqual([2, "flowlens: search: position 65: parentheses nest deeper than 64"]);
    const ands = run("search", repro("small.log"), "--query", "a ".repeat(8000));
    expect([ands.code, ands.err.trim().split("\n").at(-1)]).toEqual([0, "0 of 50 records match; 0 shown, newest first"]);
    // 6,000 terms: one argument of a command line holds at most 128 KiB (20,000 are tested in test/query).
    const ors = run("search", repro("small.log"), "--query", Array.from({ length: 6000 }, (_, i) => `dstport:${i}`).join(" or "));
    expect([ors.code, ors.err.trim().split("\n").at(-1)]).toEqual([0, "50 of 50 records match; 50 shown, newest first"]);
  });

  it("a gzip cut halfway keeps and reports the lines before the cut", () => {
    const lines = `${Array.from(
      { length: 5000 },
      (_, i) => `2 1 eni-a 10.0.0.1 10.0.0.2 ${1024 + (i % 60000)} 22 6 1 60 1700000000 1700000059 ACCEPT OK`,
    ).join("\n")}\n`;
    const gz = gzipSync(new TextEncoder().encode(lines));
    const cut = join(dir, "cut.log.gz");
    writeFileSync(cut, gz.subarray(0, gz.length >> 1));
    const r = run("records", cut, "--format", "aws");
    expect(r.code).toBe(0);
    const kept = r.out.trim().split("\n").length - 1; // less the header
    expect(kept).toBeGreaterThan(100);
    expect(kept).toBeLessThan(5000);
    expect(r.err).toMatch(
      new RegExp(`gzip: the compressed data stops being readable after \\d+ bytes \\(.+\\): the ${kept} records before it are kept`),
    );
  });

  it("a file none of whose lines is a record ends with one error, and no header is printed", () => {
    const f = join(dir, "no-record.json");
    writeFileSync(f, '{"version":"1","__proto__":{"polluted":true}}\n');
    const r = run("records", f, "--format", "aws");
    expect([r.code, r.out]).toEqual([1, ""]);
    expect(r.err).toBe(
      `flowlens: ${f}: line 1: no line could be read as a flow-log record (the first: missing vswitch-id, ` +
        `vm-id, vpc-id, account-id, eni-id, srcaddr, srcport, dstaddr, dstport, protocol, direction, ` +
        `packets, bytes, start, end, log-status, action)\n`,
    );
  });

  it("a line with no newline past 1 MiB is reported by number, in bounded memory", () => {
    const f = join(dir, "long-line.log.gz");
    writeFileSync(f, gzipSync(new Uint8Array(8 << 20).fill(97)));
    const r = run("records", f);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `flowlens: ${f}: line 1: no flow-log line in the file: ${8 << 20} bytes long, past the limit of 1048576 bytes for one line\n`,
    );
  });
});

describe("capture reproducers", () => {
  for (const [file, bytes] of [
    ["tso-origlen-ffffffff.pcap", 4294967281],
    ["jumbo-origlen-ffffffff.pcap", null],
  ] as const) {
    it(`${file}: the WASM engine and its twin agree on a frame of 0xffffffff bytes`, () => {
      const wasm = run("flows", repro(file), "--jsonl", "--quiet"),
        twin = run("flows", repro(file), "--jsonl", "--quiet", "--engine", "twin");
      expect([wasm.code, twin.code]).toEqual([0, 0]);
      expect(wasm.out).toBe(twin.out);
      const flows = wasm.out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      if (bytes !== null) expect(flows.map((f) => f.bytes)).toEqual([bytes]);
      expect(flows.every((f) => f.bytes > 2 ** 31)).toBe(true);
    });
  }
});

describe("cloud JSON reproducers", () => {
  const cases: [string, string][] = [
    ["c_aws_vpcs_null_elem.json", "Vpcs[0]: expected an object, found null"],
    ["c_ali_sg_junk.json", "Permissions.Permission[0]: expected an object, found null"],
    ["c_aws_az_number.json", "Subnets[0].AvailabilityZone: expected a string, found number 5"],
    ["c_aws_entries_object.json", "NetworkAcls[0].Entries: expected a list, found an object"],
    [
      "c_aws_dup_ids.json",
      `Vpcs[1]: VPC vpc-1 is described twice (first at ${repro("c_aws_dup_ids.json")}: Vpcs[0]); one id names one VPC`,
    ],
  ];
  for (const [file, message] of cases) {
    it(`${file}: refused with the file, the JSON path and what was expected`, () => {
      const r = run("inventory", "convert", repro(file));
      expect([r.code, r.out, r.err]).toEqual([2, "", `flowlens: ${repro(file)}: ${message}\n`]);
    });
  }

  it("a deep tag is never walked, and a problem names the entity's id beside its path", () => {
    const deep = join(dir, "deep.json");
    writeFileSync(
      deep,
      `{"Vpcs":[{"VpcId":"vpc-1","CidrBlock":"10.0.0.0/16","Tags":[{"Key":"Name","Value":${"[".repeat(100000)}${"]".repeat(100000)}}]}]}`,
    );
    expect(run("inventory", "convert", deep).err).toBe(`flowlens: ${deep}: Vpcs[0].Tags[0].Value: expected a string, found a list\n`);
    const subnets = join(dir, "subnets.json");
    writeFileSync(
      subnets,
      JSON.stringify({ Subnets: [{ SubnetId: "subnet-1", VpcId: "vpc-9", CidrBlock: "10.0.0.0/24", AvailabilityZone: "us-east-1a" }] }),
    );
    const r = run("inventory", "convert", subnets);
    expect(r.code).toBe(1);
    expect(r.err).toContain("problem: vswitches[0] (subnet-1).vpcId: VPC vpc-9 does not exist");
  });
});
