// Packet decoding: link layer -> IP (with extension headers and fragments) -> tunnels ->
// transport, into the flow key at KEY. One call per packet, on at most DECODE_LIMIT bytes.
//
// Link types (https://www.tcpdump.org/linktypes.html): 0 NULL and 108 LOOP (BSD
// loopback), 1 Ethernet (802.1Q / QinQ tags, MPLS, PPPoE session), 12/14/101 RAW, 113
// Linux SLL, 276 Linux SLL2, 228 IPv4, 229 IPv6.
// Tunnels, whose inner packet is the flow: VXLAN (UDP 4789, RFC 7348), GRE (RFC 2784/2890)
// carrying IPv4, IPv6, Ethernet (0x6558) or ERSPAN I/II (0x88BE) and III (0x22EB),
// IP-in-IP (protocol 4 and 41).
// Ports (docs/rules.md §3): TCP, UDP, SCTP ports; ICMP / ICMPv6 srcport = echo identifier (else
// 0), dstport = type * 256 + code; anything else 0 and 0.

import * as L from "./layout";
import { KEY } from "./layout";
import {
  BH_IPV4_IHL, BH_IPV4_LENGTH, BH_IPV4_VERSION, BH_IPV6_EXTENSIONS, BH_IPV6_VERSION,
  BH_RAW_VERSION, R_BAD_HEADER, R_NOT_IP, R_TRUNCATED, R_TUNNEL_DEPTH, R_UNKNOWN_LINKTYPE,
} from "./status";
import { findFirstFragment, rememberFirstFragment, setFragmentKey } from "./fragments";

const MAX_DEPTH = 4;
const VXLAN_PORT: u32 = 4789;

// Results of the last decode, read by the container loop.
export let gReason: i32 = 0;
export let gDetail: f64 = 0;
export let gIpBytes: f64 = 0;
export let gFlags: u32 = 0;
export let gFragmentWithoutFirst: bool = false;
export let gTunnels: i32 = 0;

// Bytes of the IP packet not captured are still counted: when an IP length field is 0
// (segmentation offload), the length is taken from the original frame length instead.
// u64: `p + origlen` in 32 bits wrapped for a frame claiming 0xffffffff bytes (docs/history.md #10,
// tso-origlen-ffffffff.pcap: 2016 bytes here against the twin's 4294967281).
let origEnd: u64 = 0;

// @ts-ignore: decorator
@inline function be16(p: usize): u32 { return <u32>bswap<u16>(load<u16>(p)); }
// @ts-ignore: decorator
@inline function be32(p: usize): u32 { return bswap<u32>(load<u32>(p)); }

function fail(reason: i32, detail: f64): i32 {
  gReason = reason;
  gDetail = detail;
  return reason;
}

/** min(end, p + length), computed without wrapping in 32 bits. */
function clampEnd(p: usize, length: u64, end: usize): usize {
  return <u64>p + length < <u64>end ? <usize>(<u64>p + length) : end;
}

