// Address blocks for the network's extension (model/network-extension.ts): IPv4 CIDR
// blocks found by the address through the /24 or /16 they span, and the text forms of
// addresses and blocks that proposed ids and names are made of.
import { parseCidr } from "./cidr";

/** A block [lo, hi] of IPv4 numbers, of a VSwitch or a VPC (by index). */
export interface Block {
  lo: number;
  hi: number;
  prefix: number;
  at: number;
}

/**
 * Blocks found by the address: a /16 or narrower one listed under each /24 it spans, a /8
 * to /15 one under each /16, a wider one tried for every address — at most 256 entries a
 * block, and a lookup reads the few blocks of its /24 (listing VSwitch /24s by their /16
 * made an address scan up to 256 of them: 1.3 s for 169 k ENIs, profiled).
 */
export class BlockIndex {
  private by24 = new Map<number, Block[]>();
  private by16 = new Map<number, Block[]>();
  private wide: Block[] = [];

  add(b: Block): void {
    if (b.prefix < 8) {
      this.wide.push(b);
      return;
    }
    const [map, shift] = b.prefix >= 16 ? [this.by24, 8] : [this.by16, 16];
    for (let k = b.lo >>> shift; k <= b.hi >>> shift; k++) {
      const list = map.get(k);
      if (list) list.push(b);
      else map.set(k, [b]);
    }
  }

  /** The most specific block holding `n` (the first of equals) that `keep` takes, or null. */
  find(n: number, keep?: (b: Block) => boolean): Block | null {
    let best = BlockIndex.best(this.by24.get(n >>> 8), n, keep, null);
    best = BlockIndex.best(this.by16.get(n >>> 16), n, keep, best);
    return BlockIndex.best(this.wide, n, keep, best);
  }

  private static best(list: Block[] | undefined, n: number, keep: ((b: Block) => boolean) | undefined, best: Block | null): Block | null {
    if (list) for (const b of list) if (n >= b.lo && n <= b.hi && (!keep || keep(b)) && (!best || b.prefix > best.prefix)) best = b;
    return best;
  }

  /** Whether any block that `keep` takes overlaps [lo, hi] (a lookup per /24 the range spans). */
  overlaps(lo: number, hi: number, keep: (b: Block) => boolean): boolean {
    const hit = (list: Block[] | undefined) => !!list && list.some((b) => b.lo <= hi && lo <= b.hi && keep(b));
    for (let k = lo >>> 8; k <= hi >>> 8; k++) if (hit(this.by24.get(k))) return true;
    for (let k = lo >>> 16; k <= hi >>> 16; k++) if (hit(this.by16.get(k))) return true;
    return hit(this.wide);
  }
}

export function v4Block(cidr: string, at: number): Block | null {
  const c = parseCidr(cidr);
  if (c?.family !== 4) return null;
  const lo = Number(c.base),
    size = 2 ** (32 - c.prefix);
  return { lo, hi: lo + size - 1, prefix: c.prefix, at };
}

/** The IPv6 block of `bits` (a multiple of 16) holding `value`, as text: fd77::/48. */
export function v6Prefix(value: bigint, bits: 48 | 64): string {
  const groups = Array.from({ length: bits / 16 }, (_, k) => Number((value >> BigInt(112 - 16 * k)) & 0xffffn).toString(16));
  while (groups.length > 1 && groups[groups.length - 1] === "0") groups.pop();
  return `${groups.join(":")}::/${bits}`;
}

export const dotted = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** The first three (or all four) parts of an address joined by "-", for ids: vsw-10-77-0, eni-10-77-0-1. */
export const dashed = (n: number, parts: 3 | 4) =>
  parts === 3 ? `${n >>> 24}-${(n >>> 16) & 255}-${(n >>> 8) & 255}` : `${n >>> 24}-${(n >>> 16) & 255}-${(n >>> 8) & 255}-${n & 255}`;
