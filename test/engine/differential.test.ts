// Property tests (fast-check): on random captures — well-formed, and with random bytes
// overwritten — the WASM engine and its TypeScript twin agree byte for byte, whatever the
// chunk size, and neither hangs, traps or throws anything but a CaptureError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CaptureError } from "../../src/engine/driver";
import { type PcapngBlock, writePcap, writePcapng } from "../support/capture-writer";
import { runCapture, sameBytes } from "../support/engine";
import * as P from "../support/packets";

// FLOWLENS_FC_RUNS raises the number of runs for a longer local search.
const RUNS = Number(process.env.FLOWLENS_FC_RUNS ?? 150);

const addr4 = fc.constantFrom("10.0.0.1", "10.0.0.2", "192.0.2.7", "172.16.5.4");
const addr6 = fc.constantFrom("fd00::1", "fd00::2", "2001:db8::9");
const port = fc.constantFrom(22, 53, 80, 443, 4789, 40000, 65535);

const transport = fc.oneof(
  fc.record({
    p: fc.constant(6),
    b: fc.tuple(port, port, fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 200 })).map(([s, d, f, n]) => P.tcp(s, d, f, n)),
  }),
  fc.record({ p: fc.constant(17), b: fc.tuple(port, port, fc.integer({ min: 0, max: 200 })).map(([s, d, n]) => P.udp(s, d, n)) }),
  fc.record({
    p: fc.constant(1),
    b: fc
      .tuple(fc.constantFrom(0, 3, 8, 11), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 65535 }))
      .map(([t, c, id]) => P.icmp(t, c, id)),
  }),
  fc.record({ p: fc.constant(132), b: fc.tuple(port, port).map(([s, d]) => P.sctp(s, d)) }),
);

const ipPacket = fc.oneof(
  fc
    .record({
      src: addr4,
      dst: addr4,
      t: transport,
      id: fc.integer({ min: 0, max: 3 }),
      frag: fc.constantFrom(0, 0, 0, 8, 1480),
      more: fc.boolean(),
    })
    .map(({ src, dst, t, id, frag, more }) => ({
      eth: P.ETH.IPV4,
      ip: P.ipv4({ src, dst, protocol: t.p, id, fragmentOffset: frag, moreFragments: more }, t.b),
    })),
  fc.record({ src: addr6, dst: addr6, t: transport, ext: fc.boolean() }).map(({ src, dst, t, ext }) => ({
    eth: P.ETH.IPV6,
    ip: P.ipv6(
      { src, dst, next: ext ? 0 : t.p === 1 ? 58 : t.p, extensions: ext ? P.ipv6Extension(t.p === 1 ? 58 : t.p) : undefined },
      t.b,
    ),
  })),
);

const frame = fc.tuple(ipPacket, fc.constantFrom("eth", "vlan", "vxlan", "gre", "arp")).map(([{ eth, ip }, wrap]) => {
  const e = P.ethernet(eth, ip);
  if (wrap === "vlan") return P.ethernet(eth, ip, [7]);
  if (wrap === "vxlan")
    return P.ethernet(P.ETH.IPV4, P.ipv4({ src: "10.9.0.1", dst: "10.9.0.2", protocol: 17 }, P.udp(1234, 4789, P.vxlan(1, e))));
  if (wrap === "gre") return P.ethernet(P.ETH.IPV4, P.ipv4({ src: "10.9.0.1", dst: "10.9.0.2", protocol: 47 }, P.gre(0x6558, e)));
  if (wrap === "arp") return P.ethernet(P.ETH.ARP, new Uint8Array(28));
  return e;
});

