// Records of a logstore in IndexedDB (docs/history.md #4): columnar chunks with summaries; atomic
// imports; retention; per-window sums. Searching and browsing them is query/'s.
//
// An import writes its chunks in as many transactions as it needs, each chunk tagged with
// the import's id, and then flips its import record to committed in one transaction:
// readers see only committed imports, so an import is whole or absent. An import still
// "writing" whose heartbeat is older than STALE_MS (its tab closed, or crashed) is removed
// with its chunks by cleanUp(), which opening a logstore runs. Retention drops whole
// imports, aged from their commit.

import { ACTION_ACCEPT, ACTION_REJECT, STATUS_NODATA, STATUS_SKIPDATA } from "../model/record-codes";
import type { FlowLogEntry } from "../model/records";
import { text } from "../model/text";
import { type ChunkBuilder, EntryChunker } from "./chunk-builder";
import { ColumnCache } from "./column-cache";
import { type ImportLocks, webImportLocks } from "./import-locks";
import type { ChunkColumns } from "./record-columns";
import type { CaptureOrigin, ChunkSummary, FlowLensDb, ImportOutcome, ImportRecord } from "./schema";
import { StorageError } from "./schema";
import { chunkMayMatch, inRange, type TimeRange } from "./time-range";

// Time ranges live beside (time-range.ts); what reads logstores imports them from here too.
export { chunkMayMatch, inRange, type TimeRange } from "./time-range";

export const STALE_MS = 60_000;

export interface WindowSummary {
  window: number;
  records: number;
  packets: number;
  bytes: number;
  accept: number;
  reject: number;
  nodata: number;
  skipdata: number;
}

/** An import in progress (beginImport): add() records, then commit() — or abort(). */
export interface Import {
  id: string;
  add(list: FlowLogEntry[]): Promise<void>;
  /** Writes a chunk built straight into columns (after what add() holds back). */
  addChunk(b: ChunkBuilder): Promise<void>;
  /** Writes what add() holds back (less than a chunk): before commitImports(). */
  flush(): Promise<void>;
  /** `contentHash`: the file's, when it is known only once the file was read (a flow-log file's). */
  commit(contentHash?: string): Promise<{ records: number; chunks: number }>;
  abort(): Promise<void>;
  /** What this import stored so far. */
  counts(): { project: string; logstore: string; records: number; chunks: number };
  /** Releases its lock (commitImports calls it). */
  finished(): void;
}

export interface LogstoreOptions {
  /** Bytes of chunk columns kept in memory between reads (default 256 MiB; 0 for none). */
  cacheBytes?: number;
  /** Which imports are being written (default: the browser's Web Locks, where there are any). */
  locks?: ImportLocks;
  /** Called after each chunk is written (an import's progress). */
  onWrite?: () => void;
  /** How much room is left (default: navigator.storage.estimate(), where there is one). */
  estimate?: () => Promise<{ usage?: number; quota?: number } | null>;
}

const browserEstimate = async (): Promise<{ usage?: number; quota?: number } | null> => {
  const storage = (globalThis.navigator as { storage?: { estimate?: () => Promise<{ usage?: number; quota?: number }> } } | undefined)
    ?.storage;
  return storage?.estimate ? storage.estimate().catch(() => null) : null;
};

const MB = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;

