// The Report page's model: for a logstore, search and range (the URL's, records-url.ts), the
// result's bars over time, then each analysis in turn, every one landing as it finishes; a
// newer query stops the older run (its late answers are dropped). Built with the worker it
// calls, so tests drive it without a DOM.
import type { AnalysisOptions, AnalysisResult } from "../../query/analyses";
import type { Histogram } from "../../query/timeline";
import type { WorkspaceApi } from "../../workspace/api";
import type { RecordsQuery } from "./records-url";

export interface ReportState {
  /** The search's total and bars; null until the first answer. */
  chart: { histogram: Histogram | null; total: number } | null;
  /** Each analysis's result, or its error's message. */
  results: Record<string, AnalysisResult | string>;
}

export type ReportWorker = Pick<WorkspaceApi, "openSearch" | "analysis" | "cancelSearch">;

export interface ReportRun {
  state(): ReportState;
  subscribe(fn: () => void): () => void;
  /** Runs `names` over the query (nothing when it is the one shown, unless `again`). */
  load(query: RecordsQuery, names: string[], options: AnalysisOptions, again?: boolean): Promise<void>;
  stop(): void;
}

export function createReportRun(worker: ReportWorker): ReportRun {
  let state: ReportState = { chart: null, results: {} };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<ReportState>) => {
    state = { ...state, ...patch };
    for (const l of listeners) l();
  };
  let generation = 0;
  let shown = "";
  return {
    state: () => state,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async load(query, names, options, again = false) {
      const key = JSON.stringify([query.store, query.q, query.from, query.to, names, options]);
      if (key === shown && !again) return;
      shown = key;
      const mine = ++generation;
      set({ chart: null, results: {} });
      const [project, logstore] = query.store.split("/");
      const range = { from: query.from, to: query.to };
      const opened = await worker.openSearch(project, logstore, query.q, range, { countOnly: true }).catch(() => null);
      if (mine !== generation) return;
      if (opened?.ok) set({ chart: { histogram: opened.histogram, total: opened.total } });
      for (const name of names) {
        const r = await worker
          .analysis(project, logstore, name, query.q, range, options)
          .catch((e) => ({ ok: false as const, error: { message: (e as Error).message, position: 0 } }));
        if (mine !== generation) return;
        set({ results: { ...state.results, [name]: r.ok ? r.result : r.error.message } });
      }
    },
    stop() {
      generation++;
      shown = "";
      void worker.cancelSearch();
    },
  };
}
