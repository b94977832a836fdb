// The twin of assembly/pcap.ts: the classic pcap file header (its magic says pcapng too) and records.

import { bswap32 } from "../byte-order";
import * as L from "../wasm/layout";
import { Phase, type Reader } from "./reader";

const PCAP_MAGICS: number[] = [L.PCAP_MAGIC_US, L.PCAP_MAGIC_NS, L.PCAP_MAGIC_MODIFIED];

export function readFileHeader(r: Reader, avail: number): number {
  if (avail < 4) return r.isFinal ? r.error(L.E_TRUNCATED_FILE_HEADER, avail, 4) : r.needMore();
  const magic = r.cv.getUint32(r.pos, true);
  if (magic === L.BLOCK_SHB) {
    r.format = L.FORMAT_PCAPNG;
    r.h[L.H_FORMAT] = L.FORMAT_PCAPNG;
    return -1;
  }
  if (PCAP_MAGICS.includes(magic)) r.swapped = false;
  else if (PCAP_MAGICS.includes(bswap32(magic))) r.swapped = true;
  else return r.error(L.E_BAD_MAGIC, r.cv.getUint32(r.pos, false), 0);
  const m = r.rd32(r.pos);
  r.h[L.H_FORMAT] = L.FORMAT_PCAP;
  r.pcapNano = m === L.PCAP_MAGIC_NS;
  if (avail < 24) return r.isFinal ? r.error(L.E_TRUNCATED_FILE_HEADER, avail, 24) : r.needMore();
  const major = r.rd16(r.pos + 4);
  if (major !== 2) return r.error(L.E_BAD_VERSION, major, 2);
  r.interfaces = [
    {
      linktype: r.rd32(r.pos + 20) & 0xffff,
      snaplen: r.rd32(r.pos + 16),
      binary: false,
      exp: r.pcapNano ? 9 : 6,
      tsoffset: 0,
    },
  ];
  r.pcapRecordHeader = m === L.PCAP_MAGIC_MODIFIED ? 24 : 16;
  r.format = L.FORMAT_PCAP;
  r.h[L.H_FORMAT] = L.FORMAT_PCAP;
  r.h[L.H_INTERFACE_COUNT] = 1;
  r.pos += 24;
  return -1;
}

export function startPcapRecord(r: Reader, avail: number): number {
  const hdr = r.pcapRecordHeader;
  if (avail < hdr) return r.needMore();
  const p = r.pos;
  const caplen = r.rd32(p + 8);
  if (caplen > L.RECORD_LIMIT) return r.error(L.E_RECORD_TOO_LARGE, caplen, L.RECORD_LIMIT);
  if (avail < hdr + Math.min(caplen, L.DECODE_LIMIT)) return r.needMore();
  const frac = r.rd32(p + 4);
  const us = r.rd32(p) * 1e6 + (r.pcapNano ? Math.floor(frac / 1000) : frac);
  r.decodeRecord(0, hdr, caplen, r.rd32(p + 12), us);
  r.bodyRemaining = hdr + caplen;
  r.trailerLength = 0;
  r.phase = Phase.Body;
  return -1;
}
