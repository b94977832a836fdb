// Link layers, IP, tunnels and transport (docs/rules.md §3, §4.1): exact flows for each.
import { describe, expect, it } from "vitest";
import { writePcap, writePcapng } from "../support/capture-writer";
import { runBoth, tuple } from "../support/engine";
import * as P from "../support/packets";

const T0 = 1_700_000_000_000_000;
const tcpV4 = P.ipv4({ src: "192.0.2.1", dst: "198.51.100.2", protocol: 6 }, P.tcp(1025, 22, P.TCP.SYN));
const tcpV6 = P.ipv6({ src: "2001:db8::1", dst: "2001:db8:0:1::2", next: 6 }, P.tcp(1025, 22, P.TCP.SYN));
const V4 = "0 192.0.2.1:1025 > 198.51.100.2:22 p6 n1 b40";
const V6 = "0 2001:db8::1:1025 > 2001:db8:0:1::2:22 p6 n1 b60";

async function flowsOf(linktype: number, ...frames: Uint8Array[]): Promise<string[]> {
  return (
    await runBoth(
      writePcap(
        { linktype },
        frames.map((data, i) => ({ us: T0 + i, data })),
      ),
    )
  ).flows.map(tuple);
}

describe("link layers", () => {
  it("Ethernet, IPv4 and IPv6", async () => {
    expect(await flowsOf(1, P.ethernet(P.ETH.IPV4, tcpV4), P.ethernet(P.ETH.IPV6, tcpV6))).toEqual([V4, V6]);
  });
  it("802.1Q and QinQ tags", async () => {
    expect(await flowsOf(1, P.ethernet(P.ETH.IPV4, tcpV4, [100]), P.ethernet(P.ETH.IPV6, tcpV6, [10, 20]))).toEqual([V4, V6]);
  });
  it("MPLS label stacks", async () => {
    expect(await flowsOf(1, P.ethernet(P.ETH.MPLS, P.mpls([16], tcpV4)), P.ethernet(P.ETH.MPLS, P.mpls([16, 17, 18], tcpV6)))).toEqual([
      V4,
      V6,
    ]);
  });
  it("PPPoE sessions", async () => {
    expect(await flowsOf(1, P.ethernet(P.ETH.PPPOE, P.pppoe(0x0021, tcpV4)), P.ethernet(P.ETH.PPPOE, P.pppoe(0x0057, tcpV6)))).toEqual([
      V4,
      V6,
    ]);
  });
  it("Linux cooked SLL and SLL2", async () => {
    expect(await flowsOf(113, P.sll(P.ETH.IPV4, tcpV4), P.sll(P.ETH.IPV6, tcpV6))).toEqual([V4, V6]);
    expect(await flowsOf(276, P.sll2(P.ETH.IPV4, tcpV4), P.sll2(P.ETH.IPV6, tcpV6))).toEqual([V4, V6]);
  });
  it("raw IP (101, 12, 14) and the version-specific raw types (228, 229)", async () => {
    for (const lt of [101, 12, 14]) expect(await flowsOf(lt, tcpV4, tcpV6)).toEqual([V4, V6]);
    expect(await flowsOf(228, tcpV4)).toEqual([V4]);
    expect(await flowsOf(229, tcpV6)).toEqual([V6]);
  });
  it("BSD loopback in either byte order, and LOOP (network order)", async () => {
    expect(await flowsOf(0, P.nullLoopback(2, tcpV4), P.nullLoopback(30, tcpV6))).toEqual([V4, V6]);
    expect(await flowsOf(0, P.nullLoopback(2, tcpV4, true), P.nullLoopback(24, tcpV6, true))).toEqual([V4, V6]);
    expect(await flowsOf(108, P.nullLoopback(2, tcpV4, true), P.nullLoopback(28, tcpV6, true))).toEqual([V4, V6]);
  });
  it("counts frames that are not IP, by ethertype, with their offsets", async () => {
    const arp = P.ethernet(P.ETH.ARP, new Uint8Array(28));
    const r = await runBoth(
      writePcap({ linktype: 1 }, [
        { us: T0, data: arp },
        { us: T0 + 1, data: P.ethernet(P.ETH.IPV4, tcpV4) },
      ]),
    );
    expect(r.flows.map(tuple)).toEqual([V4]);
    expect(r.reports[0].skipped).toEqual({ "not-ip": 1 });
    expect(r.reports[0].samples).toEqual([{ reason: "not-ip", offset: 24, detail: "ethertype or family 0x0806 is not IP" }]);
  });
  it("counts unknown link types by number", async () => {
    const r = await runBoth(
      writePcapng([
        {
          interfaces: [{ linktype: 147 }, { linktype: 1 }],
          blocks: [
            { type: "epb", iface: 0, us: T0, data: tcpV4 },
            { type: "epb", iface: 0, us: T0, data: tcpV4 },
            { type: "epb", iface: 1, us: T0, data: P.ethernet(P.ETH.IPV4, tcpV4) },
          ],
        },
      ]),
    );
    expect(r.flows.map(tuple)).toEqual(["1 192.0.2.1:1025 > 198.51.100.2:22 p6 n1 b40"]);
    expect(r.reports[0]).toMatchObject({ skipped: { "unknown-linktype": 2 }, unknownLinktypes: { "147": 2 } });
  });
});

