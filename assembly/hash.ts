// MurmurHash3 (x86, 32-bit) over the 42-byte flow key or the 38-byte fragment key, as
// 4-byte little-endian words with a zero-padded tail. The twin (src/engine/twin/hash.ts)
// computes the same value: the skipped-flow sketch and the fragment table depend on it.

// @ts-ignore: decorator
@inline function mixWord(h: u32, k: u32): u32 {
  k *= 0xcc9e2d51;
  k = rotl<u32>(k, 15);
  k *= 0x1b873593;
  h ^= k;
  h = rotl<u32>(h, 13);
  return h * 5 + 0xe6546b64;
}

export function hashKey(p: usize, len: i32): u32 {
  let h: u32 = 0x9747b28c;
  let i = 0;
  for (; i + 4 <= len; i += 4) h = mixWord(h, load<u32>(p + <usize>i));
  let tail: u32 = 0;
  for (let j = len - 1; j >= i; j--) tail = (tail << 8) | <u32>load<u8>(p + <usize>j);
  if (i < len) h = mixWord(h, tail);
  h ^= <u32>len;
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}
