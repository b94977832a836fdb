// A search over chunks as they stream by (the CLI's `flowlens search` without an
// analysis): every match counted, the newest `limit` kept, each chunk let go once it has
// been scanned. The order is the logstore's pages' (newestMatches in query/newest-matches.ts):
// window and start newest first, equal ones in the order they came. No chunk is stored, so
// a search needs neither the spill file nor memory for the file (docs/history.md #11).
import type { FlowLogEntry } from "../model/records";
import type { TimeRange } from "../storage/logstore";
import { type ChunkColumns, decodeRecord } from "../storage/record-columns";
import { compileForChunk } from "./execute";
import { MatchScan } from "./matches";
import { newestFirst, newestKey } from "./newest-matches";
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
  private scan = new MatchScan();
  constructor(
    private readonly query: Query,
    private readonly range: TimeRange,
    private readonly limit: number,
  ) {}

  /** Scans one chunk; what of it stays among the newest is decoded before it goes. */
  add(c: ChunkColumns): void {
    const chunk = this.chunks++;
    const rows = this.scan.rows(c, compileForChunk(this.query, c), this.range);
    const threshold = this.top.length >= this.limit ? this.top[this.limit - 1].key : -Infinity;
    const fresh: Hit[] = [];
    this.total += rows.length;
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r];
      const key = newestKey(c.u32.window[i], c.u32.start[i]);
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