describe("tunnels: the inner packet is the flow", () => {
  const inner = P.ethernet(P.ETH.IPV4, tcpV4);
  const outer = (protocol: number, payload: Uint8Array) =>
    P.ethernet(P.ETH.IPV4, P.ipv4({ src: "10.1.1.1", dst: "10.2.2.2", protocol }, payload));
  it("VXLAN (UDP 4789), as traffic mirroring delivers it", async () => {
    const r = await runBoth(writePcap({ linktype: 1 }, [{ us: T0, data: outer(17, P.udp(49152, 4789, P.vxlan(42, inner))) }]));
    expect(r.flows.map(tuple)).toEqual([V4]);
    expect(r.reports[0].tunnelsOpened).toBe(1);
  });
  it("GRE carrying IPv4, IPv6 and Ethernet, with key and sequence fields", async () => {
    expect(
      await flowsOf(
        1,
        outer(47, P.gre(0x0800, tcpV4)),
        outer(47, P.gre(0x86dd, tcpV6, { key: 7 })),
        outer(47, P.gre(0x6558, inner, { key: 1, sequence: 2 })),
      ),
    ).toEqual(["0 192.0.2.1:1025 > 198.51.100.2:22 p6 n2 b80", V6]);
  });
  it("ERSPAN type I, II and III (with and without the platform subheader)", async () => {
    expect(
      await flowsOf(
        1,
        outer(47, P.gre(0x88be, inner)),
        outer(47, P.gre(0x88be, P.erspan2(5, inner), { sequence: 1 })),
        outer(47, P.gre(0x22eb, P.erspan3(5, inner), { sequence: 2 })),
        outer(47, P.gre(0x22eb, P.erspan3(5, inner, true), { sequence: 3 })),
      ),
    ).toEqual(["0 192.0.2.1:1025 > 198.51.100.2:22 p6 n4 b160"]);
  });
  it("IP-in-IP, 6in4, 4in6 and a tunnel inside a tunnel", async () => {
    const six4 = P.ipv6({ src: "2001:db8::a", dst: "2001:db8::b", next: 4 }, tcpV4);
    expect(
      await flowsOf(
        101,
        P.ipv4({ src: "10.1.1.1", dst: "10.2.2.2", protocol: 4 }, tcpV4),
        P.ipv4({ src: "10.1.1.1", dst: "10.2.2.2", protocol: 41 }, tcpV6),
        six4,
        P.ipv4({ src: "10.1.1.1", dst: "10.2.2.2", protocol: 41 }, six4),
      ),
    ).toEqual(["0 192.0.2.1:1025 > 198.51.100.2:22 p6 n3 b120", V6]);
  });
  it("leaves GRE it cannot open (PPTP's version 1, unknown payloads) as a GRE flow", async () => {
    const pptp = new Uint8Array([0x30, 0x01, 0x88, 0x0b, 0, 0, 0, 0]);
    expect(await flowsOf(1, outer(47, pptp), outer(47, P.gre(0x1234, new Uint8Array(4))))).toEqual([
      "0 10.1.1.1:0 > 10.2.2.2:0 p47 n2 b56",
    ]);
  });
  it("skips tunnels nested deeper than four, saying so", async () => {
    let p: Uint8Array = tcpV4;
    for (let i = 0; i < 5; i++) p = P.ipv4({ src: "10.9.9.9", dst: "10.8.8.8", protocol: 4 }, p);
    const r = await runBoth(writePcap({ linktype: 101 }, [{ us: T0, data: p }]));
    expect(r.flows).toEqual([]);
    expect(r.reports[0].skipped).toEqual({ "tunnel-depth": 1 });
  });
});

