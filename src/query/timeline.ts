// A result's records and bytes over time, as SLS and Zui draw them above their tables:
// tallied per window while the search scans (windows run in long stretches, so only a
// change of window costs a Map lookup), then put into evenly sized buckets of a size a
// reader knows (1 min, 5 min, 1 h …) for the span asked about.

/** Records and bytes per distinct window, windows ascending; the REJECTed part of each beside it. */
export interface Timeline {
  windows: Uint32Array;
  records: Float64Array;
  bytes: Float64Array;
  rejectRecords?: Float64Array;
  rejectBytes?: Float64Array;
}

export class TimelineTally {
  private at = new Map<number, number>();
  private w: number[] = [];
  private r: number[] = [];
  private b: number[] = [];
  private rr: number[] = [];
  private rb: number[] = [];
  private lastWindow = -1;
  private last = -1;

  add(window: number, bytes: number, rejected = false): void {
    if (window !== this.lastWindow) {
      this.lastWindow = window;
      let k = this.at.get(window);
      if (k === undefined) {
        k = this.w.length;
        this.at.set(window, k);
        this.w.push(window);
        this.r.push(0);
        this.b.push(0);
        this.rr.push(0);
        this.rb.push(0);
      }
      this.last = k;
    }
    this.r[this.last]++;
    if (bytes > 0) this.b[this.last] += bytes;
    if (rejected) {
      this.rr[this.last]++;
      if (bytes > 0) this.rb[this.last] += bytes;
    }
  }

  timeline(): Timeline {
    const order = this.w.map((_, k) => k).sort((x, y) => this.w[x] - this.w[y]);
    return {
      windows: Uint32Array.from(order, (k) => this.w[k]),
      records: Float64Array.from(order, (k) => this.r[k]),
      bytes: Float64Array.from(order, (k) => this.b[k]),
      rejectRecords: Float64Array.from(order, (k) => this.rr[k]),
      rejectBytes: Float64Array.from(order, (k) => this.rb[k]),
    };
  }
}

/** Bucket sizes a reader takes in at a glance, in seconds. */
export const BUCKET_SIZES = [
  1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000,
];

export interface Histogram {
  /** Seconds per bucket. */
  bucket: number;
  /** The first bucket's start (Unix seconds, a multiple of `bucket` in UTC). */
  start: number;
  records: number[];
  bytes: number[];
  /** The REJECTed part of each bucket. */
  rejectRecords: number[];
  rejectBytes: number[];
  /** The last bucket reaches past the newest window's end: its bar is not a whole bucket's worth. */
  partialLast: boolean;
}

/**
 * The smallest step between two windows (a capture's window length). One window alone
 * says nothing of it: the longest flow-log window (600, 300 or 60 s) it is a multiple of.
 */
function windowStep(windows: Uint32Array): number {
  let step = Infinity;
  for (let k = 1; k < windows.length; k++) step = Math.min(step, windows[k] - windows[k - 1]);
  return Number.isFinite(step) ? step : ([600, 300, 60].find((s) => windows[0] % s === 0) ?? 1);
}

/**
 * The timeline in at most `maxBuckets` buckets: the smallest known size that fits the span
 * and is no finer than the windows themselves (a 60-s capture window is never split).
 */
export function histogram(t: Timeline, maxBuckets = 60, windowSeconds?: number): Histogram | null {
  const n = t.windows.length;
  if (!n) return null;
  const step = windowSeconds ?? windowStep(t.windows);
  const first = t.windows[0];
  const end = t.windows[n - 1] + step;
  const bucket =
    BUCKET_SIZES.find((s) => s >= step && Math.ceil((end - Math.floor(first / s) * s) / s) <= maxBuckets) ?? BUCKET_SIZES.at(-1)!;
  const start = Math.floor(first / bucket) * bucket;
  const count = Math.max(1, Math.ceil((end - start) / bucket));
  const records = new Array<number>(count).fill(0);
  const bytes = new Array<number>(count).fill(0);
  const rejectRecords = new Array<number>(count).fill(0);
  const rejectBytes = new Array<number>(count).fill(0);
  for (let k = 0; k < n; k++) {
    const b = Math.min(count - 1, Math.floor((t.windows[k] - start) / bucket));
    records[b] += t.records[k];
    bytes[b] += t.bytes[k];
    rejectRecords[b] += t.rejectRecords?.[k] ?? 0;
    rejectBytes[b] += t.rejectBytes?.[k] ?? 0;
  }
  return { bucket, start, records, bytes, rejectRecords, rejectBytes, partialLast: start + count * bucket > end };
}
