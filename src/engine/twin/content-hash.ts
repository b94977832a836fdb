// The twin of assembly/content-hash.ts: the same 128-bit content hash, lane by lane in
// 32-bit integer arithmetic, so the TypeScript engine reports the same digest as the WASM one.
const P1 = 2654435761,
  P2 = 2246822519,
  P3 = 3266489917,
  P5 = 374761393;
const INITIAL = [0x24234428, 0x85ebca77, 0, 0x61c8864f];

const rotl = (x: number, r: number) => ((x << r) | (x >>> (32 - r))) >>> 0;
const avalanche = (h: number) => {
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, P2) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, P3) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
};

/** A digest's four words as the hex text imports keep: 32 digits. */
export const digestHex = (words: ArrayLike<number>, at = 0): string =>
  Array.from({ length: 4 }, (_, k) => (words[at + k] >>> 0).toString(16).padStart(8, "0")).join("");

export class ContentHash {
  private lanes = Uint32Array.from(INITIAL);
  private total = 0;
  private carry = new Uint8Array(16);
  private carried = 0;

  begin(): void {
    this.lanes.set(INITIAL);
    this.total = 0;
    this.carried = 0;
  }

  private round(b: Uint8Array, at: number): void {
    for (let i = 0; i < 4; i++) {
      const k = at + 4 * i;
      const w = (b[k] | (b[k + 1] << 8) | (b[k + 2] << 16) | (b[k + 3] << 24)) >>> 0;
      this.lanes[i] = Math.imul(rotl((this.lanes[i] + Math.imul(w, P2)) >>> 0, 13), P1);
    }
  }

  update(b: Uint8Array, start: number, len: number): void {
    this.total += len;
    let at = start;
    const end = start + len;
    if (this.carried > 0) {
      const n = Math.min(16 - this.carried, len);
      this.carry.set(b.subarray(at, at + n), this.carried);
      this.carried += n;
      at += n;
      if (this.carried < 16) return;
      this.round(this.carry, 0);
      this.carried = 0;
    }
    for (; at + 16 <= end; at += 16) this.round(b, at);
    if (at < end) {
      this.carry.set(b.subarray(at, end));
      this.carried = end - at;
    }
  }

  /** The digest's four words, as assembly/content-hash.ts leaves them in the header. */
  end(): number[] {
    if (this.carried > 0) {
      this.carry.fill(0, this.carried);
      this.round(this.carry, 0);
      this.carried = 0;
    }
    const a = this.lanes,
      lo = this.total >>> 0,
      hi = Math.floor(this.total / 2 ** 32) >>> 0;
    const mix = (lo ^ Math.imul(hi, P5)) >>> 0;
    return [0, 1, 2, 3].map((i) => avalanche((a[i] ^ rotl(a[(i + 1) & 3], 7) ^ mix ^ Math.imul(P3, i)) >>> 0));
  }
}
