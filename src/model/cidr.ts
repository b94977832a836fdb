// IPv4 and IPv6 addresses and CIDR blocks: parsing (IPv4 as a plain number, the one parser;
// bigints for blocks), containment and overlap, and a fast tester of many addresses.

export interface Cidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
  text: string;
}

/** A dotted-quad IPv4 address as a bigint (four parts of 0-255, no leading zeros), or null. */
export function parseIpv4(text: string): bigint | null {
  const n = ipv4Number(text);
  return n === null ? null : BigInt(n);
}

/** An IPv4 address as a plain number (no BigInt, no regex), or null: the one IPv4 parser, for hot paths too. */
export function ipv4Number(text: string): number | null {
  let value = 0,
    part = -1,
    digits = 0,
    parts = 0;
  for (let k = 0; k <= text.length; k++) {
    const ch = k < text.length ? text.charCodeAt(k) : 46;
    if (ch === 46) {
      // "."
      if (digits === 0 || ++parts > 4) return null;
      value = value * 256 + part;
      part = -1;
      digits = 0;
    } else if (ch >= 48 && ch <= 57) {
      if (digits === 3 || (digits === 1 && part === 0)) return null; // four digits, or a leading zero
      part = (part < 0 ? 0 : part * 10) + ch - 48;
      if (part > 255) return null;
      digits++;
    } else return null;
  }
  return parts === 4 ? value : null;
}

export function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split("::").length > 2) return null;
  let tail4: bigint | null = null;
  let t = text;
  const lastColon = t.lastIndexOf(":");
  if (t.includes(".")) {
    tail4 = parseIpv4(t.slice(lastColon + 1));
    if (tail4 === null) return null;
    t = `${t.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = t.includes("::") ? t.split("::") : [t, null];
  const h = head ? head.split(":") : [];
  const r = rest ? rest.split(":") : [];
  const groups = rest === null ? h : [...h, ...Array(8 - h.length - r.length).fill("0"), ...r];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  let v = groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tail4 !== null) v = (v & ~0xffffffffn) | tail4;
  return v;
}

export function parseIp(text: string): { family: 4 | 6; value: bigint } | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === null ? null : { family: 6, value: v6 };
}

/** A CIDR block; host bits must be zero (as the clouds require). */
export function parseCidr(text: string): Cidr | null {
  const [addr, len, extra] = text.split("/");
  if (extra !== undefined || len === undefined || !/^\d{1,3}$/.test(len)) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const bits = ip.family === 4 ? 32 : 128;
  const prefix = Number(len);
  if (prefix > bits) return null;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if (ip.value & hostMask) return null;
  return { family: ip.family, base: ip.value, prefix, text };
}

function span(c: Cidr): [bigint, bigint] {
  const bits = c.family === 4 ? 32 : 128;
  return [c.base, c.base + (1n << BigInt(bits - c.prefix)) - 1n];
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family) return false;
  const [a0, a1] = span(outer);
  const [b0, b1] = span(inner);
  return a0 <= b0 && b1 <= a1;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const [a0, a1] = span(a);
  const [b0, b1] = span(b);
  return a0 <= b1 && b0 <= a1;
}

export function ipInCidr(ip: string, cidr: Cidr): boolean {
  const p = parseIp(ip);
  if (!p || p.family !== cidr.family) return false;
  const [lo, hi] = span(cidr);
  return lo <= p.value && p.value <= hi;
}

/**
 * A fast membership test for many addresses against a few blocks: IPv4 with 32-bit
 * integers (no BigInt), IPv6 through ipInCidr.
 */
export function cidrTester(blocks: Cidr[]): (ip: string) => boolean {
  const v4 = blocks
    .filter((b) => b.family === 4)
    .map((b) => {
      const mask = b.prefix === 0 ? 0 : (~0 << (32 - b.prefix)) >>> 0;
      return [(Number(b.base) & mask) >>> 0, mask] as const; // >>> 0: & is signed in JS
    });
  const v6 = blocks.filter((b) => b.family === 6);
  return (ip: string) => {
    if (ip.includes(":")) return v6.some((b) => ipInCidr(ip, b));
    const value = ipv4Number(ip);
    if (value === null) return false;
    return v4.some(([base, mask]) => (value & mask) >>> 0 === base);
  };
}

/** An address (a block of one) or a CIDR block, either family. */
export const isAddressOrBlock = (s: string): boolean => parseCidr(s.includes("/") ? s : s.includes(":") ? `${s}/128` : `${s}/32`) !== null;
