// Filter mode (assembly/packet-filter.ts and its twin): a record's packets, listed by the
// engine as it streams a capture — the flow's own packets in the range, its replies when
// asked, nothing else — and the WASM engine and the twin list the same bytes.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { PacketRequest } from "../../src/engine/packet-list";
import { packetAt } from "../../src/engine/packet-list";
import { createEngineService } from "../../src/engine/service";
import { writePcap, writePcapng } from "../support/capture-writer";
import * as P from "../support/packets";

const service = createEngineService({
  loadModule: async () => WebAssembly.compile(await readFile(new URL("../../build/engine.wasm", import.meta.url))),
});

const T0 = 1_700_000_000e6;
const eth4 = (src: string, dst: string, protocol: number, l4: P.Bytes) => P.ethernet(P.ETH.IPV4, P.ipv4({ src, dst, protocol }, l4));

// A conversation 10.0.0.1:40000 <-> 10.0.0.2:443, another flow, a ping and its reply, one packet too late.
const packets = [
  { us: T0 + 1, data: eth4("10.0.0.1", "10.0.0.2", 6, P.tcp(40000, 443, P.TCP.SYN)) },
  { us: T0 + 2, data: eth4("10.0.0.2", "10.0.0.1", 6, P.tcp(443, 40000, P.TCP.SYN | P.TCP.ACK)) },
  { us: T0 + 3, data: eth4("10.0.0.1", "10.0.0.3", 6, P.tcp(40000, 443, P.TCP.SYN)) },
  { us: T0 + 4, data: eth4("10.0.0.1", "10.0.0.2", 6, P.tcp(40000, 443, P.TCP.ACK, 100)) },
  { us: T0 + 5, data: eth4("10.0.0.1", "10.0.0.2", 1, P.icmp(8, 0, 77, 1)) },
  { us: T0 + 6, data: eth4("10.0.0.2", "10.0.0.1", 1, P.icmp(0, 0, 77, 1)) },
  { us: T0 + 7, data: eth4("10.0.0.2", "10.0.0.1", 1, P.icmp(0, 0, 78, 1)) },
  { us: T0 + 61e6, data: eth4("10.0.0.1", "10.0.0.2", 6, P.tcp(40000, 443, P.TCP.FIN)) },
];
const pcap = writePcap({ linktype: 1 }, packets);
const tcpFlow: PacketRequest = {
  srcaddr: "10.0.0.1",
  dstaddr: "10.0.0.2",
  srcport: 40000,
  dstport: 443,
  protocol: 6,
  fromUs: T0,
  toUs: T0 + 60e6,
};

async function list(bytes: Uint8Array, request: PacketRequest, engine: "wasm" | "twin", limit?: number) {
  const r = await service.capturePackets(new Blob([bytes as Uint8Array<ArrayBuffer>]), request, { engine, limit });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r;
}

describe("a record's packets (filter mode)", () => {
  for (const engine of ["wasm", "twin"] as const) {
    it(`lists the flow's packets in the range, in file order (${engine})`, async () => {
      const r = await list(pcap, tcpFlow, engine);
      expect(r.engine).toBe(engine);
      expect(r.packets.total).toBe(2);
      const got = [0, 1].map((i) => packetAt(r.packets, i));
      expect(got.map((p) => p.us)).toEqual([T0 + 1, T0 + 4]);
      expect(got.map((p) => p.flags)).toEqual([P.TCP.SYN, P.TCP.ACK]);
      expect(got.map((p) => p.reply)).toEqual([false, false]);
      // The packet's bytes, where the file holds them: the pcap header is 24 bytes, each record's 16.
      expect(got[0]).toMatchObject({
        offset: 24,
        dataAt: 16,
        caplen: packets[0].data.length,
        origlen: packets[0].data.length,
        linktype: 1,
      });
      expect(r.file.packetsRead).toBe(packets.length);
      expect(r.file.contentHash).toMatch(/^[0-9a-f]{32}$/);
    });

    it(`adds the replies when asked, and an ICMP reply by its identifier (${engine})`, async () => {
      const both = await list(pcap, { ...tcpFlow, replies: true }, engine);
      expect([...Array(both.packets.count)].map((_, i) => packetAt(both.packets, i).reply)).toEqual([false, true, false]);
      const ping = await list(pcap, { ...tcpFlow, protocol: 1, srcport: 77, dstport: 8 << 8, replies: true }, engine);
      expect([...Array(ping.packets.count)].map((_, i) => packetAt(ping.packets, i).us)).toEqual([T0 + 5, T0 + 6]);
    });

    it(`counts every match but lists at most the limit, across match batches (${engine})`, async () => {
      const many = writePcap(
        { linktype: 1 },
        Array.from({ length: 9000 }, (_, i) => ({ us: T0 + i, data: eth4("10.0.0.1", "10.0.0.2", 17, P.udp(53, 53, 4)) })),
      );
      const r = await list(many, { ...tcpFlow, protocol: 17, srcport: 53, dstport: 53 }, engine, 5000);
      expect(r.packets.total).toBe(9000);
      expect(r.packets.count).toBe(5000);
      expect(packetAt(r.packets, 4999).us).toBe(T0 + 4999);
    });
  }

  it("finds the packet bytes in pcapng blocks, IPv6 too, the same in both engines", async () => {
    const v6 = (sport: number) => P.ethernet(P.ETH.IPV6, P.ipv6({ src: "fd00::1", dst: "fd00::2", next: 17 }, P.udp(sport, 53, 10)));
    const bytes = writePcapng([
      {
        interfaces: [{ linktype: 1 }],
        blocks: [
          { type: "epb", iface: 0, us: T0 + 10, data: v6(5353) },
          { type: "epb", iface: 0, us: T0 + 11, data: v6(5354) },
        ],
      },
    ]);
    const request = { ...tcpFlow, srcaddr: "fd00::1", dstaddr: "fd00::2", protocol: 17, srcport: 5354, dstport: 53 };
    const [w, t] = [await list(bytes, request, "wasm"), await list(bytes, request, "twin")];
    expect(w.packets.count).toBe(1);
    expect(packetAt(w.packets, 0)).toMatchObject({ us: T0 + 11, dataAt: 28, linktype: 1 });
    expect(t.packets.entries).toEqual(w.packets.entries);
  });

  it("says so when the record's addresses are not two of one family", async () => {
    const r = await service.capturePackets(new Blob([pcap as Uint8Array<ArrayBuffer>]), { ...tcpFlow, dstaddr: "fd00::2" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("bad-request");
  });
});