/** Decodes a packet at [p, end) whose frame was `origlen` bytes long; 0 when aggregatable. */
export function decodePacket(linktype: u32, p: usize, end: usize, origlen: u32): i32 {
  gReason = 0;
  gDetail = 0;
  gFlags = 0;
  gFragmentWithoutFirst = false;
  gTunnels = 0;
  origEnd = <u64>p + <u64>origlen;
  if (origEnd < <u64>end) origEnd = <u64>end;
  switch (linktype) {
    case L.LINKTYPE_ETHERNET: return ethernet(p, end, 0);
    case L.LINKTYPE_LINUX_SLL: {
      if (p + 16 > end) return fail(R_TRUNCATED, 0);
      return etherPayload(be16(p + 14), p + 16, end, 0);
    }
    case L.LINKTYPE_LINUX_SLL2: {
      if (p + 20 > end) return fail(R_TRUNCATED, 0);
      return etherPayload(be16(p), p + 20, end, 0);
    }
    case L.LINKTYPE_RAW_BSD: case L.LINKTYPE_RAW_OPENBSD: case L.LINKTYPE_RAW: return rawIp(p, end, 0);
    case L.LINKTYPE_IPV4: return ipv4(p, end, 0);
    case L.LINKTYPE_IPV6: return ipv6(p, end, 0);
    case L.LINKTYPE_NULL: case L.LINKTYPE_LOOP: {
      if (p + 4 > end) return fail(R_TRUNCATED, 0);
      // NULL stores the family in the capturing host's byte order, LOOP in network order.
      const le = load<u32>(p);
      const family = linktype == L.LINKTYPE_LOOP || (le & 0xffff) == 0 ? bswap<u32>(le) : le;
      if (family == 2) return ipv4(p + 4, end, 0);
      if (family == 24 || family == 28 || family == 30 || family == 10) return ipv6(p + 4, end, 0);
      return fail(R_NOT_IP, <f64>family);
    }
    default: return fail(R_UNKNOWN_LINKTYPE, <f64>linktype);
  }
}

function ethernet(p: usize, end: usize, depth: i32): i32 {
  if (p + 14 > end) return fail(R_TRUNCATED, 0);
  return etherPayload(be16(p + 12), p + 14, end, depth);
}

function etherPayload(type: u32, p: usize, end: usize, depth: i32): i32 {
  while (true) {
    if (type == L.ETHERTYPE_IPV4) return ipv4(p, end, depth);
    if (type == L.ETHERTYPE_IPV6) return ipv6(p, end, depth);
    if (type == L.ETHERTYPE_VLAN || type == L.ETHERTYPE_QINQ || type == L.ETHERTYPE_QINQ_OLD1 || type == L.ETHERTYPE_QINQ_OLD2) {
      if (p + 4 > end) return fail(R_TRUNCATED, 0);
      type = be16(p + 2);
      p += 4;
    } else if (type == L.ETHERTYPE_MPLS || type == L.ETHERTYPE_MPLS_MULTICAST) {
      // MPLS: labels until bottom of stack, then the payload's version nibble.
      while (true) {
        if (p + 4 > end) return fail(R_TRUNCATED, 0);
        const bottom = load<u8>(p + 2) & 1;
        p += 4;
        if (bottom) break;
      }
      return rawIp(p, end, depth);
    } else if (type == L.ETHERTYPE_PPPOE_SESSION) {
      // PPPoE session: 6-byte header, then the PPP protocol.
      if (p + 8 > end) return fail(R_TRUNCATED, 0);
      const ppp = be16(p + 6);
      if (ppp == 0x0021) return ipv4(p + 8, end, depth);
      if (ppp == 0x0057) return ipv6(p + 8, end, depth);
      return fail(R_NOT_IP, <f64>(0x88640000 | ppp));
    } else {
      return fail(R_NOT_IP, <f64>type);
    }
  }
}

function rawIp(p: usize, end: usize, depth: i32): i32 {
  if (p >= end) return fail(R_TRUNCATED, 0);
  const v = load<u8>(p) >> 4;
  if (v == 4) return ipv4(p, end, depth);
  if (v == 6) return ipv6(p, end, depth);
  return fail(R_BAD_HEADER, BH_RAW_VERSION);
}

