// Counts the popup and the logstore list show, from the small stores only (logstores
// and imports): no record chunk is read, so they come quickly on any size of store.
import type { ImportRecord, FlowLensDb } from "./schema";

export interface LogstoreStats { project: string; logstore: string; records: number; imports: number }

export async function logstoreStats(db: FlowLensDb): Promise<LogstoreStats[]> {
  const out = new Map<string, LogstoreStats>();
  for (const l of await db.getAll("logstores")) out.set(`${l.project}\u0000${l.name}`, { project: l.project, logstore: l.name, records: 0, imports: 0 });
  for (const imp of await db.getAll("imports")) {
    const s = out.get(`${imp.project}\u0000${imp.logstore}`);
    if (s && imp.status === "committed") { s.records += imp.records; s.imports++; }
  }
  return [...out.values()];
}

/** The newest imports, newest first (a writing one is in progress, or was left half-written). */
export async function recentImports(db: FlowLensDb, n = 5): Promise<ImportRecord[]> {
  return (await db.getAll("imports")).sort((a, b) => b.startedAt - a.startedAt).slice(0, n);
}
