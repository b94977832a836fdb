// The benchmark's capture: deterministic (seeded PRNG), pcapng with one Ethernet
// interface, N packets over `seconds`, F flows with a heavy-tailed popularity, and a size
// mix averaging about 650 bytes a packet on disk: IP lengths 52 (45%), 576 (20%), 1350 (35%).
// 85% IPv4 (TCP 80%, UDP 15%, ICMP echo 5%), 15% IPv6 TCP.
import { closeSync, openSync, writeSync } from "node:fs";
import { writePcapng } from "../test/support/capture-writer";
import { ETH, ethernet, icmp, ipv4, ipv6, tcp, udp } from "../test/support/packets";

/** `hosts`: IPv4 addresses come from that many (10.0.x.y), so that a proposed network has that many ENIs, not one per flow end. */
export interface GenOptions {
  packets: number;
  flows: number;
  seconds: number;
  startUs: number;
  seed?: number;
  hosts?: number;
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Headers of one flow's packets (Ethernet + IP + transport), lengths patched per packet. */
function flowTemplate(i: number, rnd: () => number, hosts?: number): { head: Uint8Array; ipAt: number; v6: boolean } {
  const host = (k: number) => `10.0.${k >> 8}.${1 + (k & 255)}`;
  const a = () => (hosts ? host((rnd() * hosts) | 0) : `10.${(rnd() * 256) | 0}.${(rnd() * 256) | 0}.${1 + ((rnd() * 254) | 0)}`);
  const port = () => 1024 + ((rnd() * 60000) | 0);
  const kind = rnd();
  if (kind < 0.15) {
    const h = () => ((rnd() * 65536) | 0).toString(16);
    const t = tcp(port(), [443, 80, 22][i % 3], 0x18);
    return { head: ethernet(ETH.IPV6, ipv6({ src: `fd00::${h()}:${h()}`, dst: `fd00::1:${h()}`, next: 6 }, t)), ipAt: 14, v6: true };
  }
  const r = rnd();
  const l4 =
    r < 0.8
      ? tcp(port(), [443, 80, 3306, 6379, 8080][i % 5], 0x18)
      : r < 0.95
        ? udp(port(), [53, 123, 4500][i % 3], 0)
        : icmp(8, 0, i & 0xffff, 1, 0);
  const protocol = r < 0.8 ? 6 : r < 0.95 ? 17 : 1;
  return { head: ethernet(ETH.IPV4, ipv4({ src: a(), dst: a(), protocol }, l4)), ipAt: 14, v6: false };
}

const SIZES = [52, 576, 1350];

/** The section header and interface block that open the file (or a repetition of it). */
export function sectionHead(tsoffsetSeconds = 0n): Uint8Array {
  return writePcapng([
    { interfaces: [{ linktype: 1, snaplen: 262144, ...(tsoffsetSeconds ? { tsoffset: tsoffsetSeconds } : {}) }], blocks: [] },
  ]);
}

/** Writes the capture to `path`; returns its size and the offset where packet blocks start. */
export function generateCapture(path: string, o: GenOptions): { bytes: number; bodyOffset: number } {
  const rnd = mulberry32(o.seed ?? 20261122);
  const templates = Array.from({ length: o.flows }, (_, i) => flowTemplate(i, rnd, o.hosts));
  const fd = openSync(path, "w");
  const head = sectionHead();
  writeSync(fd, head);
  let total = head.length;
  const buf = new Uint8Array(16 << 20);
  const view = new DataView(buf.buffer);
  let at = 0;
  const stepUs = (o.seconds * 1e6) / o.packets;
  for (let n = 0; n < o.packets; n++) {
    // Every flow appears at least once; after that popularity is heavy-tailed (u^3).
    const f = n < o.flows ? n : Math.floor(o.flows * rnd() ** 3);
    const t = templates[f];
    const ipLen = SIZES[rnd() * 100 < 45 ? 0 : rnd() < 0.36 ? 1 : 2];
    const frame = t.ipAt + ipLen;
    const blockLen = 32 + ((frame + 3) & ~3);
    if (at + blockLen > buf.length) {
      writeSync(fd, buf, 0, at);
      total += at;
      at = 0;
    }
    const us = BigInt(Math.floor(o.startUs + n * stepUs));
    view.setUint32(at, 6, true);
    view.setUint32(at + 4, blockLen, true);
    view.setUint32(at + 8, 0, true);
    view.setUint32(at + 12, Number(us >> 32n), true);
    view.setUint32(at + 16, Number(us & 0xffffffffn), true);
    view.setUint32(at + 20, frame, true);
    view.setUint32(at + 24, frame, true);
    buf.set(t.head, at + 28);
    buf.fill(0, at + 28 + t.head.length, at + blockLen - 4);
    if (t.v6) view.setUint16(at + 28 + t.ipAt + 4, ipLen - 40, false);
    else view.setUint16(at + 28 + t.ipAt + 2, ipLen, false);
    view.setUint32(at + blockLen - 4, blockLen, true);
    at += blockLen;
  }
  writeSync(fd, buf, 0, at);
  total += at;
  closeSync(fd);
  return { bytes: total, bodyOffset: head.length };
}
