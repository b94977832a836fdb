// The Records page's model: the search the URL asks for, run in the worker, its result
// (count, histogram, log-status counts, the rows fetched as the table scrolls), and the
// actions a log console offers — search, pivot (Filter / Exclude), a time range from the
// histogram, sort by a column, hide NODATA and SKIPDATA. Every action goes through the URL
// (`navigate`), and the page hands the URL back with `load`: one path for a click, a reload,
// back and forward. Built with its dependencies, so tests drive it without a DOM.
import { splitQuery } from "../../query/sql/sql-query";
import type { SearchOpened, WorkspaceApi } from "../../workspace/api";
import type { SqlAnswer } from "../../workspace/sql-service";
import { pivotQuery, type RecordsQuery, recordsHash, rememberView, sameQuery } from "./records-url";
import { ResultPages } from "./result-pages";

export type OpenResult = Extract<SearchOpened, { ok: true }>;
export type QueryFailure = Extract<SearchOpened, { ok: false; error: unknown }>["error"];

export interface RecordsState {
  query: RecordsQuery | null;
  running: boolean;
  opened: OpenResult | null;
  /** The search language's refusal, with its position in `query.q`. */
  queryError: QueryFailure | null;
  /** Anything else that failed (the worker, the storage). */
  failure: string | null;
  pages: ResultPages | null;
  selected: number | null;
  /** SQL after the search (`search | SELECT …`): DuckDB's rows, in place of the records. */
  sql: Extract<SqlAnswer, { ok: true }> | null;
}

export type RecordsWorker = Pick<WorkspaceApi, "openSearch" | "cancelSearch" | "rows" | "sortSearch" | "sqlSearch" | "openResult">;

export interface RecordsSearch {
  state(): RecordsState;
  subscribe(fn: () => void): () => void;
  /** Runs the search the URL names (nothing when it is the one shown, unless `again`: something was stored since). */
  load(query: RecordsQuery, again?: boolean): Promise<void>;
  search(text: string): void;
  pivot(field: string, value: string, exclude: boolean): void;
  setRange(from: number | undefined, to: number | undefined): void;
  setStore(store: string): void;
  /** Header clicks: ascending, then descending, then back to newest first. */
  sortBy(column: string): void;
  setOkOnly(on: boolean): void;
  select(i: number | null): void;
}

export function createRecordsSearch(deps: {
  worker: RecordsWorker;
  navigate: (hash: string) => void;
  /** Keeps a search that ran among the recent ones. */
  remember?: (store: string, q: string) => void;
}): RecordsSearch {
  let state: RecordsState = {
    query: null,
    running: false,
    opened: null,
    queryError: null,
    failure: null,
    pages: null,
    selected: null,
    sql: null,
  };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<RecordsState>) => {
    state = { ...state, ...patch };
    for (const l of listeners) l();
  };
  let generation = 0;
  const go = (patch: Partial<RecordsQuery>) => {
    if (state.query) deps.navigate(recordsHash({ ...state.query, ...patch }));
  };

  async function load(query: RecordsQuery, again = false): Promise<void> {
    if (!again && state.query && sameQuery(query, state.query) && !state.failure) return;
    const mine = ++generation;
    const before = state.query;
    set({ query, running: true, failure: null, queryError: null, selected: null, sql: null });
    // A URL naming no logstore yet (the page is about to pick one) is not a view to remember:
    // it would forget the range the Report was on.
    if (!query.store) return set({ running: false, opened: null, pages: null });
    rememberView(query);
    // Several logstores (CLS's cross-topic search): the first is searched with the others `also`.
    const [first, ...rest] = query.store.split(",");
    const [project, logstore] = first.split("/");
    const also = rest.map((s) => ({ project: s.split("/")[0], logstore: s.split("/")[1] }));
    // A search still running when the query changes stops at its next chunk.
    if (before) void deps.worker.cancelSearch();
    if (splitQuery(query.q).sql !== null && !query.result) return runSql(query, project, logstore, mine);
    try {
      // A result the worker holds (a what-if's changed records) opens as it is; else the search runs.
      const r = query.result
        ? await deps.worker.openResult(query.result)
        : await deps.worker.openSearch(
            project,
            logstore,
            query.q,
            { from: query.from, to: query.to },
            { okOnly: query.okOnly, ...(also.length ? { also } : {}) },
          );
      if (mine !== generation) return;
      if (!r.ok) {
        if ("cancelled" in r) return;
        return set({ running: false, opened: null, pages: null, queryError: r.error });
      }
      if (query.sort) await deps.worker.sortSearch(r.id, query.sort.column, query.sort.descending);
      if (mine !== generation) return;
      const pages = new ResultPages(
        (o, l) => deps.worker.rows(r.id, o, l),
        () => set({}),
      );
      set({ running: false, opened: r, pages });
      deps.remember?.(query.store, query.q);
    } catch (e) {
      if (mine === generation) set({ running: false, opened: null, pages: null, failure: (e as Error).message ?? String(e) });
    }
  }

  /** SQL after the search: DuckDB in the worker, its rows (or its error, at its place) in the state. */
  async function runSql(query: RecordsQuery, project: string, logstore: string, mine: number): Promise<void> {
    try {
      const r = await deps.worker.sqlSearch(project, logstore, query.q, { from: query.from, to: query.to });
      if (mine !== generation) return;
      if (!r.ok)
        return set({
          running: false,
          opened: null,
          pages: null,
          queryError: { message: r.error.message, position: r.error.position ?? 0, expected: "" },
        });
      set({ running: false, opened: null, pages: null, sql: r });
      deps.remember?.(query.store, query.q);
    } catch (e) {
      if (mine === generation) set({ running: false, opened: null, pages: null, failure: (e as Error).message ?? String(e) });
    }
  }

  return {
    state: () => state,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    load,
    // A search, a pivot, a range or another logstore leaves a held result for a search of the logstore.
    search: (text) => go({ q: text, result: undefined }),
    pivot: (field, value, exclude) => go({ q: pivotQuery(state.query?.q ?? "", field, value, exclude), result: undefined }),
    setRange: (from, to) => go({ from, to, result: undefined }),
    setStore: (store) => go({ store, from: undefined, to: undefined, sort: undefined, result: undefined }),
    sortBy(column) {
      const s = state.query?.sort;
      go({ sort: s?.column !== column ? { column, descending: false } : s.descending ? undefined : { column, descending: true } });
    },
    setOkOnly: (on) => go({ okOnly: on }),
    select: (i) => set({ selected: i }),
  };
}
