// A search over chunks as they stream by (the CLI's `flowlens search` without an
// analysis): every match counted, the newest `limit` kept, each chunk let go once it has
// been scanned. The order is the logstore's pages' (newestMatches in storage/logstore.ts):
// window and start newest first, equal ones in the order they came. No chunk is stored, so
// a search needs neither the spill file nor memory for the file (issue #11).
import type { FlowLogEntry } from "../model/records";
import { inRange, newestFirst, newestKey, type TimeRange } from "../storage/logstore";
import { type ChunkColumns, decodeRecord } from "../storage/record-columns";
import { compileForChunk } from "./execute";
import type { Query } from "./parse";

interface Hit {
  key: number;
  chunk: number;
  i: number;
  record: FlowLogEntry | null;
}

export class NewestCollector {
  total = 0;
  private top: Hit[] = [];
  private chunks = 0;
  constructor(
    private readonly query: Query,
    private readonly range: TimeRange,
    private readonly limit: number,
  ) {}

  /** Scans one chunk; what of it stays among the newest is decoded before it goes. */
  add(c: ChunkColumns): void {
    const chunk = this.chunks++;
    const test = compileForChunk(this.query, c);
    const threshold = this.top.length >= this.limit ? this.top[this.limit - 1].key : -Infinity;
    const fresh: Hit[] = [];
    for (let i = 0; i < c.count; i++) {
      const window = c.u32.window[i],
        start = c.u32.start[i];
      if (!inRange({ window, start, end: c.u32.end[i] }, this.range) || !test(i)) continue;
      this.total++;
      const key = newestKey(window, start);
      if (key >= threshold) fresh.push({ key, chunk, i, record: null });
    }
    if (!fresh.length) return;
    this.top = this.top.concat(fresh).sort(newestFirst).slice(0, this.limit);
    for (const h of this.top) if (h.chunk === chunk) h.record = decodeRecord(c, h.i);
  }

  records(): FlowLogEntry[] {
    return this.top.map((h) => h.record!);
  }
}
