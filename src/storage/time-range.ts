// A search's time range (a window, or from/to in seconds) and what it selects: records,
// and the chunks whose summaries may hold some.
import type { ChunkSummary } from "./schema";

/** A time range in seconds since the epoch, or one window (its start). */
export interface TimeRange {
  from?: number;
  to?: number;
  window?: number;
}

/** Whether a record (its window, start and end) falls in a time range or window. */
export function inRange(r: { window: number; start: number; end: number }, t: TimeRange): boolean {
  if (t.window !== undefined && r.window !== t.window) return false;
  if (t.from !== undefined && r.end < t.from) return false;
  if (t.to !== undefined && r.start > t.to) return false;
  return true;
}

/** Whether a chunk (by its summary) may hold records of the range. */
export const chunkMayMatch = (s: ChunkSummary, t: TimeRange): boolean =>
  (t.window === undefined || (s.windowMin <= t.window && t.window <= s.windowMax)) &&
  (t.from === undefined || s.endMax >= t.from) &&
  (t.to === undefined || s.startMin <= t.to);
