// Browsing order (newest first) over chunk columns, in pages: what browsing and search
// share, over any source of chunk columns (a logstore, the CLI's spill file).
import type { FlowLogEntry } from "../model/records";
import type { ChunkSource } from "../storage/logstore";
import { type ChunkColumns, decodeRecord } from "../storage/record-columns";
import type { ChunkSummary } from "../storage/schema";
import type { TimeRange } from "../storage/time-range";
import { MatchScan } from "./matches";

interface Hit {
  key: number;
  chunk: number;
  c: ChunkColumns;
  i: number;
}
const page = (top: Hit[], offset: number) => top.slice(offset).map((h) => decodeRecord(h.c, h.i));

export interface NewestOptions {
  offset?: number;
  limit?: number;
  /** Called before each chunk is read: throw from it to stop (a cancelled search). */
  check?: () => void;
  /** Called with the page as soon as no chunk left to read can change it. */
  onFirstPage?: (page: FlowLogEntry[]) => void;
}

/** A record's place in browsing order: its window, then its start within it (newest first). */
export const newestKey = (window: number, start: number): number => window * 2 ** 21 + (start - window);

/** Browsing order of matches: newest key first; equal ones by chunk and position, as stored. */
export const newestFirst = (a: { key: number; chunk: number; i: number }, b: { key: number; chunk: number; i: number }): number =>
  b.key - a.key || a.chunk - b.chunk || a.i - b.i;

/**
 * The newest matches of a per-chunk test among `list` (chunks in any order), in pages:
 * what browsing and search share, over any source of chunk columns. Chunks are read
 * newest first and only the newest offset + limit matches are kept (by window and start;
 * equal ones in stored order), so a page of a large logstore costs no sort of every record.
 */
export async function newestMatches(
  columns: (s: ChunkSummary) => Promise<ChunkColumns>,
  list: ChunkSummary[],
  t: TimeRange,
  testFor: (c: ChunkColumns) => (i: number) => boolean,
  o: NewestOptions = {},
): Promise<{ total: number; records: FlowLogEntry[] }> {
  const keep = (o.offset ?? 0) + (o.limit ?? 100);
  const chunks = [...list].sort((a, b) => b.windowMax - a.windowMax || b.chunk - a.chunk);
  const order = newestFirst;
  const scan = new MatchScan();
  let top: Hit[] = [];
  let total = 0,
    threshold = -Infinity,
    firstSent = false;
  const trim = () => {
    top.sort(order);
    if (top.length > keep) top = top.slice(0, keep);
  };
  for (let k = 0; k < chunks.length; k++) {
    o.check?.();
    const c = await columns(chunks[k]);
    const rows = scan.rows(c, testFor(c), t);
    total += rows.length;
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r];
      const key = newestKey(c.u32.window[i], c.u32.start[i]);
      if (key < threshold) continue; // older than the newest `keep`: cannot be shown
      top.push({ key, chunk: chunks[k].chunk, c, i });
      if (top.length > keep * 4) {
        trim();
        threshold = top[keep - 1].key;
      }
    }
    if (o.onFirstPage && !firstSent) {
      trim();
      const nextMax = k + 1 < chunks.length ? chunks[k + 1].windowMax : -Infinity;
      if (top.length === keep && Math.floor(top[keep - 1].key / 2 ** 21) > nextMax) {
        firstSent = true;
        o.onFirstPage(page(top, o.offset ?? 0));
      }
    }
  }
  trim();
  const records = page(top, o.offset ?? 0);
  if (o.onFirstPage && !firstSent) o.onFirstPage(records);
  return { total, records };
}

/** Browsing: every record of a logstore in a time range or window, newest first, one page. */
export async function browse(
  ls: ChunkSource,
  project: string,
  logstore: string,
  t: TimeRange,
  page: { offset?: number; limit?: number } = {},
): Promise<{ total: number; records: FlowLogEntry[] }> {
  return newestMatches(
    (s) => ls.columns(s),
    await ls.summaries(project, logstore, t),
    t,
    () => () => true,
    page,
  );
}
