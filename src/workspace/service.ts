// The worker's side of the viewer: imports (captures and flow-log files) into the
// logstores (import-service.ts), searches held as result sets the records table pages
// through, analyses and export. One database connection and one logstore access (with its caches) per worker.
import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";
import type { EngineApi } from "../engine/api";
import type { LineScanner } from "../formats/line-scanner";
import { awsFields, RECORD_FORMATS, type RecordFormat, recordHeader, writeRecord } from "../formats/record-writers";
import { ANALYSES, runAnalysis } from "../query/analyses";
import { SearchCancelled } from "../query/execute";
import { parseQuery, type Query, QueryError } from "../query/parse";
import { histogram } from "../query/timeline";
import { createControlPlane } from "../storage/control-plane";
import { type LogstoreAccess, openLogstores } from "../storage/logstore";
import { logstoreStats } from "../storage/logstore-stats";
import type { FlowLensDb } from "../storage/schema";
import type { SearchOpened, WorkspaceApi } from "./api";
import { sayIn } from "./catalogues";
import { createImportService } from "./import-service";
import type { JobWatch } from "./job-watch";
import { createPacketService } from "./record-packets";
import { collectAcross, type ResultSet, readRows } from "./result-set";
import { sortResult } from "./result-sort";
import { exportResultTree } from "./s3-tree-export";
import { browserDuckDb } from "./sql-engine-browser";
import { createSqlService } from "./sql-service";
import { createWhatIfService } from "./whatif-service";

export interface WorkspaceOptions {
  /** Idle time with no progress after which an import is failed (default STALL_MS). */
  stallMs?: number;
  /** The WASM line scanner for flow-log files (null: the TypeScript reader). */
  lineScanner?: LineScanner | null;
  /** DuckDB for SQL after the search (the browser's WASM build by default; the tests give Node's). */
  duckDb?: () => Promise<DuckDBBindings>;
  /** Makes a callback callable from the engine when it runs in another worker (comlink's proxy); by default the engine is in-process. */
  wrapCallback?: <T extends object>(f: T) => T;
}

/** What the page gets of a result the worker holds: its id, counts and histogram (its rows are paged). */
const opened = (id: string, set: ResultSet, ms: number): SearchOpened => ({
  ok: true,
  id,
  total: set.total,
  chunksRead: set.chunks.length,
  chunksSkipped: set.chunksSkipped,
  ms,
  histogram: histogram(set.timeline),
  statuses: set.statuses,
});

