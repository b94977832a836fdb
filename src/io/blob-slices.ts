// A File or Blob read as slices (blob.slice().arrayBuffer()), two ahead of the reader.
// Chromium's BYOB reader on Blob.stream() read twice as fast (docs/toolchain.md §2), but one of its
// reads can stay pending forever: in the extension's 1 GB import on a loaded machine the
// read count stopped, and the import sat at 832 MB until the stall watch failed it (1 run
// in 4, and once in CI). A slice read is a request of its own, with no stream state to
// lose: 6 runs in 6 finished on the same machine, at 470-730 MB/s (BYOB: 450-900).

/** Slices are read this big (measured: 1 MiB 400-460 MB/s, 4 MiB ~600, 8 MiB 620-730), this many ahead. */
const SLICE_BYTES = 8 << 20,
  READ_AHEAD = 2;

export interface SliceReader {
  /** The next bytes (the rest of a slice, at most `max`), or null at the end; a failed read rejects here. */
  next(max?: number): Promise<Uint8Array | null>;
}

export function readSlices(blob: Blob): SliceReader {
  let at = 0; // where the next slice asked for starts
  const ahead: Promise<ArrayBuffer>[] = [];
  const fill = () => {
    while (ahead.length < READ_AHEAD && at < blob.size) {
      const end = Math.min(blob.size, at + SLICE_BYTES);
      const read = blob.slice(at, end).arrayBuffer();
      read.catch(() => {}); // reported when its slice is taken, not as an unhandled rejection
      ahead.push(read);
      at = end;
    }
  };
  let current = new Uint8Array(0),
    used = 0; // the slice being handed out
  return {
    async next(max = Infinity) {
      if (used === current.length) {
        fill();
        const read = ahead.shift();
        if (!read) return null;
        current = new Uint8Array(await read);
        used = 0;
        fill();
      }
      const bytes = current.subarray(used, Math.min(current.length, used + max));
      used += bytes.length;
      return bytes;
    },
  };
}

/** The same slices as a stream (for the readers that take one: flow-log files). */
export function sliceStream(blob: Blob): ReadableStream<Uint8Array> {
  const r = readSlices(blob);
  return new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        const bytes = await r.next();
        if (bytes) c.enqueue(bytes);
        else c.close();
      },
    },
    { highWaterMark: 0 },
  );
}