function ipv4(p: usize, end: usize, depth: i32): i32 {
  if (p + 20 > end) return fail(R_TRUNCATED, 0);
  const vihl = load<u8>(p);
  if ((vihl >> 4) != 4) return fail(R_BAD_HEADER, BH_IPV4_VERSION);
  const ihl = <usize>(vihl & 15) << 2;
  if (ihl < 20) return fail(R_BAD_HEADER, BH_IPV4_IHL);
  if (p + ihl > end) return fail(R_TRUNCATED, 0);
  let total = <u64>be16(p + 2);
  if (total == 0) total = origEnd - <u64>p;  // segmentation offload: length left unset
  else if (total < <u64>ihl) return fail(R_BAD_HEADER, BH_IPV4_LENGTH);
  const frag = be16(p + 6);
  const offset = frag & 0x1fff;
  const more = (frag & 0x2000) != 0;
  const protocol = <u32>load<u8>(p + 9);
  const l4 = p + ihl;
  const l4end = clampEnd(p, total, end);
  const whole = offset == 0 && !more;
  if (whole && (protocol == 4 || protocol == 41 || protocol == 47 || protocol == 17)) {
    const r = tunnel(protocol, l4, l4end, depth);
    if (r != NOT_A_TUNNEL) return r;
  }
  // The flow is this packet: write the addresses as ::ffff:a.b.c.d.
  store<u64>(KEY, 0);
  store<u32>(KEY + 8, 0xffff0000);
  store<u32>(KEY + 12, load<u32>(p + 12));
  store<u64>(KEY + 16, 0);
  store<u32>(KEY + 24, 0xffff0000);
  store<u32>(KEY + 28, load<u32>(p + 16));
  store<u8>(KEY + 41, 4);
  gIpBytes = <f64>total;
  return transport(protocol, l4, l4end, offset != 0, offset == 0 && more, be16(p + 4), 4);
}

function ipv6(p: usize, end: usize, depth: i32): i32 {
  if (p + 40 > end) return fail(R_TRUNCATED, 0);
  if ((load<u8>(p) >> 4) != 6) return fail(R_BAD_HEADER, BH_IPV6_VERSION);
  const payload = <u64>be16(p + 4);
  const total = payload == 0 ? origEnd - <u64>p : payload + 40;  // 0: jumbogram or offload
  const l3end = clampEnd(p, total, end);
  let next = <u32>load<u8>(p + 6);
  let q = p + 40;
  let fragmented = false;
  let nonFirst = false;
  let more = false;
  let id: u32 = 0;
  for (let n = 0; ; n++) {
    if (n == 16) return fail(R_BAD_HEADER, BH_IPV6_EXTENSIONS);
    if (next == 0 || next == 43 || next == 60 || next == 135 || next == 139 || next == 140) {
      if (q + 8 > l3end) return fail(R_TRUNCATED, 0);
      next = load<u8>(q);
      q += (<usize>load<u8>(q + 1) + 1) << 3;
    } else if (next == 51) {
      if (q + 8 > l3end) return fail(R_TRUNCATED, 0);
      next = load<u8>(q);
      q += (<usize>load<u8>(q + 1) + 2) << 2;
    } else if (next == 44) {
      if (q + 8 > l3end) return fail(R_TRUNCATED, 0);
      next = load<u8>(q);
      const fo = be16(q + 2);
      fragmented = true;
      nonFirst = (fo >> 3) != 0;
      more = (fo & 1) != 0;
      id = be32(q + 4);
      q += 8;
    } else {
      break;
    }
  }
  if (!fragmented && (next == 4 || next == 41 || next == 47 || next == 17)) {
    const r = tunnel(next, q, l3end, depth);
    if (r != NOT_A_TUNNEL) return r;
  }
  v128.store(KEY, v128.load(p + 8));
  v128.store(KEY, v128.load(p + 24), 16);
  store<u8>(KEY + 41, 6);
  gIpBytes = <f64>total;
  return transport(next, q, l3end, nonFirst, fragmented && !nonFirst && more, id, 6);
}

const NOT_A_TUNNEL: i32 = 255;

/**
 * Opens a tunnel whose payload starts at q. Returns 0 when the inner packet was decoded
 * (the key now holds it), the skip reason when it could not be, and NOT_A_TUNNEL when
 * this is not a tunnel after all (the outer packet is the flow).
 */
