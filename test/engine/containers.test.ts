// pcap and pcapng containers: every variant the engine reads, with exact flows and counts.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { type PcapngBlock, writePcap, writePcapng } from "../support/capture-writer";
import { runBoth, tuple } from "../support/engine";
import { ETH, ethernet, ipv4, tcp, udp } from "../support/packets";

const T0 = 1_700_000_000_000_000; // 2023-11-14T22:13:20Z, Unix microseconds
const syn = ethernet(ETH.IPV4, ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 6 }, tcp(40000, 443, 0x02)));
const ack = ethernet(ETH.IPV4, ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 6 }, tcp(40000, 443, 0x10, 100)));
const dns = ethernet(ETH.IPV4, ipv4({ src: "10.0.0.3", dst: "10.0.0.53", protocol: 17 }, udp(5353, 53, 20)));

describe("pcap", () => {
  for (const [label, o] of [
    ["microsecond, little-endian", {}],
    ["microsecond, big-endian", { bigEndian: true }],
    ["nanosecond, little-endian", { nano: true }],
    ["nanosecond, big-endian", { nano: true, bigEndian: true }],
    ["modified (Kuznetzov) 24-byte records", { modified: true }],
  ] as const) {
    it(`reads ${label}`, async () => {
      const file = writePcap({ linktype: 1, ...o }, [
        { us: T0 + 1, data: syn },
        { us: T0 + 2_500_000, data: ack },
        { us: T0 + 3_000_007, data: dns },
      ]);
      const r = await runBoth(file);
      expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:40000 > 10.0.0.2:443 p6 n2 b180", "0 10.0.0.3:5353 > 10.0.0.53:53 p17 n1 b48"]);
      expect(r.flows[0]).toMatchObject({ window: 1_699_999_800, startUs: T0 + 1, endUs: T0 + 2_500_000, tcpFlags: 0x12 });
      expect(r.flows[1]).toMatchObject({ startUs: T0 + 3_000_007, endUs: T0 + 3_000_007, tcpFlags: 0 });
      expect(r.reports[0]).toMatchObject({ format: "pcap", packetsRead: 3, packetsAggregated: 3, ipBytes: 228, skipped: {} });
    });
  }

  it("keeps the nanosecond part down to the microsecond", async () => {
    const file = writePcap({ linktype: 1, nano: true }, [{ us: T0 + 123_456, data: syn }]);
    // writePcap multiplies by 1000; the extra nanoseconds below are dropped, not rounded.
    const bytes = new Uint8Array(file);
    new DataView(bytes.buffer).setUint32(24 + 4, 123_456_999, true);
    expect((await runBoth(bytes)).flows[0].startUs).toBe(T0 + 123_456);
  });

  it("reads gzip-compressed captures", async () => {
    const file = writePcap({ linktype: 1 }, [
      { us: T0, data: syn },
      { us: T0 + 1, data: dns },
    ]);
    const r = await runBoth(new Uint8Array(gzipSync(file)));
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:40000 > 10.0.0.2:443 p6 n1 b40", "0 10.0.0.3:5353 > 10.0.0.53:53 p17 n1 b48"]);
  });
});

