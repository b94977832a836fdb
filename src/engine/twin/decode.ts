// The twin of assembly/decode.ts: link layer -> IP -> tunnels -> transport into `key`.
// Same rules, same limits, same skip reasons; written for clarity, not speed.
import * as S from "../wasm/layout";
import { hashKey } from "./hash";

const MAX_DEPTH = 4;
const NOT_A_TUNNEL = 255;
const FRAG_SLOTS = 4096;

export class TwinDecoder {
  readonly key = new Uint8Array(48);
  reason = 0;
  detail = 0;
  ipBytes = 0;
  flags = 0;
  fragmentWithoutFirst = false;
  tunnels = 0;
  private b: Uint8Array = new Uint8Array(0);
  private origEnd = 0;
  private fragKey = new Uint8Array(38);
  private fragments: ({ key: Uint8Array; sport: number; dport: number } | undefined)[] = new Array(FRAG_SLOTS);

  clearFragments(): void {
    this.fragments = new Array(FRAG_SLOTS);
  }

  private be16(p: number): number {
    return (this.b[p] << 8) | this.b[p + 1];
  }
  private be32(p: number): number {
    return ((this.b[p] << 24) | (this.b[p + 1] << 16) | (this.b[p + 2] << 8) | this.b[p + 3]) >>> 0;
  }

  private fail(reason: number, detail: number): number {
    this.reason = reason;
    this.detail = detail;
    return reason;
  }

  decode(b: Uint8Array, linktype: number, p: number, end: number, origlen: number): number {
    this.b = b;
    this.reason = 0;
    this.detail = 0;
    this.flags = 0;
    this.fragmentWithoutFirst = false;
    this.tunnels = 0;
    this.origEnd = Math.max(p + origlen, end);
    switch (linktype) {
      case S.LINKTYPE_ETHERNET:
        return this.ethernet(p, end, 0);
      case S.LINKTYPE_LINUX_SLL:
        return p + 16 > end ? this.fail(S.R_TRUNCATED, 0) : this.etherPayload(this.be16(p + 14), p + 16, end, 0);
      case S.LINKTYPE_LINUX_SLL2:
        return p + 20 > end ? this.fail(S.R_TRUNCATED, 0) : this.etherPayload(this.be16(p), p + 20, end, 0);
      case S.LINKTYPE_RAW_BSD:
      case S.LINKTYPE_RAW_OPENBSD:
      case S.LINKTYPE_RAW:
        return this.rawIp(p, end, 0);
      case S.LINKTYPE_IPV4:
        return this.ipv4(p, end, 0);
      case S.LINKTYPE_IPV6:
        return this.ipv6(p, end, 0);
      case S.LINKTYPE_NULL:
      case S.LINKTYPE_LOOP: {
        if (p + 4 > end) return this.fail(S.R_TRUNCATED, 0);
        const be = this.be32(p);
        const le = ((b[p + 3] << 24) | (b[p + 2] << 16) | (b[p + 1] << 8) | b[p]) >>> 0;
        const family = linktype === S.LINKTYPE_LOOP || (le & 0xffff) === 0 ? be : le;
        if (family === 2) return this.ipv4(p + 4, end, 0);
        if ([24, 28, 30, 10].includes(family)) return this.ipv6(p + 4, end, 0);
        return this.fail(S.R_NOT_IP, family);
      }
      default:
        return this.fail(S.R_UNKNOWN_LINKTYPE, linktype);
    }
  }

  private ethernet(p: number, end: number, depth: number): number {
    if (p + 14 > end) return this.fail(S.R_TRUNCATED, 0);
    return this.etherPayload(this.be16(p + 12), p + 14, end, depth);
  }

  private etherPayload(type: number, p: number, end: number, depth: number): number {
    for (;;) {
      if (type === S.ETHERTYPE_IPV4) return this.ipv4(p, end, depth);
      if (type === S.ETHERTYPE_IPV6) return this.ipv6(p, end, depth);
      if (type === S.ETHERTYPE_VLAN || type === S.ETHERTYPE_QINQ || type === S.ETHERTYPE_QINQ_OLD1 || type === S.ETHERTYPE_QINQ_OLD2) {
        if (p + 4 > end) return this.fail(S.R_TRUNCATED, 0);
        type = this.be16(p + 2);
        p += 4;
      } else if (type === S.ETHERTYPE_MPLS || type === S.ETHERTYPE_MPLS_MULTICAST) {
        for (let bottom = 0; !bottom; p += 4) {
          if (p + 4 > end) return this.fail(S.R_TRUNCATED, 0);
          bottom = this.b[p + 2] & 1;
        }
        return this.rawIp(p, end, depth);
      } else if (type === S.ETHERTYPE_PPPOE_SESSION) {
        if (p + 8 > end) return this.fail(S.R_TRUNCATED, 0);
        const ppp = this.be16(p + 6);
        if (ppp === 0x0021) return this.ipv4(p + 8, end, depth);
        if (ppp === 0x0057) return this.ipv6(p + 8, end, depth);
        return this.fail(S.R_NOT_IP, 0x88640000 + ppp);
      } else {
        return this.fail(S.R_NOT_IP, type);
      }
    }
  }

