// The one scan loop: which records of a chunk a search takes — inside its time range and
// passing the query's test compiled for the chunk. Browsing, search, the viewer's result
// sets, the CLI's streaming search and the analyses all read a chunk through it.
import type { ChunkColumns } from "../storage/record-columns";
import { inRange, type TimeRange } from "../storage/time-range";

/** Scans chunk after chunk into one reused buffer of row indices (no array per chunk). */
export class MatchScan {
  private buf = new Int32Array(0);

  /** The matching rows of `c`, in order: valid until the next call. */
  rows(c: ChunkColumns, test: (i: number) => boolean, range: TimeRange): Int32Array {
    if (this.buf.length < c.count) this.buf = new Int32Array(c.count);
    const rows = this.buf,
      window = c.u32.window,
      start = c.u32.start,
      end = c.u32.end;
    let n = 0;
    for (let i = 0; i < c.count; i++) if (inRange({ window: window[i], start: start[i], end: end[i] }, range) && test(i)) rows[n++] = i;
    return rows.subarray(0, n);
  }
}
