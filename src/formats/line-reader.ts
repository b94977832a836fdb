// Lines of a text file, found in its bytes (docs/history.md #10). Splitting decoded text by "\n"
// joined the rest of the last chunk to every new chunk, so one 32 MB line took 16 s and a
// 1 GB line never ended. Here each chunk is searched for newlines with indexOf on the
// bytes; only an unfinished line is carried, and a line that grows past MAX_LINE_BYTES
// is dropped as it streams (counted, its number reported) so memory stays bounded.
// A line whose bytes are not UTF-8 is reported too, rather than stored with U+FFFD.

/** The longest line read (1 MiB): no flow-log record comes near it. */
export const MAX_LINE_BYTES = 1 << 20;

export interface LineSink {
  /** A line's text (no "\n" or "\r\n") and its number, from 1. */
  line(text: string, n: number): void;
  /** A line that is not text: longer than the limit, or not UTF-8. */
  bad(n: number, reason: string): void;
  /**
   * Offered each line's bytes first (buf[start, end), no "\n" or "\r\n"): returns true
   * when it took the line itself, so that no string is made of it (docs/history.md #11). The lines
   * of one slice come in one buffer, whose bytes stay as they are until the next slice.
   */
  bytes?(buf: Uint8Array, start: number, end: number, n: number): boolean;
  /** Called after each chunk's lines: what it returns is awaited (backpressure). */
  afterChunk?(): Promise<void> | void;
}

const NL = 0x0a,
  CR = 0x0d;
/** How much input is split into lines between two calls of afterChunk. */
const SLICE_BYTES = 1 << 20;

/** Reads every line of `stream` into `sink`; returns the number of lines. */
export async function readLines(stream: ReadableStream<Uint8Array>, sink: LineSink, maxLine = MAX_LINE_BYTES): Promise<number> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const reader = stream.getReader();
  let carry = new Uint8Array(0),
    carryLength = 0;
  let overLong = 0; // bytes of a line being dropped, 0 when none
  let n = 0;
  const emit = (buf: Uint8Array, start: number, stop: number) => {
    n++;
    let end = stop;
    if (end > start && buf[end - 1] === CR) end--;
    if (sink.bytes?.(buf, start, end, n)) return;
    let text: string;
    try {
      text = decoder.decode(buf.subarray(start, end));
    } catch {
      sink.bad(n, `not UTF-8 text (byte ${firstBadByte(buf.subarray(start, end)) + 1} of the line)`);
      return;
    }
    sink.line(text, n);
  };
  const dropLong = () => {
    n++;
    sink.bad(n, `${overLong} bytes long, past the limit of ${maxLine} bytes for one line`);
    overLong = 0;
  };
  // A part of a line; a whole line that needs no carrying (`complete`) is emitted in place.
  const keep = (part: Uint8Array, complete: boolean) => {
    if (carryLength + part.length > maxLine) {
      overLong = carryLength + part.length;
      carryLength = 0;
      return;
    }
    if (complete) return;
    if (carry.length < carryLength + part.length) {
      const grown = new Uint8Array(Math.min(maxLine, Math.max(carry.length * 2, carryLength + part.length, 4096)));
      grown.set(carry.subarray(0, carryLength));
      carry = grown;
    }
    carry.set(part, carryLength);
    carryLength += part.length;
  };
  /** Emits the lines that end in `value`, and carries (or drops) the unfinished one. */
  const split = (value: Uint8Array) => {
    let at = 0;
    while (at < value.length) {
      const nl = value.indexOf(NL, at);
      const end = nl < 0 ? value.length : nl;
      if (overLong) overLong += end - at;
      else keep(value.subarray(at, end), nl >= 0 && carryLength === 0);
      if (nl < 0) return;
      if (overLong) dropLong();
      // A view of its own (not `carry`, whose bytes change): a sink may keep a buffer it was handed.
      else if (carryLength) {
        emit(carry.subarray(0, carryLength), 0, carryLength);
        carryLength = 0;
      } else emit(value, at, end);
      at = nl + 1;
    }
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    // A source may hand over a whole file as one chunk (Node's Blob.stream() does): take it
    // a slice at a time, so that the sink's backpressure and cancel checks run often.
    for (let from = 0; from < value.length; from += SLICE_BYTES) {
      split(value.subarray(from, from + SLICE_BYTES));
      await sink.afterChunk?.();
    }
  }
  if (overLong) dropLong();
  else if (carryLength) emit(carry.subarray(0, carryLength), 0, carryLength);
  return n;
}

/** The index of the first byte in `b` that does not continue well-formed UTF-8 (RFC 3629). */
export function firstBadByte(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const [len, lo, hi] =
      c < 0x80
        ? [1, 0, 0]
        : c >= 0xc2 && c <= 0xdf
          ? [2, 0x80, 0xbf]
          : c === 0xe0
            ? [3, 0xa0, 0xbf]
            : c === 0xed
              ? [3, 0x80, 0x9f]
              : c >= 0xe1 && c <= 0xef
                ? [3, 0x80, 0xbf]
                : c === 0xf0
                  ? [4, 0x90, 0xbf]
                  : c >= 0xf1 && c <= 0xf3
                    ? [4, 0x80, 0xbf]
                    : c === 0xf4
                      ? [4, 0x80, 0x8f]
                      : [0, 0, 0];
    if (len === 0) return i;
    if (len > 1 && !(b[i + 1] >= lo && b[i + 1] <= hi)) return i;
    for (let k = 2; k < len; k++) if (!(b[i + k] >= 0x80 && b[i + k] <= 0xbf)) return i;
    i += len;
  }
  return b.length;
}