function tunnel(protocol: u32, q: usize, end: usize, depth: i32): i32 {
  let inner: i32;
  if (protocol == 17) {
    // VXLAN: UDP to 4789 with the I flag, then an Ethernet frame.
    if (q + 16 > end || be16(q + 2) != VXLAN_PORT || (load<u8>(q + 8) & 0x08) == 0) return NOT_A_TUNNEL;
    if (depth == MAX_DEPTH) return fail(R_TUNNEL_DEPTH, <f64>depth);
    inner = ethernet(q + 16, end, depth + 1);
  } else if (protocol == 4 || protocol == 41) {
    if (depth == MAX_DEPTH) return fail(R_TUNNEL_DEPTH, <f64>depth);
    inner = protocol == 4 ? ipv4(q, end, depth + 1) : ipv6(q, end, depth + 1);
  } else {
    if (q + 4 > end) return NOT_A_TUNNEL;
    const flags = be16(q);
    if ((flags & 0x4007) != 0) return NOT_A_TUNNEL;  // version 1 (PPTP) or source routing: not opened
    const type = be16(q + 2);
    let r = q + 4;
    if (flags & 0x8000) r += 4;
    if (flags & 0x2000) r += 4;
    const sequenced = (flags & 0x1000) != 0;
    if (sequenced) r += 4;
    if (depth == MAX_DEPTH) return fail(R_TUNNEL_DEPTH, <f64>depth);
    if (type == L.ETHERTYPE_IPV4) inner = ipv4(r, end, depth + 1);
    else if (type == L.ETHERTYPE_IPV6) inner = ipv6(r, end, depth + 1);
    else if (type == L.ETHERTYPE_TEB) inner = ethernet(r, end, depth + 1);
    else if (type == L.ETHERTYPE_ERSPAN) inner = ethernet(sequenced ? r + 8 : r, end, depth + 1);  // ERSPAN II has a header, I has none
    else if (type == L.ETHERTYPE_ERSPAN3) {
      // ERSPAN III: 12-byte header, plus an 8-byte platform subheader when O (bit 0 of byte 11) is set.
      if (r + 12 > end) return fail(R_TRUNCATED, 0);
      inner = ethernet(r + 12 + ((load<u8>(r + 11) & 1) ? 8 : 0), end, depth + 1);
    } else return NOT_A_TUNNEL;
  }
  if (inner == 0) gTunnels++;
  return inner;
}

function transport(protocol: u32, q: usize, end: usize, nonFirst: bool, firstOfMany: bool, id: u32, family: u32): i32 {
  store<u8>(KEY + 40, <u8>protocol);
  let sport: u32 = 0;
  let dport: u32 = 0;
  if (nonFirst) {
    setFragmentKey(id, protocol, family);
    const ports = findFirstFragment();
    if (ports >= 0) {
      sport = <u32>ports >>> 16;
      dport = <u32>ports & 0xffff;
    } else {
      gFragmentWithoutFirst = true;
    }
  } else if (protocol == 6 || protocol == 17 || protocol == 132) {
    if (q + 4 > end) return fail(R_TRUNCATED, 0);
    sport = be16(q);
    dport = be16(q + 2);
    if (protocol == 6 && q + 14 <= end) gFlags = ((<u32>load<u8>(q + 12) & 1) << 8) | <u32>load<u8>(q + 13);
  } else if (protocol == 1 || protocol == 58) {
    if (q + 2 > end) return fail(R_TRUNCATED, 0);
    const type = <u32>load<u8>(q);
    dport = (type << 8) | <u32>load<u8>(q + 1);
    const echo = protocol == 1 ? type == 0 || type == 8 : type == 128 || type == 129;
    if (echo) {
      if (q + 6 > end) return fail(R_TRUNCATED, 0);
      sport = be16(q + 4);
    }
  }
  if (firstOfMany) {
    setFragmentKey(id, protocol, family);
    rememberFirstFragment(sport, dport);
  }
  store<u16>(KEY + 36, <u16>sport);
  store<u16>(KEY + 38, <u16>dport);
  return 0;
}