export function createWorkspaceService(
  db: FlowLensDb,
  engine: EngineApi,
  now: () => number = Date.now,
  settings: WorkspaceOptions = {},
): WorkspaceApi {
  const cp = createControlPlane(db);
  let access: Promise<LogstoreAccess> | null = null;
  // Every chunk written counts as progress of the imports under watch.
  const watching = new Set<JobWatch>();
  const ls = () =>
    (access ??= openLogstores(db, now, {
      onWrite: () => {
        for (const w of watching) w.progress();
      },
    }));
  const results = new Map<string, ResultSet>();
  let searching: AbortController | null = null;
  let analyzing: AbortController | null = null;
  let nextId = 1;
  let say = sayIn("en");
  return {
    ...createPacketService(db, engine, ls, results),
    ...createImportService({ db, engine, cp, ls, watching, now, settings, say: () => say }),
    ...createWhatIfService(cp, ls, (set) => {
      const id = `result-${nextId++}`;
      results.set(id, set);
      return id;
    }),
    ...createSqlService(ls, settings.duckDb ?? browserDuckDb),

    async setLanguage(language: string) {
      say = sayIn(language);
    },

    stats: () => logstoreStats(db),

    async windows(project, logstore, range) {
      return (await ls()).windows(project, logstore, range);
    },

    async openSearch(project, logstore, text, range, options = {}) {
      const t0 = now();
      let q: Query;
      try {
        q = parseQuery(text);
      } catch (e) {
        if (e instanceof QueryError) return { ok: false, error: { message: e.message, position: e.position, expected: e.expected } };
        throw e;
      }
      // One search runs at a time: a newer one stops the one before between two chunks.
      searching?.abort();
      const abort = (searching = new AbortController());
      let set: ResultSet;
      try {
        const stores = [{ project, logstore }, ...(options.also ?? []).filter((s) => s.project !== project || s.logstore !== logstore)];
        set = await collectAcross(await ls(), stores, q, range, {
          signal: abort.signal,
          okOnly: options.okOnly,
          countOnly: options.countOnly,
        });
      } catch (e) {
        if (e instanceof SearchCancelled) return { ok: false, cancelled: true };
        throw e;
      } finally {
        if (searching === abort) searching = null;
      }
      // A count alone has no rows to page through: nothing is kept for it.
      const id = options.countOnly ? "" : `result-${nextId++}`;
      if (id) results.set(id, set);
      // Only the newest few results are kept: each holds 4 bytes per match.
      for (const k of [...results.keys()].slice(0, -4)) results.delete(k);
      return opened(id, set, now() - t0);
    },
    async openResult(id) {
      const set = results.get(id);
      if (!set)
        return {
          ok: false,
          error: { message: `result ${id} is gone (only the newest few are kept): run it again`, position: 0, expected: "" },
        };
      return opened(id, set, 0);
    },
    async cancelSearch() {
      searching?.abort();
      analyzing?.abort();
      analyzing = null;
    },
    async rows(id, offset, limit) {
      const set = results.get(id);
      if (!set) throw new Error(`search ${id} is closed; search again`);
      return readRows(await ls(), set, offset, limit);
    },
    async sortSearch(id, column, descending) {
      const set = results.get(id);
      if (!set) throw new Error(`search ${id} is closed; search again`);
      set.browsing ??= set.refs;
      if (column === null) {
        set.refs = set.browsing;
        return true;
      }
      const sorted = await sortResult(await ls(), { ...set, refs: set.browsing }, column, descending);
      if (sorted) set.refs = sorted;
      return sorted !== null;
    },
    async closeSearch(id) {
      results.delete(id);
    },

    async exportSearch(id, format: RecordFormat) {
      const set = results.get(id);
      if (!set) throw new Error(`search ${id} is closed; search again`);
      if (!RECORD_FORMATS.includes(format)) throw new Error(`unknown export format ${format}`);
      // An AWS file names the later fields its records carry (the chunks' summaries say which).
      const fields = awsFields(set.chunks.flatMap((c) => c.extraFields ?? []));
      const head = recordHeader(format, fields);
      const parts: string[] = head ? [head] : [];
      for (let at = 0; at < set.total; at += 4096)
        for (const r of await readRows(await ls(), set, at, 4096)) parts.push(writeRecord(r, format, fields));
      return { text: parts.join("\n") + (parts.length ? "\n" : ""), records: set.total };
    },

    async exportSearchTree(id, options) {
      const set = results.get(id);
      if (!set) throw new Error(`search ${id} is closed; search again`);
      return exportResultTree(await ls(), cp, set, options);
    },

    async analysis(project, logstore, name, text, range, options) {
      let q: Query;
      try {
        q = parseQuery(text);
      } catch (e) {
        if (e instanceof QueryError) return { ok: false, error: { message: e.message, position: e.position } };
        throw e;
      }
      // Analyses stop with the search: cancelSearch() ends what the Records or Report page started.
      const abort = (analyzing ??= new AbortController());
      try {
        return {
          ok: true,
          result: await runAnalysis(await ls(), project, logstore, name, q, text, range, { ...options, signal: abort.signal }),
        };
      } catch (e) {
        if (e instanceof SearchCancelled) return { ok: false, error: { message: "analysis cancelled", position: 0 } };
        throw e;
      }
    },
    async analysisNames() {
      return ANALYSES;
    },
  };
}