const T0 = 1_700_000_000_000_000;
// Some frames claim an original length near 2^32 with the IP length left 0, as segmentation
// offload writes them: `p + origlen` once wrapped in 32 bits in the WASM decoder (docs/history.md #10).
const hugeOrigLen = fc.option(fc.constantFrom(2 ** 32 - 1, 2 ** 32 - 2, 2 ** 32 - 15, 2 ** 31, 2 ** 31 + 7, 65536), { freq: 4 });
const offloaded = (data: Uint8Array): Uint8Array => {
  const out = data.slice();
  if (out.length >= 34 && out[12] === 0x08 && out[13] === 0x00) {
    out[16] = 0;
    out[17] = 0;
  } // IPv4 total length
  if (out.length >= 54 && out[12] === 0x86 && out[13] === 0xdd) {
    out[18] = 0;
    out[19] = 0;
  } // IPv6 payload length
  return out;
};
const packets = fc
  .array(fc.tuple(frame, fc.integer({ min: -90_000_000, max: 400_000_000 }), fc.integer({ min: 0, max: 80 }), hugeOrigLen), {
    minLength: 1,
    maxLength: 40,
  })
  .map((list) => {
    let t = T0;
    return list.map(([data, dt, cut, huge]) => {
      const d = cut > 70 ? data.subarray(0, cut - 70) : data;
      return {
        us: (t = Math.max(T0 - 100_000_000, t + dt)),
        data: huge === null ? d : offloaded(d),
        ...(huge === null ? {} : { origlen: huge }),
      };
    });
  });

const capture = fc.tuple(packets, fc.constantFrom("pcap", "pcap-be-ns", "pcapng", "pcapng-be")).map(([recs, kind]) => {
  if (kind === "pcap") return writePcap({ linktype: 1 }, recs);
  if (kind === "pcap-be-ns") return writePcap({ linktype: 1, bigEndian: true, nano: true }, recs);
  const blocks: PcapngBlock[] = recs.map((r, i) => ({ type: "epb", iface: i % 2, us: r.us, data: r.data, origlen: r.origlen }));
  return writePcapng([{ bigEndian: kind === "pcapng-be", interfaces: [{ linktype: 1 }, { linktype: 1, tsresol: 9 }], blocks }]);
});

type Outcome = { raw: Uint8Array; windows: string; reports: string } | { error: string };

async function outcome(kind: "wasm" | "twin", bytes: Uint8Array, chunk: number, flows: number): Promise<Outcome> {
  try {
    const r = await runCapture(kind, bytes, { chunk, windowSeconds: 60, flowsPerWindow: flows });
    return {
      raw: r.raw,
      windows: JSON.stringify(r.batches.map((b) => [b.window, b.count, b.skipped])),
      reports: JSON.stringify(r.reports.map((x) => ({ ...x, bytes: 0 }))),
    };
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    return { error: e.message };
  }
}

function same(a: Outcome, b: Outcome): boolean {
  if ("error" in a || "error" in b) return "error" in a && "error" in b && a.error === b.error;
  return sameBytes(a.raw, b.raw) && a.windows === b.windows && a.reports === b.reports;
}

describe("WASM engine vs TypeScript twin", () => {
  it("agree on random well-formed captures, in any chunking, with any table size", async () => {
    await fc.assert(
      fc.asyncProperty(capture, fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 8 }), async (bytes, chunk, flows) => {
        const w = await outcome("wasm", bytes, chunk, flows);
        const t = await outcome("twin", bytes, bytes.length + 1, flows);
        expect("error" in w).toBe(false);
        expect(same(w, t)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("agree on damaged captures: random bytes overwritten, or the file cut anywhere", async () => {
    const damaged = fc
      .tuple(capture, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.option(fc.nat()))
      .map(([bytes, edits, cut]) => {
        const out = bytes.slice(0, cut === null ? bytes.length : cut % (bytes.length + 1));
        for (const [at, v] of edits) if (out.length) out[at % out.length] = v;
        return out;
      });
    await fc.assert(
      fc.asyncProperty(damaged, fc.integer({ min: 1, max: 512 }), async (bytes, chunk) => {
        const w = await outcome("wasm", bytes, chunk, 16);
        const t = await outcome("twin", bytes, 4096, 16);
        expect(same(w, t)).toBe(true);
      }),
      { numRuns: 2 * RUNS },
    );
  });
});