  private rawIp(p: number, end: number, depth: number): number {
    if (p >= end) return this.fail(S.R_TRUNCATED, 0);
    const v = this.b[p] >> 4;
    if (v === 4) return this.ipv4(p, end, depth);
    if (v === 6) return this.ipv6(p, end, depth);
    return this.fail(S.R_BAD_HEADER, S.BH_RAW_VERSION);
  }

  private ipv4(p: number, end: number, depth: number): number {
    if (p + 20 > end) return this.fail(S.R_TRUNCATED, 0);
    const vihl = this.b[p];
    if (vihl >> 4 !== 4) return this.fail(S.R_BAD_HEADER, S.BH_IPV4_VERSION);
    const ihl = (vihl & 15) * 4;
    if (ihl < 20) return this.fail(S.R_BAD_HEADER, S.BH_IPV4_IHL);
    if (p + ihl > end) return this.fail(S.R_TRUNCATED, 0);
    let total = this.be16(p + 2);
    if (total === 0) total = this.origEnd - p;
    else if (total < ihl) return this.fail(S.R_BAD_HEADER, S.BH_IPV4_LENGTH);
    const frag = this.be16(p + 6);
    const offset = frag & 0x1fff;
    const more = (frag & 0x2000) !== 0;
    const protocol = this.b[p + 9];
    const l4end = Math.min(end, p + total);
    if (offset === 0 && !more && [4, 41, 47, 17].includes(protocol)) {
      const r = this.tunnel(protocol, p + ihl, l4end, depth);
      if (r !== NOT_A_TUNNEL) return r;
    }
    const k = this.key;
    k.fill(0, 0, 32);
    k[10] = k[11] = k[26] = k[27] = 0xff;
    k.set(this.b.subarray(p + 12, p + 16), 12);
    k.set(this.b.subarray(p + 16, p + 20), 28);
    k[41] = 4;
    this.ipBytes = total;
    return this.transport(protocol, p + ihl, l4end, offset !== 0, offset === 0 && more, this.be16(p + 4), 4);
  }

  private ipv6(p: number, end: number, depth: number): number {
    if (p + 40 > end) return this.fail(S.R_TRUNCATED, 0);
    if (this.b[p] >> 4 !== 6) return this.fail(S.R_BAD_HEADER, S.BH_IPV6_VERSION);
    const payload = this.be16(p + 4);
    const total = payload === 0 ? this.origEnd - p : payload + 40;
    const l3end = Math.min(end, p + total);
    let next = this.b[p + 6];
    let q = p + 40;
    let fragmented = false;
    let nonFirst = false;
    let more = false;
    let id = 0;
    for (let n = 0; ; n++) {
      if (n === 16) return this.fail(S.R_BAD_HEADER, S.BH_IPV6_EXTENSIONS);
      if ([0, 43, 60, 135, 139, 140].includes(next)) {
        if (q + 8 > l3end) return this.fail(S.R_TRUNCATED, 0);
        next = this.b[q];
        q += (this.b[q + 1] + 1) * 8;
      } else if (next === 51) {
        if (q + 8 > l3end) return this.fail(S.R_TRUNCATED, 0);
        next = this.b[q];
        q += (this.b[q + 1] + 2) * 4;
      } else if (next === 44) {
        if (q + 8 > l3end) return this.fail(S.R_TRUNCATED, 0);
        next = this.b[q];
        const fo = this.be16(q + 2);
        fragmented = true;
        nonFirst = fo >> 3 !== 0;
        more = (fo & 1) !== 0;
        id = this.be32(q + 4);
        q += 8;
      } else break;
    }
    if (!fragmented && [4, 41, 47, 17].includes(next)) {
      const r = this.tunnel(next, q, l3end, depth);
      if (r !== NOT_A_TUNNEL) return r;
    }
    this.key.set(this.b.subarray(p + 8, p + 40), 0);
    this.key[41] = 6;
    this.ipBytes = total;
    return this.transport(next, q, l3end, nonFirst, fragmented && !nonFirst && more, id, 6);
  }

