// A record's packets saved as a capture Wireshark opens: the packets' bytes are copied out
// of the capture as it streams past again (the list says where each one lies, in the file
// as read: a .gz is inflated on the way), a chunk at a time. One link type gives a classic
// pcap (microseconds, little-endian); packets of several link types need pcapng, one
// interface per link type.
import { gunzipIfGzip, isGzip } from "../io/gzip";
import type { CaptureSource } from "./ingest";
import { type PacketList, packetAt } from "./packet-list";

const PART = 1 << 20;
const SNAPLEN = 262144;

/** Output as Blob parts of about PART bytes: no part per packet. */
class Parts {
  parts: Uint8Array<ArrayBuffer>[] = [];
  private buf = new Uint8Array(PART);
  private at = 0;
  view = new DataView(this.buf.buffer);

  /** Room for `n` bytes at `this.at`; returns where they start. */
  reserve(n: number): number {
    if (this.at + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) {
        this.buf = new Uint8Array(n);
        this.view = new DataView(this.buf.buffer);
      }
    }
    const start = this.at;
    this.at += n;
    return start;
  }
  get bytes(): Uint8Array {
    return this.buf;
  }
  flush(): void {
    if (this.at) this.parts.push(this.buf.slice(0, this.at));
    this.at = 0;
  }
}

/** Writes packet records of a pcap (one link type) or a pcapng (several). */
export class CaptureFileWriter {
  readonly out = new Parts();
  private interfaceOf = new Map<number, number>();

  constructor(linktypes: number[]) {
    const o = this.out;
    if (linktypes.length <= 1) {
      const p = o.reserve(24),
        v = o.view;
      v.setUint32(p, 0xa1b2c3d4, true);
      v.setUint16(p + 4, 2, true);
      v.setUint16(p + 6, 4, true);
      v.setUint32(p + 16, SNAPLEN, true);
      v.setUint32(p + 20, linktypes[0] ?? 1, true);
      return;
    }
    // Section header block (28 bytes), then an interface description block (20) per link type.
    const p = o.reserve(28 + 20 * linktypes.length),
      v = o.view;
    v.setUint32(p, 0x0a0d0d0a, true);
    v.setUint32(p + 4, 28, true);
    v.setUint32(p + 8, 0x1a2b3c4d, true);
    v.setUint16(p + 12, 1, true);
    v.setBigInt64(p + 16, -1n, true); // section length unknown
    v.setUint32(p + 24, 28, true);
    linktypes.forEach((lt, i) => {
      const q = p + 28 + 20 * i;
      v.setUint32(q, 1, true);
      v.setUint32(q + 4, 20, true);
      v.setUint16(q + 8, lt, true);
      v.setUint32(q + 12, SNAPLEN, true);
      v.setUint32(q + 16, 20, true);
      this.interfaceOf.set(lt, i);
    });
  }

  /** Room for a packet of `caplen` bytes; returns where its data goes in out.bytes. */
  packet(us: number, caplen: number, origlen: number, linktype: number): number {
    const o = this.out;
    const sec = Math.floor(us / 1e6),
      usec = Math.min(999_999, Math.round(us - sec * 1e6));
    if (!this.interfaceOf.size) {
      const p = o.reserve(16 + caplen),
        v = o.view;
      v.setUint32(p, sec, true);
      v.setUint32(p + 4, usec, true);
      v.setUint32(p + 8, caplen, true);
      v.setUint32(p + 12, origlen, true);
      return p + 16;
    }
    // Enhanced packet block: microseconds since 1970 as two 32-bit halves (the default if_tsresol).
    const padded = (caplen + 3) & ~3,
      len = 32 + padded;
    const p = o.reserve(len),
      v = o.view;
    const ts = sec * 1e6 + usec;
    v.setUint32(p, 6, true);
    v.setUint32(p + 4, len, true);
    v.setUint32(p + 8, this.interfaceOf.get(linktype) ?? 0, true);
    v.setUint32(p + 12, Math.floor(ts / 2 ** 32), true);
    v.setUint32(p + 16, ts % 2 ** 32, true);
    v.setUint32(p + 20, caplen, true);
    v.setUint32(p + 24, origlen, true);
    o.bytes.fill(0, p + 28 + caplen, p + 28 + padded);
    v.setUint32(p + 28 + padded, len, true);
    return p + 28;
  }

  blob(): Blob {
    this.out.flush();
    return new Blob(this.out.parts, { type: "application/vnd.tcpdump.pcap" });
  }
}

/** The link types of the lists, in order of first appearance. */
export function linktypesOf(lists: PacketList[]): number[] {
  const seen = new Set<number>();
  for (const l of lists) for (let i = 0; i < l.count; i++) seen.add(packetAt(l, i).linktype);
  return [...seen];
}

/**
 * The source's bytes as read (inflated for a .gz), a chunk at a time: through its fast path
 * into one reused buffer where it has one (measured on the benchmark's 1.3 GB capture: 1.45 s
 * through the web stream, see bench/packets.ts), else its stream.
 */
async function* chunksOf(source: CaptureSource): AsyncGenerator<Uint8Array> {
  if (source.readInto) {
    const buf = new Uint8Array(CHUNK);
    let n = await source.readInto(buf);
    if (!isGzip(buf.subarray(0, n))) {
      for (; n > 0; n = await source.readInto(buf)) yield buf.subarray(0, n);
      return;
    }
  }
  const reader = (await gunzipIfGzip(source.open())).getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

const CHUNK = 1 << 20;

/**
 * Copies the listed packets out of `source` (the capture they were listed from) into the
 * writer. A packet's data may span chunks: it is written into its reserved room as it comes.
 */
export async function copyPackets(source: CaptureSource, list: PacketList, w: CaptureFileWriter): Promise<number> {
  let i = 0,
    pos = 0;
  // The packet being copied: its data's [start, end) in the file, and where it goes.
  let start = 0,
    end = 0,
    into = -1;
  const next = () => {
    if (i >= list.count) return false;
    const p = packetAt(list, i);
    start = p.offset + p.dataAt;
    end = start + p.caplen;
    into = w.packet(p.us, p.caplen, p.origlen, p.linktype);
    return true;
  };
  let more = next();
  for await (const chunk of chunksOf(source)) {
    if (!more) break;
    const chunkEnd = pos + chunk.length;
    while (more && start < chunkEnd) {
      const from = Math.max(start, pos),
        to = Math.min(end, chunkEnd);
      if (to > from) w.out.bytes.set(chunk.subarray(from - pos, to - pos), into + (from - start));
      if (end > chunkEnd) break;
      i++;
      more = next();
    }
    pos = chunkEnd;
  }
  if (i < list.count) throw new Error(`the capture ends at byte ${pos}, before packet ${i + 1} of ${list.count} (at byte ${start})`);
  return i;
}
