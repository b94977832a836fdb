// The flow-log line scanner (docs/history.md #11): one space-separated line (AWS, Tencent) at LINE,
// split into its fields, each checked by its kind and read: numbers parsed, texts hashed
// (FNV-1a, as src/storage/chunk-builder.ts hashes them), enums coded. Returns 1 when every
// field is one the byte reader may take; 0 sends the line to the string reader, which says
// what is wrong (src/formats/spaced-columns.ts is its TypeScript twin, and a test holds
// the two to the same records). Numbers only cross: (where, length, fields) in, 0 or 1 out.
// The caller copies a whole slice of lines into LINE once and scans each line where it lies.
import {
  FIELDS, FIELD_SIZE, KINDS, LINE, LINE_SIZE, MAXES, MAX_FIELDS,
  FK_NUMBER, FK_START, FK_END, FK_ADDRESS, FK_WORD, FK_ACTION, FK_STATUS, FK_FLOW_DIRECTION,
} from "./layout";

const SP: u8 = 0x20, TAB: u8 = 0x09, DASH: u8 = 0x2d, DOT: u8 = 0x2e;

/** The bytes of an id or word: letters, digits and . _ : / @ + = , # ~ % - (src/formats/fields.ts WORD). */
@inline function isWordByte(c: u32): bool {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)
    || c == 0x2e || c == 0x5f || c == 0x3a || c == 0x2f || c == 0x40 || c == 0x2b || c == 0x3d
    || c == 0x2c || c == 0x23 || c == 0x7e || c == 0x25 || c == 0x2d;
}

@inline function put(t: u32, s: u32, e: u32, v: f64): void {
  const at = FIELDS + t * FIELD_SIZE;
  store<u32>(at, s);
  store<u32>(at + 4, e);
  store<f64>(at + 8, v);
}

/** A whole number of 1-15 digits, or -1. */
function number(s: u32, e: u32): f64 {
  if (e - s > 15 || e == s) return -1;
  let v: f64 = 0;
  for (let k = s; k < e; k++) {
    const d = <i32>load<u8>(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + <f64>d;
  }
  return v;
}

/** Dotted-decimal IPv4 without leading zeros (as src/model/cidr.ts parseIpv4 takes it). */
function ipv4(s: u32, e: u32): bool {
  let parts = 0, digits = 0, v = 0;
  let lead = false;
  for (let k = s; k <= e; k++) {
    const c: u32 = k == e ? DOT : load<u8>(k);
    if (c == DOT) {
      if (digits == 0 || v > 255 || (lead && digits > 1)) return false;
      parts++; digits = 0; v = 0;
      continue;
    }
    const d = <i32>c - 48;
    if (d < 0 || d > 9 || ++digits > 3) return false;
    if (digits == 1) lead = d == 0;
    v = v * 10 + d;
  }
  return parts == 4;
}

@inline function hash(s: u32, e: u32): u32 {
  let h: u32 = 0x811c9dc5;
  for (let k = s; k < e; k++) h = (h ^ <u32>load<u8>(k)) * 0x01000193;
  return h;
}

function isWord(s: u32, e: u32, text: string): bool {
  if (<i32>(e - s) != text.length) return false;
  for (let k = 0; k < text.length; k++) if (<u32>load<u8>(s + k) != <u32>text.charCodeAt(k)) return false;
  return true;
}

/** Scans the line of `length` bytes at `at` (inside LINE) against a format of `fields` fields (kinds at KINDS). */
export function scanLine(at: u32, length: u32, fields: u32): u32 {
  if (fields > MAX_FIELDS || at < LINE || at + length > LINE + LINE_SIZE) return 0;
  const end = at + length;
  let n: u32 = 0, k: u32 = at;
  while (k < end) {
    const c = load<u8>(k);
    if (c == SP || c == TAB) { k++; continue; }
    if (n == fields) return 0;
    const s = k;
    while (k < end) {
      const b = load<u8>(k);
      if (b <= SP || b >= 0x7f) break;
      k++;
    }
    if (k < end && load<u8>(k) != SP && load<u8>(k) != TAB) return 0;  // a byte outside printable ASCII
    const e = k;
    const kind = load<u8>(KINDS + n);
    const none = e - s == 1 && load<u8>(s) == DASH;
    if (kind == FK_NUMBER || kind == FK_START || kind == FK_END) {
      if (none) {
        if (kind != FK_NUMBER) return 0;
        put(n, s, e, -1);
      } else {
        const v = number(s, e);
        if (v < 0 || v > load<f64>(MAXES + n * 8)) return 0;
        put(n, s, e, v);
      }
    } else if (kind == FK_ADDRESS || kind == FK_WORD) {
      if (none) put(n, s, e, -1);
      else {
        if (kind == FK_ADDRESS) { if (!ipv4(s, e)) return 0; }  // IPv6 and the rest: the string reader
        else {
          if (e - s > 255) return 0;
          for (let q = s; q < e; q++) if (!isWordByte(load<u8>(q))) return 0;
        }
        put(n, s, e, <f64>hash(s, e));
      }
    } else if (kind == FK_ACTION) {
      put(n, s, e, none ? 0 : isWord(s, e, "ACCEPT") ? 1 : isWord(s, e, "REJECT") ? 2 : -1);
      if (load<f64>(FIELDS + n * FIELD_SIZE + 8) < 0) return 0;
    } else if (kind == FK_STATUS) {
      if (!isWord(s, e, "OK")) return 0;  // NODATA and SKIPDATA rows: the string reader
      put(n, s, e, 0);
    } else if (kind == FK_FLOW_DIRECTION) {
      put(n, s, e, none ? 0 : isWord(s, e, "ingress") ? 1 : isWord(s, e, "egress") ? 2 : -1);
      if (load<f64>(FIELDS + n * FIELD_SIZE + 8) < 0) return 0;
    } else return 0;
    n++;
  }
  return n == fields ? 1 : 0;
}

/** Where AssemblyScript's static data ends: must stay below KINDS. */
export function heapBase(): usize {
  return __heap_base;
}
