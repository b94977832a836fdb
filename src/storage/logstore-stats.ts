// Counts the popup and the logstore list show, from the small stores only (logstores
// and imports): no record chunk is read, so they come quickly on any size of store.

import type { ImportLocks } from "./import-locks";
import type { FlowLensDb, ImportRecord } from "./schema";

export interface LogstoreStats {
  project: string;
  logstore: string;
  records: number;
  imports: number;
}

export async function logstoreStats(db: FlowLensDb): Promise<LogstoreStats[]> {
  const out = new Map<string, LogstoreStats>();
  for (const l of await db.getAll("logstores"))
    out.set(`${l.project}\u0000${l.name}`, { project: l.project, logstore: l.name, records: 0, imports: 0 });
  for (const imp of await db.getAll("imports")) {
    const s = out.get(`${imp.project}\u0000${imp.logstore}`);
    if (s && imp.status === "committed") {
      s.records += imp.records;
      s.imports++;
    }
  }
  return [...out.values()];
}

/** An import as the popup lists it: a writing one whose lock nobody holds was abandoned (its tab closed). */
export type RecentImport = ImportRecord & { abandoned?: true };

/** The newest imports, newest first; `locks` tells a running one from an abandoned one. */
export async function recentImports(db: FlowLensDb, n = 5, locks?: ImportLocks): Promise<RecentImport[]> {
  const list = (await db.getAll("imports")).sort((a, b) => b.startedAt - a.startedAt).slice(0, n);
  const held = list.some((i) => i.status === "writing") ? await locks?.held() : null;
  return list.map((i) => (i.status === "writing" && held && !held.has(i.id) ? { ...i, abandoned: true as const } : i));
}
