// Wildcard patterns of the search language (`*` any run, `?` one character), matched
// case-insensitively without a regular expression: a RegExp built from `*a*a*a*b`
// backtracks exponentially over a long value (docs/history.md #10: 20 stars over one id never
// returned). Here the pattern is cut at its stars into literal segments; the first must
// start the value, the last must end it, and each one between is taken at its leftmost
// place after the one before — a greedy choice that is always right for `*` (any later
// place only leaves less room), so no choice is ever undone. Cost: at most
// value length × segment length per segment, never exponential.

/** A test of whole values against `pattern` (any case). */
export function wildcardMatcher(pattern: string): (s: string) => boolean {
  const p = pattern.toLowerCase();
  if (!p.includes("*") && !p.includes("?")) return (s) => s.length === p.length && s.toLowerCase() === p;
  const parts = p.split("*");
  if (parts.length === 1) return (s) => s.length === p.length && segmentAt(s.toLowerCase(), 0, p);
  const head = parts[0],
    tail = parts[parts.length - 1],
    middle = parts.slice(1, -1).filter((x) => x.length > 0);
  const least = head.length + tail.length + middle.reduce((n, x) => n + x.length, 0);
  return (value) => {
    if (value.length < least) return false;
    const s = value.toLowerCase();
    if (!segmentAt(s, 0, head) || !segmentAt(s, s.length - tail.length, tail)) return false;
    let at = head.length;
    const end = s.length - tail.length;
    for (const seg of middle) {
      const found = findSegment(s, at, end, seg);
      if (found < 0) return false;
      at = found + seg.length;
    }
    return true;
  };
}

/** Whether `seg` (where `?` is any one character) stands in `s` at `at`. */
function segmentAt(s: string, at: number, seg: string): boolean {
  for (let j = 0; j < seg.length; j++) {
    const c = seg.charCodeAt(j);
    if (c !== 63 /* ? */ && s.charCodeAt(at + j) !== c) return false;
  }
  return true;
}

/** The leftmost place in s[from, end) where `seg` stands whole, or -1. */
function findSegment(s: string, from: number, end: number, seg: string): number {
  if (!seg.includes("?")) {
    const i = s.indexOf(seg, from);
    return i >= 0 && i + seg.length <= end ? i : -1;
  }
  for (let i = from; i + seg.length <= end; i++) if (segmentAt(s, i, seg)) return i;
  return -1;
}

export const hasWildcard = (v: string): boolean => v.includes("*") || v.includes("?");