describe("pcapng", () => {
  it("reads both byte orders and several sections, each with its own interfaces", async () => {
    const file = writePcapng([
      { interfaces: [{ linktype: 1 }], blocks: [{ type: "epb", iface: 0, us: T0, data: syn }] },
      {
        bigEndian: true,
        interfaces: [{ linktype: 1 }, { linktype: 1 }],
        blocks: [
          { type: "epb", iface: 1, us: T0 + 1, data: dns },
          { type: "epb", iface: 0, us: T0 + 2, data: ack },
        ],
      },
    ]);
    const r = await runBoth(file);
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:40000 > 10.0.0.2:443 p6 n2 b180", "1 10.0.0.3:5353 > 10.0.0.53:53 p17 n1 b48"]);
    expect(r.reports[0]).toMatchObject({ format: "pcapng", sections: 2, interfaces: 2, packetsRead: 3, packetsAggregated: 3 });
  });

  it("keeps interfaces with different link types and snapshot lengths apart", async () => {
    const raw = ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 6 }, tcp(40000, 443, 0x02));
    const file = writePcapng([
      {
        interfaces: [
          { linktype: 1, snaplen: 65535 },
          { linktype: 101, snaplen: 96 },
        ],
        blocks: [
          { type: "epb", iface: 0, us: T0, data: syn },
          { type: "epb", iface: 1, us: T0 + 5, data: raw },
        ],
      },
    ]);
    expect((await runBoth(file)).flows.map(tuple)).toEqual([
      "0 10.0.0.1:40000 > 10.0.0.2:443 p6 n1 b40",
      "1 10.0.0.1:40000 > 10.0.0.2:443 p6 n1 b40",
    ]);
  });

  for (const [label, tsresol, tsoffset] of [
    ["milliseconds (10^-3)", 3, undefined],
    ["nanoseconds (10^-9)", 9, undefined],
    ["2^-20 seconds", 0x80 | 20, undefined],
    ["2^-30 seconds with an if_tsoffset of 1,000,000 s", 0x80 | 30, 1_000_000n],
    ["microseconds with a negative if_tsoffset", 6, -3600n],
  ] as const) {
    it(`converts timestamps in ${label}`, async () => {
      const us = T0 + 123_000; // a whole millisecond, so every resolution keeps it exactly
      const iface = { linktype: 1, tsresol, tsoffset };
      const file = writePcapng([{ interfaces: [iface], blocks: [{ type: "epb", iface: 0, us, data: syn }] }]);
      expect((await runBoth(file)).flows[0]).toMatchObject({ startUs: us, endUs: us, window: 1_699_999_800 });
    });
  }

  it("reads simple packet blocks (interface 0, clipped to its snaplen, timed as the packet before)", async () => {
    const file = writePcapng([
      {
        interfaces: [{ linktype: 1, snaplen: 60 }],
        blocks: [
          { type: "epb", iface: 0, us: T0 + 9, data: syn },
          { type: "spb", data: ack },
        ],
      },
    ]);
    const r = await runBoth(file);
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:40000 > 10.0.0.2:443 p6 n2 b180"]);
    expect(r.flows[0]).toMatchObject({ startUs: T0 + 9, endUs: T0 + 9 });
  });

  it("reads obsolete packet blocks", async () => {
    const file = writePcapng([{ interfaces: [{ linktype: 1 }], blocks: [{ type: "opb", iface: 0, us: T0 + 77, data: dns }] }]);
    const r = await runBoth(file);
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.3:5353 > 10.0.0.53:53 p17 n1 b48"]);
    expect(r.flows[0].startUs).toBe(T0 + 77);
  });

  it("skips name resolution, statistics, custom and unknown blocks of any size", async () => {
    const blocks: PcapngBlock[] = [
      { type: "raw", blockType: 4, body: new Uint8Array(16) }, // NRB
      { type: "epb", iface: 0, us: T0, data: syn },
      { type: "raw", blockType: 5, body: new Uint8Array(20) }, // ISB
      { type: "raw", blockType: 0x00000bad, body: new Uint8Array(300_000) }, // custom, larger than a chunk
      { type: "raw", blockType: 0x40000001, body: new Uint8Array(8) }, // unknown
      { type: "epb", iface: 0, us: T0 + 1, data: ack },
    ];
    const r = await runBoth(writePcapng([{ interfaces: [{ linktype: 1 }], blocks }]));
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:40000 > 10.0.0.2:443 p6 n2 b180"]);
    expect(r.reports[0]).toMatchObject({ packetsRead: 2, skipped: {} });
  });

  it("reads a packet block larger than the input buffer, decoding its headers only", async () => {
    // A 2 MB frame (a segmentation-offload capture at the extreme): IP length says 65535.
    const big = new Uint8Array(2_000_000);
    big.set(ethernet(ETH.IPV4, ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 6, totalLength: 65535 }, tcp(1, 2, 0x18))));
    const file = writePcapng([
      {
        interfaces: [{ linktype: 1 }],
        blocks: [
          { type: "epb", iface: 0, us: T0, data: big },
          { type: "epb", iface: 0, us: T0 + 1, data: dns },
        ],
      },
    ]);
    const r = await runBoth(file);
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:1 > 10.0.0.2:2 p6 n1 b65535", "0 10.0.0.3:5353 > 10.0.0.53:53 p17 n1 b48"]);
  });
});