describe("transport and ports (docs/rules.md §3)", () => {
  const v4 = (protocol: number, l4: Uint8Array) => P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol }, l4);
  it("TCP, UDP and SCTP ports; TCP flags OR'ed over the flow", async () => {
    expect(
      await flowsOf(
        101,
        v4(6, P.tcp(5, 80, P.TCP.SYN)),
        v4(6, P.tcp(5, 80, P.TCP.ACK | P.TCP.PSH)),
        v4(17, P.udp(68, 67)),
        v4(132, P.sctp(2905, 2905)),
      ),
    ).toEqual([
      "0 10.0.0.1:5 > 10.0.0.2:80 p6 n2 b80",
      "0 10.0.0.1:68 > 10.0.0.2:67 p17 n1 b28",
      "0 10.0.0.1:2905 > 10.0.0.2:2905 p132 n1 b32",
    ]);
    const r = await runBoth(
      writePcap({ linktype: 101 }, [
        { us: T0, data: v4(6, P.tcp(5, 80, P.TCP.SYN)) },
        { us: T0, data: v4(6, P.tcp(5, 80, P.TCP.FIN | P.TCP.ACK)) },
      ]),
    );
    expect(r.flows[0].tcpFlags).toBe(P.TCP.SYN | P.TCP.FIN | P.TCP.ACK);
  });
  it("ICMP: echo identifier as srcport, type x 256 + code as dstport; other ICMP has srcport 0", async () => {
    expect(await flowsOf(101, v4(1, P.icmp(8, 0, 0x1bf6, 1)), v4(1, P.icmp(0, 0, 0x1bf6, 1)), v4(1, P.icmp(3, 3)))).toEqual([
      "0 10.0.0.1:7158 > 10.0.0.2:2048 p1 n1 b36",
      "0 10.0.0.1:7158 > 10.0.0.2:0 p1 n1 b36",
      "0 10.0.0.1:0 > 10.0.0.2:771 p1 n1 b36",
    ]);
  });
  it("ICMPv6 the same way (echo 128/129), after extension headers", async () => {
    const v6 = (l4: Uint8Array, ext?: Uint8Array) => P.ipv6({ src: "fd00::1", dst: "fd00::2", next: ext ? 0 : 58, extensions: ext }, l4);
    expect(await flowsOf(101, v6(P.icmp(128, 0, 9)), v6(P.icmp(143, 0), P.ipv6Extension(58)))).toEqual([
      "0 fd00::1:9 > fd00::2:32768 p58 n1 b56",
      "0 fd00::1:0 > fd00::2:36608 p58 n1 b64",
    ]);
  });
  it("IPv6 protocol is the one after hop-by-hop, routing and destination options", async () => {
    const ext = P.concat(P.ipv6Extension(43), P.ipv6Extension(60), P.ipv6Extension(6));
    expect(await flowsOf(101, P.ipv6({ src: "fd00::1", dst: "fd00::2", next: 0, extensions: ext }, P.tcp(7, 8, 0)))).toEqual([
      "0 fd00::1:7 > fd00::2:8 p6 n1 b84",
    ]);
  });
  it("other protocols have ports 0", async () => {
    expect(await flowsOf(101, v4(89, new Uint8Array(24)), v4(50, new Uint8Array(16)))).toEqual([
      "0 10.0.0.1:0 > 10.0.0.2:0 p89 n1 b44",
      "0 10.0.0.1:0 > 10.0.0.2:0 p50 n1 b36",
    ]);
  });
  it("addresses print as RFC 5952 text", async () => {
    const v6 = (src: string, dst: string) => P.ipv6({ src, dst, next: 59 }, new Uint8Array(0));
    expect(
      await flowsOf(101, v6("2001:db8:0:0:1:0:0:1", "2001:0:0:1:0:0:0:1"), v6("::", "::1"), v6("::ffff:c000:201", "fe80::1:0:0:0")),
    ).toEqual([
      "0 2001:db8::1:0:0:1:0 > 2001:0:0:1::1:0 p59 n1 b40",
      "0 :::0 > ::1:0 p59 n1 b40",
      "0 ::ffff:192.0.2.1:0 > fe80:0:0:0:1:::0 p59 n1 b40".replace("fe80:0:0:0:1:::0", "fe80::1:0:0:0:0"),
    ]);
  });
});

