// MurmurHash3 x86 32-bit, the same as assembly/hash.ts: 4-byte little-endian words, a
// zero-padded tail word, then the length and the finalizer.

function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export function hashKey(b: Uint8Array, len: number): number {
  let h = 0x9747b28c | 0;
  let i = 0;
  for (; i + 4 <= len; i += 4) h = mixWord(h, b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));
  let tail = 0;
  for (let j = len - 1; j >= i; j--) tail = (tail << 8) | b[j];
  if (i < len) h = mixWord(h, tail);
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
