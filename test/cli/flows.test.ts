// `flowlens flows` as a user runs it: the built CLI in a child process.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writePcap } from "../support/capture-writer";
import { flowlens } from "../support/cli";
import * as P from "../support/packets";

const dir = mkdtempSync(join(tmpdir(), "flowlens-cli-"));
const T0 = 1_700_000_000_000_000;

const sample = join(dir, "sample.pcap");
writeFileSync(
  sample,
  writePcap({ linktype: 1 }, [
    {
      us: T0 + 250_000,
      data: P.ethernet(P.ETH.IPV4, P.ipv4({ src: "172.31.16.139", dst: "172.31.16.21", protocol: 6 }, P.tcp(20641, 22, P.TCP.SYN))),
    },
    {
      us: T0 + 61_000_001,
      data: P.ethernet(P.ETH.IPV4, P.ipv4({ src: "172.31.16.139", dst: "172.31.16.21", protocol: 6 }, P.tcp(20641, 22, P.TCP.ACK, 60))),
    },
    { us: T0 + 61_500_000, data: P.ethernet(P.ETH.ARP, new Uint8Array(28)) },
  ]),
);

describe("flowlens flows", () => {
  it("prints JSON lines with exactly the issue's keys, start and end to the microsecond", () => {
    const r = flowlens("flows", sample, "--window", "60", "--jsonl");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe(
      '{"interface":0,"window":1699999980,"srcaddr":"172.31.16.139","srcport":20641,' +
        '"dstaddr":"172.31.16.21","dstport":22,"protocol":6,"packets":1,"bytes":40,"start":1700000000.250000,' +
        '"end":1700000000.250000,"tcp-flags":2}',
    );
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        interface: 0,
        window: 1699999980,
        srcaddr: "172.31.16.139",
        srcport: 20641,
        dstaddr: "172.31.16.21",
        dstport: 22,
        protocol: 6,
        packets: 1,
        bytes: 40,
        start: 1700000000.25,
        end: 1700000000.25,
        "tcp-flags": 2,
      },
      {
        interface: 0,
        window: 1700000040,
        srcaddr: "172.31.16.139",
        srcport: 20641,
        dstaddr: "172.31.16.21",
        dstport: 22,
        protocol: 6,
        packets: 1,
        bytes: 100,
        start: 1700000061.000001,
        end: 1700000061.000001,
        "tcp-flags": 16,
      },
    ]);
  });

  it("prints CSV with a header, and space-separated text by default", () => {
    expect(flowlens("flows", sample, "--csv").out.split("\n").slice(0, 2)).toEqual([
      "interface,window,srcaddr,srcport,dstaddr,dstport,protocol,packets,bytes,start,end,tcp-flags",
      "0,1699999800,172.31.16.139,20641,172.31.16.21,22,6,2,140,1700000000.250000,1700000061.000001,18",
    ]);
    expect(flowlens("flows", sample).out.split("\n")[1]).toBe(
      "0 1699999800 172.31.16.139 20641 172.31.16.21 22 6 2 140 1700000000.250000 1700000061.000001 18",
    );
  });

  it("writes the diagnostics to stderr", () => {
    const r = flowlens("flows", sample);
    expect(r.err).toBe(
      `${sample}: pcap, ${24 + 3 * 16 + 54 + 114 + 42} bytes; 3 packets read, 2 aggregated (140 IP ` +
        `bytes)\n  skipped: 1 not-ip\n  not-ip at offset 224: ethertype or family 0x0806 is not IP\n`,
    );
  });

  it("fails with a one-line reason naming the file and byte offset", () => {
    const bad = join(dir, "bad.pcapng");
    writeFileSync(bad, new Uint8Array([0x0a, 0x0d, 0x0d, 0x0a, 12, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a]));
    const r = flowlens("flows", bad, "--quiet");
    expect(r.code).toBe(1);
    expect(r.err).toBe(`flowlens: ${bad}: pcapng: block length 12 at offset 0 is below the minimum 28\n`);
    const missing = flowlens("flows", join(dir, "nope.pcap"), "--quiet");
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^flowlens: .*nope\.pcap: cannot open: ENOENT/);
  });

  it("refuses bad usage with exit code 2", () => {
    expect(flowlens("flows").code).toBe(2);
    expect(flowlens("flows", sample, "--window", "abc")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^flowlens: --window takes whole seconds/),
    });
    expect(flowlens("frobnicate").err).toMatch(/^flowlens: unknown command frobnicate/);
  });
});

describe("every command's arguments (node:util parseArgs)", () => {
  it("prints each command's usage for --help and -h, exit code 0", () => {
    for (const [command, first] of [
      ["flows", "usage: flowlens flows <capture...>"],
      ["records", "usage: flowlens records <capture-or-log...>"],
      ["search", "usage: flowlens search <capture-or-log...>"],
      ["inventory", "usage: flowlens inventory convert CLOUD-JSON..."],
    ]) {
      for (const flag of ["--help", "-h"]) {
        const r = flowlens(command, flag);
        expect([command, flag, r.code, r.out.startsWith(first), r.err]).toEqual([command, flag, 0, true, ""]);
      }
    }
    expect(flowlens("inventory", "check", "--help")).toMatchObject({ code: 0, out: expect.stringMatching(/^usage: flowlens inventory/) });
  });

  it("refuses an unknown option or a missing value the same way in every command: the reason, then the usage, exit code 2", () => {
    for (const command of ["flows", "records", "search"]) {
      const unknown = flowlens(command, sample, "--frobnicate");
      expect([command, unknown.code, unknown.err.split("\n")[0]]).toEqual([command, 2, "flowlens: unknown option --frobnicate"]);
      expect(unknown.err.split("\n")[1]).toMatch(new RegExp(`^usage: flowlens ${command} `));
      const missing = flowlens(command, sample, command === "search" ? "--query" : "--window");
      expect([command, missing.code, missing.err.split("\n")[0]]).toEqual([
        command,
        2,
        `flowlens: ${command === "search" ? "--query" : "--window"} needs a value`,
      ]);
    }
    expect(flowlens("flows", sample, "--quiet=yes").err.split("\n")[0]).toBe("flowlens: --quiet takes no value");
  });
});