  private tunnel(protocol: number, q: number, end: number, depth: number): number {
    let inner: number;
    if (protocol === 17) {
      if (q + 16 > end || this.be16(q + 2) !== 4789 || (this.b[q + 8] & 0x08) === 0) return NOT_A_TUNNEL;
      if (depth === MAX_DEPTH) return this.fail(S.R_TUNNEL_DEPTH, depth);
      inner = this.ethernet(q + 16, end, depth + 1);
    } else if (protocol === 4 || protocol === 41) {
      if (depth === MAX_DEPTH) return this.fail(S.R_TUNNEL_DEPTH, depth);
      inner = protocol === 4 ? this.ipv4(q, end, depth + 1) : this.ipv6(q, end, depth + 1);
    } else {
      if (q + 4 > end) return NOT_A_TUNNEL;
      const flags = this.be16(q);
      if (flags & 0x4007) return NOT_A_TUNNEL;
      const type = this.be16(q + 2);
      const sequenced = (flags & 0x1000) !== 0;
      const r = q + 4 + (flags & 0x8000 ? 4 : 0) + (flags & 0x2000 ? 4 : 0) + (sequenced ? 4 : 0);
      if (depth === MAX_DEPTH) return this.fail(S.R_TUNNEL_DEPTH, depth);
      if (type === S.ETHERTYPE_IPV4) inner = this.ipv4(r, end, depth + 1);
      else if (type === S.ETHERTYPE_IPV6) inner = this.ipv6(r, end, depth + 1);
      else if (type === S.ETHERTYPE_TEB) inner = this.ethernet(r, end, depth + 1);
      else if (type === S.ETHERTYPE_ERSPAN) inner = this.ethernet(sequenced ? r + 8 : r, end, depth + 1);
      else if (type === S.ETHERTYPE_ERSPAN3) {
        if (r + 12 > end) return this.fail(S.R_TRUNCATED, 0);
        inner = this.ethernet(r + 12 + (this.b[r + 11] & 1 ? 8 : 0), end, depth + 1);
      } else return NOT_A_TUNNEL;
    }
    if (inner === 0) this.tunnels++;
    return inner;
  }

  private fragmentSlot(id: number, protocol: number, family: number): number {
    const f = this.fragKey;
    f.set(this.key.subarray(0, 32), 0);
    new DataView(f.buffer).setUint32(32, id, true);
    f[36] = protocol;
    f[37] = family;
    return hashKey(f, 38) & (FRAG_SLOTS - 1);
  }

  private transport(protocol: number, q: number, end: number, nonFirst: boolean, firstOfMany: boolean, id: number, family: number): number {
    this.key[40] = protocol;
    let sport = 0;
    let dport = 0;
    if (nonFirst) {
      const e = this.fragments[this.fragmentSlot(id, protocol, family)];
      if (e?.key.every((v, i) => v === this.fragKey[i])) {
        sport = e.sport;
        dport = e.dport;
      } else {
        this.fragmentWithoutFirst = true;
      }
    } else if (protocol === 6 || protocol === 17 || protocol === 132) {
      if (q + 4 > end) return this.fail(S.R_TRUNCATED, 0);
      sport = this.be16(q);
      dport = this.be16(q + 2);
      if (protocol === 6 && q + 14 <= end) this.flags = ((this.b[q + 12] & 1) << 8) | this.b[q + 13];
    } else if (protocol === 1 || protocol === 58) {
      if (q + 2 > end) return this.fail(S.R_TRUNCATED, 0);
      const type = this.b[q];
      dport = (type << 8) | this.b[q + 1];
      const echo = protocol === 1 ? type === 0 || type === 8 : type === 128 || type === 129;
      if (echo) {
        if (q + 6 > end) return this.fail(S.R_TRUNCATED, 0);
        sport = this.be16(q + 4);
      }
    }
    if (firstOfMany) {
      const slot = this.fragmentSlot(id, protocol, family);
      this.fragments[slot] = { key: this.fragKey.slice(), sport, dport };
    }
    this.key[36] = sport & 0xff;
    this.key[37] = sport >> 8;
    this.key[38] = dport & 0xff;
    this.key[39] = dport >> 8;
    return 0;
  }
}
