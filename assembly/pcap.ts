// Classic pcap (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-03.html): the file
// header (its magic says pcapng too) and the records, micro- and nanosecond, both byte
// orders, and the "modified" 24-byte record header.
//
//   pcap file header (24):  0 magic  4 major u16  6 minor u16  8 zone  12 sigfigs
//                           16 snaplen  20 linktype (low 16 bits)
//   pcap record (16 or 24): 0 seconds  4 micro/nanoseconds  8 caplen  12 origlen
import * as L from "./layout";
import * as S from "./status";
import { hset } from "./counters";
import {
  PHASE_BODY, decodeRecord, error, iface, needMore, rd16, rd32,
  bodyRemaining, format, inputBase, interfaceCount, isFinal, pcapNano, pcapRecordHeader, phase, pos, swapped, trailerLength,
} from "./reader";

// @ts-ignore: decorator
@inline function isPcapMagic(v: u32): bool {
  return v == L.PCAP_MAGIC_US || v == L.PCAP_MAGIC_NS || v == L.PCAP_MAGIC_MODIFIED;
}

// Returns -1 to go on, or a status to return.
export function readFileHeader(avail: usize): i32 {
  if (avail < 4) return isFinal ? error(S.E_TRUNCATED_FILE_HEADER, <f64>avail, 4) : needMore();
  const magic = load<u32>(inputBase + pos);
  if (magic == L.BLOCK_SHB) {
    format = L.FORMAT_PCAPNG;
    hset(L.H_FORMAT, L.FORMAT_PCAPNG);
    return -1;
  }
  let recordHeader: usize = 16;
  if (isPcapMagic(magic)) swapped = false;
  else if (isPcapMagic(bswap<u32>(magic))) swapped = true;
  else return error(S.E_BAD_MAGIC, <f64>bswap<u32>(magic), 0);
  const m = swapped ? bswap<u32>(magic) : magic;
  hset(L.H_FORMAT, L.FORMAT_PCAP);  // known from the magic, so that a cut-short header is named as pcap
  pcapNano = m == L.PCAP_MAGIC_NS;
  if (m == L.PCAP_MAGIC_MODIFIED) recordHeader = 24;  // Kuznetzov's patched libpcap: 8 more bytes a record
  if (avail < 24) return isFinal ? error(S.E_TRUNCATED_FILE_HEADER, <f64>avail, 24) : needMore();
  const major = rd16(inputBase + pos + 4);
  if (major != 2) return error(S.E_BAD_VERSION, <f64>major, 2);
  const e = iface(0);
  store<u32>(e + L.IF_LINKTYPE, rd32(inputBase + pos + 20) & 0xffff);
  store<u32>(e + L.IF_SNAPLEN, rd32(inputBase + pos + 16));
  store<u32>(e + L.IF_RES_BINARY, 0);
  store<u32>(e + L.IF_RES_EXP, pcapNano ? 9 : 6);
  store<f64>(e + L.IF_TSOFFSET, 0);
  interfaceCount = 1;
  pcapRecordHeader = recordHeader;
  format = L.FORMAT_PCAP;
  hset(L.H_FORMAT, L.FORMAT_PCAP);
  hset(L.H_INTERFACE_COUNT, 1);
  pos += 24;
  return -1;
}

export function startPcapRecord(avail: usize): i32 {
  const hdr = pcapRecordHeader;
  if (avail < hdr) return needMore();
  const p = inputBase + pos;
  const caplen = rd32(p + 8);
  if (caplen > <u32>L.RECORD_LIMIT) return error(S.E_RECORD_TOO_LARGE, <f64>caplen, <f64>L.RECORD_LIMIT);
  if (avail < hdr + <usize>min(caplen, <u32>L.DECODE_LIMIT)) return needMore();
  const frac = rd32(p + 4);
  const us = <f64>rd32(p) * 1e6 + <f64>(pcapNano ? frac / 1000 : frac);
  decodeRecord(0, hdr, caplen, rd32(p + 12), us);
  bodyRemaining = <u64>hdr + <u64>caplen;
  trailerLength = 0;
  phase = PHASE_BODY;
  return -1;
}