export function createLogstoreAccess(db: FlowLensDb, now: () => number = Date.now, options: LogstoreOptions = {}) {
  const cache = new ColumnCache(options.cacheBytes ?? 256 * 2 ** 20);
  const locks = options.locks ?? webImportLocks();
  const estimate = options.estimate ?? browserEstimate;
  async function committed(): Promise<Set<string>> {
    return new Set((await db.getAll("imports")).filter((i) => i.status === "committed").map((i) => i.id));
  }

  // A logstore's summaries, kept while its set of committed imports stays the same: the
  // summaries of a committed import never change, and reading them all (each lists its
  // ENIs) cost more than the first page of a search (measured: ~0.9 s for 10 M records).
  const summaryCache = new Map<string, { signature: string; list: ChunkSummary[] }>();
  async function summaries(project: string, logstore: string, t: TimeRange): Promise<ChunkSummary[]> {
    const ok = await committed();
    const key = `${project}|${logstore}`;
    const signature = [...ok].sort().join(",");
    let cached = summaryCache.get(key);
    if (!cached || cached.signature !== signature) {
      cached = {
        signature,
        list: (await db.getAllFromIndex("chunkSummaries", "byLogstore", [project, logstore])).filter((s) => ok.has(s.importId)),
      };
      summaryCache.set(key, cached);
    }
    return cached.list.filter((s) => chunkMayMatch(s, t));
  }

  async function columns(s: ChunkSummary): Promise<ChunkColumns> {
    const key = `${s.project}|${s.logstore}|${s.chunk}|${s.importId}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const c = (await db.get("recordChunks", [s.project, s.logstore, s.chunk])) as unknown as ChunkColumns;
    cache.set(key, c);
    return c;
  }

  /** What a failed write means for the user: the quota's own message, with the numbers. */
  async function writeFailure(e: unknown, storedBefore: number): Promise<Error> {
    const name = (e as { name?: string })?.name;
    if (name !== "QuotaExceededError") return e as Error;
    const room = await estimate();
    const known = room?.quota !== undefined && room.usage !== undefined;
    const left = known ? text("storage_quota_left", MB(Math.max(0, room.quota! - room.usage!)), MB(room.quota!)) : "";
    return new StorageError("storage.quota", text("storage_quota", storedBefore, left));
  }

  async function nextChunkNumber(project: string, logstore: string): Promise<number> {
    const keys = await db.getAllKeysFromIndex("chunkSummaries", "byLogstore", [project, logstore]);
    return keys.reduce<number>((m, k) => Math.max(m, (k as unknown as [string, string, number])[2] + 1), 0);
  }

  return {
    /** Starts an atomic import; add() records, then commit() — or abort(). */
    /** `contentHash`: the engine's digest of the capture, kept so that the same file imported again is told (docs/history.md #12). */
    async beginImport(project: string, logstore: string, source?: string, contentHash?: string, capture?: CaptureOrigin): Promise<Import> {
      if (!(await db.get("logstores", [project, logstore])))
        throw new StorageError("storage.no-logstore", text("storage_no_logstore", project, logstore));
      const id = `imp-${now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      // The import's record, as this import last wrote it (only it writes it while it runs).
      let record: ImportRecord = {
        id,
        project,
        logstore,
        status: "writing",
        startedAt: now(),
        heartbeat: now(),
        records: 0,
        chunks: 0,
        ...(source ? { source } : {}),
        ...(contentHash ? { contentHash } : {}),
        ...(capture ? { capture } : {}),
      };
      await db.put("imports", record);
      const release = await locks.hold(id);
      let chunk = await nextChunkNumber(project, logstore);
      const chunker = new EntryChunker();
      let records = 0,
        chunks = 0;
      // The three puts go out together and only the transaction is awaited: awaiting each
      // request, and reading the import's record back, held Chromium to 0.36-0.75 M records/s.
      const write = async (cols: ChunkColumns, summary: ChunkSummary) => {
        const tx = db.transaction(["recordChunks", "chunkSummaries", "imports"], "readwrite");
        const next: ImportRecord = { ...record, heartbeat: now(), records: records + cols.count, chunks: chunks + 1 };
        await Promise.all([
          tx.objectStore("recordChunks").put({ project, logstore, chunk, importId: id, ...cols } as never),
          tx.objectStore("chunkSummaries").put(summary),
          tx.objectStore("imports").put(next),
          tx.done,
        ]);
        record = next;
      };
      /** Writes one chunk, numbered as the next one. */
      const writeChunk = async (b: ChunkBuilder) => {
        const cols = b.columns(),
          summary = b.summary(project, logstore, chunk, id);
        try {
          await write(cols, summary);
        } catch (e) {
          // Nothing of this import stays: what it wrote goes, what was stored before stays.
          await removeImport(id).catch(() => {});
          release();
          throw await writeFailure(e, records);
        }
        chunk++;
        chunks++;
        records += cols.count;
        options.onWrite?.();
      };
      const flush = async () => {
        const rest = chunker.rest();
        if (rest) await writeChunk(rest);
      };
      const finished = () => release();
      return {
        id,
        flush,
        async addChunk(b: ChunkBuilder) {
          await flush();
          if (b.count) await writeChunk(b);
        },
        async add(list: FlowLogEntry[]) {
          for (const b of chunker.add(list)) await writeChunk(b);
        },
        async commit(contentHash?: string): Promise<{ records: number; chunks: number }> {
          await flush();
          const imp = (await db.get("imports", id))!;
          await db.put("imports", {
            ...imp,
            status: "committed",
            heartbeat: now(),
            committedAt: now(),
            ...(contentHash ? { contentHash } : {}),
          });
          finished();
          await expire(project, logstore); // retention runs after every import
          return { records, chunks };
        },
        async abort() {
          await removeImport(id);
          finished();
        },
        counts: () => ({ project, logstore, records, chunks }),
        finished,
      };
    },

    /**
     * Commits several imports (one capture into several logstores) in one transaction:
     * readers see all of them or none. Each is flushed first; on any failure all are removed.
     * `outcomes[k]`, if given, is kept on import k's record (what a capture's summary says of it).
     */
    async commitImports(
      imps: Import[],
      outcomes?: (ImportOutcome | undefined)[],
    ): Promise<{ project: string; logstore: string; records: number }[]> {
      try {
        for (const imp of imps) await imp.flush();
        const tx = db.transaction(["imports"], "readwrite");
        for (const [k, imp] of imps.entries()) {
          const rec = (await tx.objectStore("imports").get(imp.id))!;
          const outcome = outcomes?.[k];
          await tx
            .objectStore("imports")
            .put({ ...rec, status: "committed", heartbeat: now(), committedAt: now(), ...(outcome && { outcome }) });
        }
        await tx.done;
      } catch (e) {
        for (const imp of imps) await imp.abort().catch(() => {});
        throw e;
      }
      for (const imp of imps) imp.finished();
      const out = imps.map((imp) => imp.counts());
      for (const { project, logstore } of out) await expire(project, logstore);
      return out.map(({ project, logstore, records }) => ({ project, logstore, records }));
    },

    /** Removes imports left half-written (their lock gone, or else a stale heartbeat) and records past retention. */
    async cleanUp(): Promise<{ removedImports: number; expiredChunks: number }> {
      let removedImports = 0,
        expiredChunks = 0;
      const writing = await locks.held();
      for (const imp of await db.getAll("imports")) {
        if (imp.status !== "writing") continue;
        if (writing ? !writing.has(imp.id) : now() - imp.heartbeat > STALE_MS) {
          await removeImport(imp.id);
          removedImports++;
        }
      }
      for (const ls of await db.getAll("logstores")) expiredChunks += await expire(ls.project, ls.name);
      return { removedImports, expiredChunks };
    },

    /** Summaries only (no columns): what search uses to skip chunks. */
    summaries: (project: string, logstore: string, t: TimeRange) => summaries(project, logstore, t),
    columns,

    /** Per-window sums over the range, newest first. */
    async windows(project: string, logstore: string, t: TimeRange = {}): Promise<WindowSummary[]> {
      const by = new Map<number, WindowSummary>();
      for (const s of await summaries(project, logstore, t)) {
        const c = await columns(s);
        for (let i = 0; i < c.count; i++) {
          const w = c.u32.window[i];
          if (!inRange({ window: w, start: c.u32.start[i], end: c.u32.end[i] }, t)) continue;
          const x = by.get(w) ?? { window: w, records: 0, packets: 0, bytes: 0, accept: 0, reject: 0, nodata: 0, skipdata: 0 };
          x.records++;
          x.packets += Math.max(0, c.f64.packets[i]);
          x.bytes += Math.max(0, c.f64.bytes[i]);
          if (c.action[i] === ACTION_ACCEPT) x.accept++;
          else if (c.action[i] === ACTION_REJECT) x.reject++;
          if (c.status[i] === STATUS_NODATA) x.nodata++;
          else if (c.status[i] === STATUS_SKIPDATA) x.skipdata++;
          by.set(w, x);
        }
      }
      return [...by.values()].sort((a, b) => b.window - a.window);
    },
  };

  /**
   * Drops the imports older than the logstore's retention. Age counts from the import,
   * as a log service ages logs from when they were written: an old capture imported
   * today stays for the whole retention.
   */
  async function expire(project: string, logstore: string): Promise<number> {
    const ls = await db.get("logstores", [project, logstore]);
    if (!ls) return 0;
    const cutoff = now() - ls.retentionDays * 86400_000;
    let n = 0;
    for (const imp of await db.getAll("imports")) {
      if (
        imp.project !== project ||
        imp.logstore !== logstore ||
        imp.status !== "committed" ||
        (imp.committedAt ?? imp.heartbeat) >= cutoff
      )
        continue;
      n += imp.chunks;
      await removeImport(imp.id);
    }
    return n;
  }

  async function removeImport(id: string): Promise<void> {
    cache.dropImport(id);
    const tx = db.transaction(["recordChunks", "chunkSummaries", "imports"], "readwrite");
    for (const k of await tx.objectStore("chunkSummaries").index("byImport").getAllKeys(id)) {
      await tx.objectStore("chunkSummaries").delete(k);
      await tx.objectStore("recordChunks").delete(k);
    }
    await tx.objectStore("imports").delete(id);
    await tx.done;
  }
}

export type LogstoreAccess = ReturnType<typeof createLogstoreAccess>;

/** What search and the analyses read: a logstore's summaries and columns (IndexedDB, or the CLI's spill file). */
export type ChunkSource = Pick<LogstoreAccess, "summaries" | "columns">;
/** Opens the logstores: half-written imports and expired records are removed first. */
export async function openLogstores(db: FlowLensDb, now: () => number = Date.now, options: LogstoreOptions = {}): Promise<LogstoreAccess> {
  const access = createLogstoreAccess(db, now, options);
  await access.cleanUp();
  return access;
}