describe("bytes are IP lengths, never captured lengths (docs/rules.md §3)", () => {
  it("counts the IP total length of a frame cut by the snapshot length", async () => {
    const full = P.ethernet(P.ETH.IPV4, P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 6 }, P.tcp(1, 2, 0, 1400)));
    const r = await runBoth(writePcap({ linktype: 1, snaplen: 64 }, [{ us: T0, data: full.subarray(0, 64), origlen: full.length }]));
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:1 > 10.0.0.2:2 p6 n1 b1440"]);
  });
  it("ignores Ethernet padding and FCS", async () => {
    const padded = P.concat(
      P.ethernet(P.ETH.IPV4, P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 17 }, P.udp(1, 2))),
      new Uint8Array(18),
    );
    expect(await flowsOf(1, padded)).toEqual(["0 10.0.0.1:1 > 10.0.0.2:2 p17 n1 b28"]);
  });
  it("takes segmentation-offload frames whose IP length is 0 from the original length", async () => {
    const frame = P.ethernet(P.ETH.IPV4, P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 6, totalLength: 0 }, P.tcp(1, 2, 0x10, 100)));
    const r = await runBoth(writePcap({ linktype: 1, snaplen: 96 }, [{ us: T0, data: frame.subarray(0, 96), origlen: 70014 }]));
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:1 > 10.0.0.2:2 p6 n1 b70000"]);
  });
  it("IPv6 bytes are the payload length + 40", async () => {
    expect(await flowsOf(101, P.ipv6({ src: "fd00::1", dst: "fd00::2", next: 17, payloadLength: 1000 }, P.udp(1, 2, 10)))).toEqual([
      "0 fd00::1:1 > fd00::2:2 p17 n1 b1040",
    ]);
  });
});

describe("IP fragments (docs/rules.md §3)", () => {
  const frag = (offset: number, more: boolean, payload: Uint8Array, id = 0x1234) =>
    P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 17, id, fragmentOffset: offset, moreFragments: more }, payload);
  it("non-first fragments join the first fragment's flow", async () => {
    const r = await runBoth(
      writePcap({ linktype: 101 }, [
        { us: T0, data: frag(0, true, P.udp(5000, 53, 1472)) },
        { us: T0 + 1, data: frag(1480, true, new Uint8Array(1480)) },
        { us: T0 + 2, data: frag(2960, false, new Uint8Array(100)) },
      ]),
    );
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:5000 > 10.0.0.2:53 p17 n3 b3120"]);
    expect(r.reports[0].fragmentsWithoutFirst).toBe(0);
  });
  it("keep source ports of 32768 and above (found by the differential property test)", async () => {
    const r = await runBoth(
      writePcap({ linktype: 101 }, [
        { us: T0, data: frag(0, true, P.udp(40000, 53, 1472)) },
        { us: T0 + 1, data: frag(1480, false, new Uint8Array(100)) },
      ]),
    );
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:40000 > 10.0.0.2:53 p17 n2 b1620"]);
  });
  it("without their first fragment, ports are 0 and they are counted", async () => {
    const r = await runBoth(
      writePcap({ linktype: 101 }, [
        { us: T0, data: frag(1480, false, new Uint8Array(100), 7) },
        { us: T0 + 1, data: frag(0, true, P.udp(5000, 53, 1472), 8) },
      ]),
    );
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:0 > 10.0.0.2:0 p17 n1 b120", "0 10.0.0.1:5000 > 10.0.0.2:53 p17 n1 b1500"]);
    expect(r.reports[0].fragmentsWithoutFirst).toBe(1);
  });
  it("IPv6 fragment headers the same way, keyed by their 32-bit identification", async () => {
    const v6 = (offset: number, more: boolean, payload: Uint8Array) =>
      P.ipv6({ src: "fd00::1", dst: "fd00::2", next: 44, extensions: P.ipv6Fragment(17, offset, more, 0xabcdef01) }, payload);
    expect(await flowsOf(101, v6(0, true, P.udp(4000, 4001, 1000)), v6(1008, false, new Uint8Array(200)))).toEqual([
      "0 fd00::1:4000 > fd00::2:4001 p17 n2 b1304",
    ]);
  });
});
